import { Badge, Button, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChecklist, IconRosetteDiscountCheck } from "@tabler/icons-react";
import { Link } from "wouter";
import { baselineOf } from "../../../shared/signoff.ts";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useVersions } from "../roadmaps/hooks.ts";
import { roadmapPaths } from "../roadmaps/paths.ts";
import { signoffPaths, useSignoffs } from "./hooks.ts";
import { RequestSignoffModal } from "./RequestSignoffModal.tsx";

/** The roadmap header's sign-off controls: a link to the open request, or "Request sign-off". */
export function RoadmapSignoff({ roadmapId, roadmapName }: { roadmapId: string; roadmapName: string }) {
  const { workspaceId: wid, can } = useWorkspace();
  const [opened, modal] = useDisclosure(false);
  const open = useSignoffs(wid, { roadmapId, status: "open" });
  const current = open.data?.[0];
  const versions = useVersions(wid, roadmapId);
  // The baseline: the latest approved version (the list comes newest first).
  const baseline = baselineOf(versions.data ?? []);
  const canManage = can("signoffs.manage");
  const blocked = !canManage || Boolean(current) || open.isPending;
  return (
    <>
      {current ? (
        <Tooltip
          label={`Round ${current.round} · ${current.counts.requiredApproved} of ${current.counts.required} required approved`}
        >
          <Badge
            component={Link}
            href={signoffPaths.signoff(wid, current.id)}
            size="lg"
            color={current.overdue ? "red" : "blue"}
            variant="light"
            leftSection={<IconChecklist size={14} />}
            style={{ cursor: "pointer", textTransform: "none" }}
          >
            {current.overdue ? "Sign-off overdue" : "Sign-off in progress"}
          </Badge>
        </Tooltip>
      ) : baseline ? (
        <Tooltip
          label={`Version ${baseline.number} (${baseline.name}) approved on ${formatDate(baseline.approvedAt)}`}
        >
          <Badge
            component={Link}
            href={roadmapPaths.roadmap(wid, roadmapId, "versions")}
            size="lg"
            color="teal"
            variant="light"
            leftSection={<IconRosetteDiscountCheck size={14} />}
            style={{ cursor: "pointer", textTransform: "none" }}
          >
            Baseline v{baseline.number}
          </Badge>
        </Tooltip>
      ) : null}
      <Tooltip
        label={
          !canManage
            ? "Owners, admins and product managers request sign-off"
            : current
              ? "A sign-off request is already open for this roadmap"
              : "Ask stakeholders to approve a version of this roadmap"
        }
      >
        <Button
          variant="default"
          leftSection={<IconChecklist size={16} />}
          data-disabled={blocked || undefined}
          aria-disabled={blocked || undefined}
          onClick={(e) => {
            if (blocked) e.preventDefault();
            else modal.open();
          }}
        >
          Request sign-off
        </Button>
      </Tooltip>
      {/* Mounted while open: its people, teams and versions load only when needed. */}
      {canManage && opened ? (
        <RequestSignoffModal
          opened={opened}
          onClose={modal.close}
          roadmapId={roadmapId}
          roadmapName={roadmapName}
        />
      ) : null}
    </>
  );
}

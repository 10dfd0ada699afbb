import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Progress,
  Radio,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { IconAlertTriangle, IconWand } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { PlanProposal, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useOpenings } from "../../lib/openings.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useApplyPlan, useDiscardPlan, useRunPlanner } from "./hooks.ts";
import { ProposalView } from "./ProposalView.tsx";

type Scope = "all" | "unplanned";

/**
 * The auto-planner: choose what it may move, run it (it may take up to the time limit), then review the
 * proposal — solver status, value before → after, and each move with its reason — and accept all or some.
 */
/** The planner's settings, kept from one opening to the next. */
interface PlannerSettings {
  scope: Scope;
  setScope: (s: Scope) => void;
  weight: boolean;
  setWeight: (w: boolean) => void;
  limit: number | string;
  setLimit: (l: number | string) => void;
}

export function PlannerModal({
  opened,
  onClose,
  view,
}: {
  opened: boolean;
  onClose: () => void;
  view: RoadmapView;
}) {
  const [scope, setScope] = useState<Scope>("all");
  const [weight, setWeight] = useState(true);
  const [limit, setLimit] = useState<number | string>(10);
  // Each opening starts without a proposal (the settings above stay).
  const opening = useOpenings(opened);
  return (
    <PlannerDialog
      key={opening}
      opened={opened}
      onClose={onClose}
      view={view}
      settings={{ scope, setScope, weight, setWeight, limit, setLimit }}
    />
  );
}

function PlannerDialog({
  opened,
  onClose,
  view,
  settings: { scope, setScope, weight, setWeight, limit, setLimit },
}: {
  opened: boolean;
  onClose: () => void;
  view: RoadmapView;
  settings: PlannerSettings;
}) {
  const { workspaceId: wid } = useWorkspace();
  const run = useRunPlanner(wid, view.roadmap.id);
  const apply = useApplyPlan(wid);
  const discard = useDiscardPlan(wid);
  const [proposal, setProposal] = useState<PlanProposal | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [applyError, setApplyError] = useState<{ message: string; stale: boolean } | null>(null);

  const start = () => {
    setApplyError(null);
    setProposal(null);
    run.mutate(
      { scope, weightByObjective: weight, timeLimitSeconds: Math.max(1, Math.min(60, Number(limit) || 10)) },
      {
        onSuccess: (p) => {
          setProposal(p);
          setSelected(new Set(p.moves.map((m) => m.itemId)));
        },
      },
    );
  };

  const accept = () => {
    if (!proposal) return;
    const all = selected.size === proposal.moves.length;
    apply.mutate(
      { planId: proposal.id, itemIds: all ? undefined : [...selected], reason: reason.trim() },
      {
        onSuccess: (r) => {
          notifySuccess(`${pluralize(r.applied, "move")} applied to the roadmap.`, "Plan accepted");
          onClose();
        },
        onError: (err) =>
          setApplyError({
            message:
              err instanceof ApiError && err.status === 409
                ? "Items changed since this plan was made, so it was not applied. Run the planner again."
                : errorMessage(err),
            stale: err instanceof ApiError && err.status === 409,
          }),
      },
    );
  };

  const close = () => {
    // An open proposal nobody accepted is discarded, so the list of proposals stays honest.
    if (proposal && !apply.isSuccess) discard.mutate(proposal.id, { onError: () => undefined });
    onClose();
  };

  const discardNow = () => {
    if (!proposal) return onClose();
    discard.mutate(proposal.id, {
      onSuccess: () => {
        notifySuccess("Nothing was changed.", "Proposal discarded");
        onClose();
      },
      onError: (err) => notifyError(err, "Could not discard the proposal"),
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="Auto-plan" size={proposal ? "xl" : "lg"}>
      {run.isPending ? (
        <Running seconds={Math.max(1, Number(limit) || 10)} />
      ) : proposal ? (
        <Stack gap="md">
          <ProposalView view={view} proposal={proposal} selected={selected} onSelect={setSelected} />
          {applyError ? (
            <Alert
              color={applyError.stale ? "orange" : "red"}
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              role="alert"
            >
              <Stack gap="xs" align="flex-start">
                {applyError.message}
                {applyError.stale ? (
                  <Button size="xs" variant="white" color="orange" onClick={start}>
                    Run the planner again
                  </Button>
                ) : null}
              </Stack>
            </Alert>
          ) : null}
          {proposal.moves.length ? (
            <TextInput
              label="Reason"
              description="Recorded with each accepted move, after the planner's own reason"
              placeholder="e.g. Quarterly re-plan after capacity review"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          ) : null}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => setProposal(null)}>
              Change settings
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={discardNow} loading={discard.isPending}>
                Discard
              </Button>
              {proposal.moves.length ? (
                <Button onClick={accept} loading={apply.isPending} disabled={selected.size === 0}>
                  {selected.size === proposal.moves.length
                    ? `Accept all ${pluralize(selected.size, "move")}`
                    : `Accept ${pluralize(selected.size, "move")}`}
                </Button>
              ) : null}
            </Group>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            The planner places items in periods to get the most value within each team's capacity, keeping
            dependencies in order. Pinned and in-progress items stay where they are. Nothing changes until you
            accept its proposal.
          </Text>
          <Radio.Group label="What may it move?" value={scope} onChange={(v) => setScope(v as Scope)}>
            <Stack gap={8} mt={6}>
              <Radio value="all" label="Every unpinned item (re-plan the roadmap)" />
              <Radio value="unplanned" label="Only unplanned items (keep planned ones where they are)" />
            </Stack>
          </Radio.Group>
          <Switch
            label="Weight value by objective importance"
            description="An item's value counts more when it serves a more important objective"
            checked={weight}
            onChange={(e) => setWeight(e.currentTarget.checked)}
          />
          <NumberInput
            label="Time limit (seconds)"
            description="It stops at the limit with the best plan found so far"
            min={1}
            max={60}
            w={200}
            value={limit}
            onChange={setLimit}
          />
          <FormError error={run.isError ? errorMessage(run.error) : null} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button leftSection={<IconWand size={16} />} onClick={start}>
              Run the planner
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Running({ seconds }: { seconds: number }) {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const t0 = performance.now();
    const id = window.setInterval(() => setElapsed((performance.now() - t0) / 1000), 200);
    return () => window.clearInterval(id);
  }, []);
  return (
    <Stack gap="md" py="lg" align="center" role="status" aria-live="polite">
      <Loader type="dots" />
      <Text fw={600}>Planning…</Text>
      <Progress
        value={Math.min(100, (elapsed / seconds) * 100)}
        w="100%"
        animated
        striped
        aria-label="Time used"
      />
      <Text size="sm" c="dimmed">
        {Math.floor(elapsed)} s of at most {seconds} s — it stops sooner when it proves the plan optimal.
      </Text>
    </Stack>
  );
}

import { Badge, Group, Skeleton, Stack, Text, Timeline } from "@mantine/core";
import { IconHistory } from "@tabler/icons-react";
import type { AuditEvent } from "../../api/types.ts";
import { EmptyBlock, ErrorState } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useActivity } from "./hooks.ts";

const VERBS: Record<string, string> = {
  create: "created the idea",
  update: "edited the idea",
  delete: "deleted the idea",
  pin: "pinned the rank",
  unpin: "unpinned the rank",
  merge: "merged this idea into another",
  absorb: "merged a duplicate into this idea",
  bulk_update: "bulk-edited the idea",
  import: "imported the idea",
  bulk: "bulk-edited the idea",
  comment: "commented",
  watch: "started watching",
  unwatch: "stopped watching",
};

const FIELD_LABELS: Record<string, string> = {
  title: "title",
  description: "description",
  status: "status",
  ownerId: "owner",
  tags: "tags",
  links: "links",
  inputs: "framework inputs",
  pinnedRank: "pinned rank",
  pinReason: "pin reason",
  rank: "rank",
  watcherCount: "watchers",
  commentCount: "comments",
  mergedIntoId: "merged into",
};

function verb(e: AuditEvent): string {
  const last = e.action.split(".").slice(1).join(".") || e.action;
  return VERBS[last] ?? VERBS[last.split(".").pop() ?? ""] ?? e.action.replace(/[._]/g, " ");
}

/** Top-level fields whose value differs between before and after. */
function changedFields(e: AuditEvent): string[] {
  const b = (e.before ?? {}) as Record<string, unknown>;
  const a = (e.after ?? {}) as Record<string, unknown>;
  if (typeof a !== "object" || typeof b !== "object" || !e.before || !e.after) return [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (["version", "updatedAt", "createdAt", "id"].includes(k)) continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push(FIELD_LABELS[k] ?? k);
  }
  return out;
}

function statusChange(e: AuditEvent): string | null {
  const b = e.before as { status?: string } | null;
  const a = e.after as { status?: string } | null;
  if (b?.status && a?.status && a.status !== b.status)
    return `${b.status.replace("_", " ")} → ${a.status.replace("_", " ")}`;
  return null;
}

/** What happened to the idea, newest first. */
export function Activity({ ideaId }: { ideaId: string }) {
  const { workspaceId } = useWorkspace();
  const q = useActivity(workspaceId, ideaId);
  if (q.isPending) {
    return (
      <Stack gap="sm">
        <Skeleton height={40} />
        <Skeleton height={40} />
      </Stack>
    );
  }
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data.length) {
    return <EmptyBlock size="sm" icon={<IconHistory size={22} />} title="No activity yet" />;
  }
  return (
    <Timeline bulletSize={26} lineWidth={2}>
      {q.data.map((e) => {
        const fields = changedFields(e);
        const status = statusChange(e);
        return (
          <Timeline.Item key={e.id} bullet={<UserAvatar name={e.actorName ?? "Baton"} size={24} />}>
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={600}>
                {e.actorName ?? "Baton"}
              </Text>
              <Text size="sm">{verb(e)}</Text>
              {e.via !== "session" ? (
                <Badge size="xs" variant="default">
                  via {e.via}
                </Badge>
              ) : null}
            </Group>
            {status ? (
              <Text size="xs" c="dimmed">
                Status: {status}
              </Text>
            ) : fields.length ? (
              <Text size="xs" c="dimmed">
                Changed {fields.join(", ")}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" title={formatDateTime(e.at)}>
              {relativeTime(e.at)}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

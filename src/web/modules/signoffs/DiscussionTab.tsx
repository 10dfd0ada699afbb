import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconAlarm,
  IconBan,
  IconCalendarPlus,
  IconCheck,
  IconGitBranch,
  IconMessage,
  IconPoint,
  IconSend,
  IconSpeakerphone,
  IconUserMinus,
  IconUserQuestion,
  IconUsers,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { SignoffDetail } from "../../../shared/signoff.schemas.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { formatInZone } from "./parts.tsx";
import { useCommentForm } from "./useCommentForm.ts";

interface EventMeta {
  icon: ReactNode;
  color: string;
  label: string;
}
// Keyed by string: a kind added to the API later still shows (with the fallback below).
const EVENT: Record<string, EventMeta> = {
  requested: { icon: <IconSend size={12} />, color: "baton", label: "requested sign-off" },
  decided: { icon: <IconUserQuestion size={12} />, color: "blue", label: "decided" },
  commented: { icon: <IconMessage size={12} />, color: "gray", label: "commented" },
  revised: { icon: <IconGitBranch size={12} />, color: "grape", label: "revised the roadmap" },
  withdrawn: { icon: <IconUserMinus size={12} />, color: "yellow", label: "approval withdrawn" },
  reminded: { icon: <IconAlarm size={12} />, color: "gray", label: "reminders sent" },
  escalated: { icon: <IconSpeakerphone size={12} />, color: "red", label: "escalated" },
  extended: { icon: <IconCalendarPlus size={12} />, color: "orange", label: "extended the deadline" },
  cancelled: { icon: <IconBan size={12} />, color: "gray", label: "cancelled the request" },
  approved: { icon: <IconCheck size={12} />, color: "teal", label: "approved: the version is the baseline" },
  approvers: { icon: <IconUsers size={12} />, color: "indigo", label: "changed the approvers" },
};
const OTHER: EventMeta = { icon: <IconPoint size={12} />, color: "gray", label: "updated the request" };

function NewComment({ signoffId }: { signoffId: string }) {
  const { form, submit, pending } = useCommentForm(signoffId, null, () =>
    notifySuccess("Everyone on the request can read it.", "Comment added"),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Textarea
          aria-label="New comment"
          placeholder="Ask a question or leave a remark on the whole roadmap"
          autosize
          minRows={2}
          maxRows={8}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              submit();
            }
          }}
          {...form.getInputProps("body")}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={pending}>
            Comment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Comments (on the whole roadmap and on items) beside the request's timeline. */
export function DiscussionTab({ signoff, canComment }: { signoff: SignoffDetail; canComment: boolean }) {
  const { user } = useWorkspace();
  const comments = [...signoff.comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const events = [...signoff.events].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={3} fz="sm">
              Comments
            </Title>
            {comments.length === 0 ? (
              <Text size="sm" c="dimmed">
                No comments yet.
              </Text>
            ) : (
              comments.map((c) => (
                <Group key={c.id} align="flex-start" gap="sm" wrap="nowrap">
                  <UserAvatar name={c.name ?? "?"} />
                  <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        {c.name ?? "Someone"}
                      </Text>
                      <Tooltip label={formatInZone(c.createdAt, user.timezone)}>
                        <Text size="xs" c="dimmed">
                          {relativeTime(c.createdAt)}
                        </Text>
                      </Tooltip>
                      <Badge size="xs" variant="outline" color="gray">
                        Round {c.round}
                      </Badge>
                      {c.itemTitle ? (
                        <Badge size="xs" variant="light">
                          on {c.itemTitle}
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                      {c.body}
                    </Text>
                  </Stack>
                </Group>
              ))
            )}
            {canComment ? <NewComment signoffId={signoff.id} /> : null}
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={3} fz="sm">
              Timeline
            </Title>
            <Timeline bulletSize={22} lineWidth={2} aria-label="What happened">
              {events.map((e) => {
                const meta = EVENT[e.kind] ?? OTHER;
                return (
                  <Timeline.Item
                    key={e.id}
                    bullet={meta.icon}
                    color={meta.color}
                    title={
                      <Text size="sm">
                        <Text span fw={600} inherit>
                          {e.actorName ?? "Baton"}
                        </Text>{" "}
                        {meta.label}
                      </Text>
                    }
                  >
                    {e.detail ? (
                      <Text size="xs" style={{ whiteSpace: "pre-wrap" }}>
                        {e.detail}
                      </Text>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      Round {e.round} · {formatInZone(e.createdAt, user.timezone)}
                    </Text>
                  </Timeline.Item>
                );
              })}
            </Timeline>
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

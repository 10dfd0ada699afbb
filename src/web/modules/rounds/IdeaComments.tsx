import { Badge, Button, Group, Skeleton, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAddComment, useIdeaComments } from "./hooks.ts";

/** An idea's comments, newest last, with a box to add one tied to this round. */
export function IdeaComments({
  ideaId,
  roundId,
  canComment,
}: {
  ideaId: string;
  roundId: string;
  canComment: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const comments = useIdeaComments(wid, ideaId, true);
  const add = useAddComment(wid, ideaId);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const text = body.trim();
    if (!text) {
      setError("Write something");
      return;
    }
    add.mutate(
      { body: text, roundId },
      {
        onSuccess: () => {
          setBody("");
          setError(null);
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  return (
    <Stack gap="xs">
      <Text size="xs" fw={600} tt="uppercase" c="dimmed" style={{ letterSpacing: "0.04em" }}>
        Comments
      </Text>
      {comments.isPending ? (
        <Skeleton h={40} />
      ) : comments.isError ? (
        <Text size="sm" c="red">
          {errorMessage(comments.error)}
        </Text>
      ) : comments.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No comments yet.
        </Text>
      ) : (
        <Stack gap={8}>
          {comments.data.map((c) => (
            <Group key={c.id} gap="sm" wrap="nowrap" align="flex-start">
              <UserAvatar name={c.authorName ?? "?"} size={26} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {c.authorName ?? "Deleted user"}
                  </Text>
                  <Text size="xs" c="dimmed" title={c.createdAt}>
                    {relativeTime(c.createdAt)}
                  </Text>
                  {c.roundId === roundId ? (
                    <Badge size="xs" variant="light">
                      this round
                    </Badge>
                  ) : null}
                </Group>
                <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                  {c.body}
                </Text>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
      {canComment ? (
        <Stack gap={6}>
          <Textarea
            aria-label="Add a comment"
            placeholder="Explain a rating, ask a question…"
            autosize
            minRows={2}
            maxRows={6}
            value={body}
            error={error}
            onChange={(e) => {
              setBody(e.currentTarget.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                submit();
              }
            }}
          />
          <Group justify="flex-end">
            <Button size="xs" onClick={submit} loading={add.isPending}>
              Comment
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}

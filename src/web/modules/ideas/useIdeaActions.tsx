import { Text } from "@mantine/core";
import { useLocation } from "wouter";
import { ApiError } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDeleteIdea, usePinIdea, useUpdateIdea } from "./hooks.ts";
import { ideaPaths } from "./paths.ts";
import type { Idea, SettableStatus } from "./types.ts";

/** The idea page's writes that say how they went: status, delete (back to the backlog), unpin. */
export function useIdeaActions(idea: Idea) {
  const { workspaceId: wid } = useWorkspace();
  const [, navigate] = useLocation();
  const update = useUpdateIdea(wid, idea.id);
  const unpin = usePinIdea(wid, idea.id);
  const del = useDeleteIdea(wid);

  const setStatus = (s: string | null) => {
    if (!s || s === idea.status) return;
    update.mutate(
      { version: idea.version, status: s as SettableStatus },
      {
        onError: (err) =>
          notifyError(
            err,
            err instanceof ApiError && err.isStale
              ? "Someone else changed this idea: reload it and try again"
              : "Could not change the status",
          ),
      },
    );
  };

  const remove = () =>
    confirmAction({
      title: `Delete #${idea.number}?`,
      message: (
        <Text size="sm">
          "{idea.title}" and its comments are deleted. This cannot be undone; the audit log keeps a record. To
          get rid of a duplicate, merge it instead.
        </Text>
      ),
      confirmLabel: "Delete idea",
      onConfirm: () =>
        del.mutate(idea.id, {
          onSuccess: () => {
            notifySuccess(`#${idea.number} was deleted.`);
            navigate(ideaPaths.backlog(wid, idea.productId), { replace: true });
          },
          onError: (err) => notifyError(err, "Could not delete the idea"),
        }),
    });

  const doUnpin = () =>
    unpin.mutate(null, {
      onSuccess: () => notifySuccess(`#${idea.number} is ranked by its score again.`, "Unpinned"),
      onError: (err) => notifyError(err, "Could not unpin"),
    });

  return { setStatus, remove, doUnpin, update, unpin };
}

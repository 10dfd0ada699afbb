import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FeedbackMessage, ReplyTemplate } from "../../../shared/replies.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type { FeedbackMessage, ReplyTemplate };

/** An item's conversation: mail received and replies sent, oldest first. */
export function useConversation(wid: string, itemId: string) {
  return useQuery({
    queryKey: wsKey(wid, "feedback", "messages", itemId),
    queryFn: ({ signal }) =>
      api.get<{ items: FeedbackMessage[] }>(
        `/workspaces/${wid}/feedback/${itemId}/messages`,
        undefined,
        signal,
      ),
  });
}

export function useReplyTemplates(wid: string, enabled = true) {
  return useQuery({
    queryKey: wsKey(wid, "reply-templates"),
    queryFn: ({ signal }) =>
      api.get<{ items: ReplyTemplate[] }>(`/workspaces/${wid}/reply-templates`, undefined, signal),
    enabled,
  });
}

export function usePreviewReply(wid: string) {
  return useMutation({
    mutationFn: (v: { itemId: string; templateId: string }) =>
      api.post<{ to: string; subject: string; text: string }>(
        `/workspaces/${wid}/feedback/${v.itemId}/replies/preview`,
        { templateId: v.templateId },
      ),
  });
}

export function useSendReply(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { itemId: string; subject: string; text: string }) =>
      api.post<FeedbackMessage>(`/workspaces/${wid}/feedback/${v.itemId}/replies`, {
        subject: v.subject,
        text: v.text,
      }),
    onSuccess: (_m, v) => qc.invalidateQueries({ queryKey: wsKey(wid, "feedback", "messages", v.itemId) }),
  });
}

export function useSaveTemplate(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; subject: string; body: string }) =>
      api.post<ReplyTemplate>(`/workspaces/${wid}/reply-templates`, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "reply-templates") }),
  });
}

export function useUpdateTemplate(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...v
    }: {
      id: string;
      version: number;
      name: string;
      subject: string;
      body: string;
    }) => api.patch<ReplyTemplate>(`/workspaces/${wid}/reply-templates/${id}`, v),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(wid, "reply-templates") }),
  });
}

export function useDeleteTemplate(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/reply-templates/${id}`),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(wid, "reply-templates") }),
  });
}

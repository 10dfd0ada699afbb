import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "../../../shared/enums.ts";
import type { MailInbox, MailInboxList } from "../../../shared/replies.schemas.ts";
import { api } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";
import { sessionKey } from "../../api/session.ts";
import type {
  ApiToken,
  CreatedApiToken,
  CreatedInvitation,
  Invitation,
  Member,
  OutboxMessage,
  PermissionMatrix,
  Workspace,
} from "../../api/types.ts";

export function useUpdateWorkspace(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; name?: string; slug?: string }) =>
      api.patch<Workspace>(`/workspaces/${wid}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useDeleteWorkspace(wid: string) {
  return useMutation({
    mutationFn: () => api.delete(`/workspaces/${wid}`),
  });
}

export function useChangeRole(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, version, role }: { userId: string; version: number; role: Role }) =>
      api.patch<Member>(`/workspaces/${wid}/members/${userId}`, { version, role }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "members") });
      // My own role may have changed: the session carries it.
      void qc.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

export function useRemoveMember(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`/workspaces/${wid}/members/${userId}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "members") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "teams") });
    },
  });
}

export function useInvitations(wid: string, enabled = true) {
  return usePagedList<Invitation>(
    wsKey(wid, "invitations"),
    `/workspaces/${wid}/invitations`,
    {},
    50,
    enabled,
  );
}

export function useCreateInvitation(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Role; expiresInDays: number }) =>
      api.post<CreatedInvitation>(`/workspaces/${wid}/invitations`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "invitations") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "outbox") });
    },
  });
}

export function useRevokeInvitation(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/invitations/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "invitations") }),
  });
}

export function useTokens(wid: string) {
  return usePagedList<ApiToken>(wsKey(wid, "tokens"), `/workspaces/${wid}/tokens`, {}, 50);
}

export function useCreateToken(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays: number | null }) =>
      api.post<CreatedApiToken>(`/workspaces/${wid}/tokens`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "tokens") }),
  });
}

export function useRevokeToken(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/tokens/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "tokens") }),
  });
}

export function useOutbox(wid: string, scope: "workspace" | "instance") {
  return usePagedList<OutboxMessage>(wsKey(wid, "outbox"), `/workspaces/${wid}/outbox`, { scope }, 30);
}

export function usePermissionMatrix() {
  return useQuery({
    queryKey: ["permissions"],
    queryFn: () => api.get<PermissionMatrix>("/permissions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Every secret inbound mail address: the workspace's, then each product's (admins). */
export function useMailInboxes(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "mail-in"),
    queryFn: ({ signal }) =>
      api.get<MailInboxList>(`/workspaces/${wid}/mail-in/addresses`, undefined, signal),
  });
}

/** A new address for the workspace (productId null) or a product; the old one is refused from then on. */
export function useRotateMailInbox(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (productId: string | null) =>
      api.post<MailInbox>(
        productId
          ? `/workspaces/${wid}/products/${productId}/mail-in/rotate`
          : `/workspaces/${wid}/mail-in/rotate`,
        {},
      ),
    onSuccess: (data) =>
      qc.setQueryData<MailInboxList>(wsKey(wid, "mail-in"), (list) =>
        list ? { ...list, items: list.items.map((i) => (i.productId === data.productId ? data : i)) } : list,
      ),
  });
}

/** Roadmap sign-off: queries and writes (contract: src/shared/signoff.schemas.ts). */
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SignoffStatus } from "../../../shared/enums.ts";
import type {
  CreateSignoff,
  Decide,
  ReviseSignoff,
  Signoff,
  SignoffComment,
  SignoffDetail,
  SignoffPreflight,
  SignoffReview,
} from "../../../shared/signoff.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

// Same key as roadmaps/hooks.ts roadmapKey, without importing that module into the shell (the navbar uses this file).
const roadmapKey = (wid: string) => wsKey(wid, "roadmaps");

export const signoffKey = (wid: string, ...rest: unknown[]) => wsKey(wid, "signoffs", ...rest);

export const signoffPaths = {
  index: (wid: string) => `/w/${wid}/signoffs`,
  signoff: (wid: string, id: string) => `/w/${wid}/signoffs/${id}`,
};

export interface SignoffFilter {
  roadmapId?: string | null;
  status?: SignoffStatus | null;
  mine?: boolean;
}

export function useSignoffs(wid: string, filter: SignoffFilter, enabled = true) {
  return useQuery({
    queryKey: signoffKey(wid, "list", filter),
    queryFn: ({ signal }) =>
      api.get<{ items: Signoff[] }>(
        `/workspaces/${wid}/signoffs`,
        {
          roadmapId: filter.roadmapId,
          status: filter.status,
          mine: filter.mine ? "true" : undefined,
        },
        signal,
      ),
    select: (d) => d.items,
    enabled,
  });
}

/** Open requests where I am an approver and have not decided (home card, navbar count). */
export function useWaitingSignoffs(wid: string, enabled = true) {
  const q = useSignoffs(wid, { status: "open", mine: true }, enabled);
  const items = (q.data ?? []).filter((s) => s.myDecision === "pending");
  return { ...q, items };
}

export function useSignoff(wid: string, id: string) {
  return useQuery({
    queryKey: signoffKey(wid, "detail", id),
    queryFn: ({ signal }) => api.get<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}`, undefined, signal),
    // Decisions of others arrive while the page is open.
    refetchInterval: (q) => (q.state.data?.status === "open" ? 60_000 : false),
  });
}

export function useSignoffReview(wid: string, id: string, enabled = true) {
  return useQuery({
    queryKey: signoffKey(wid, "review", id),
    queryFn: ({ signal }) =>
      api.get<SignoffReview>(`/workspaces/${wid}/signoffs/${id}/review`, undefined, signal),
    enabled,
  });
}

export function usePreflight(wid: string, roadmapId: string, enabled = true) {
  return useQuery({
    queryKey: signoffKey(wid, "preflight", roadmapId),
    queryFn: ({ signal }) =>
      api.get<SignoffPreflight>(
        `/workspaces/${wid}/roadmaps/${roadmapId}/signoff-preflight`,
        undefined,
        signal,
      ),
    enabled,
    staleTime: 0,
  });
}

/** A write changes the request, its roadmap's versions (baseline, lock) and the lists. */
function invalidate(qc: QueryClient, wid: string) {
  void qc.invalidateQueries({ queryKey: signoffKey(wid) });
  void qc.invalidateQueries({ queryKey: roadmapKey(wid) });
}

function useSignoffWrite<I>(wid: string, fn: (input: I) => Promise<SignoffDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (d) => {
      qc.setQueryData(signoffKey(wid, "detail", d.id), d);
      invalidate(qc, wid);
    },
  });
}

export function useCreateSignoff(wid: string, roadmapId: string) {
  return useSignoffWrite(wid, (input: CreateSignoff) =>
    api.post<SignoffDetail>(`/workspaces/${wid}/roadmaps/${roadmapId}/signoffs`, input),
  );
}

export function useDecide(wid: string, id: string) {
  return useSignoffWrite(wid, (input: Decide) =>
    api.put<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}/decision`, input),
  );
}

export function useRevise(wid: string, id: string) {
  return useSignoffWrite(wid, (input: ReviseSignoff) =>
    api.post<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}/revise`, input),
  );
}

export function useExtend(wid: string, id: string) {
  return useSignoffWrite(wid, (input: { deadline: string; reason: string }) =>
    api.post<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}/extend`, input),
  );
}

export function useRemindNow(wid: string, id: string) {
  return useSignoffWrite(wid, () => api.post<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}/remind`, {}));
}

/** Adds approvers (or changes whether one is required) and removes others. */
export function useEditApprovers(wid: string, id: string) {
  return useSignoffWrite(wid, (input: { add: object[]; remove: string[] }) =>
    api.post<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}/approvers`, input),
  );
}

export function useCancelSignoff(wid: string, id: string) {
  return useSignoffWrite(wid, (input: { reason: string }) =>
    api.post<SignoffDetail>(`/workspaces/${wid}/signoffs/${id}/cancel`, input),
  );
}

export function useAddComment(wid: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { itemId: string | null; body: string }) =>
      api.post<SignoffComment>(`/workspaces/${wid}/signoffs/${id}/comments`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: signoffKey(wid) }),
  });
}

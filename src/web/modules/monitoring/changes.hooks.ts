import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ChangeCategory,
  ChangeDetail,
  ChangeIdea,
  ChangeImportance,
  ChangeState,
  ChangeSummary,
} from "../../../shared/changes.schemas.ts";
import { api } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";

export type { ChangeCategory, ChangeDetail, ChangeIdea, ChangeImportance, ChangeState, ChangeSummary };

export const changePaths = {
  list: (wid: string) => `/w/${wid}/changes`,
  page: (wid: string, id: string) => `/w/${wid}/changes/${id}`,
};

export interface ChangeFilters {
  competitorId?: string | null;
  monitorId?: string | null;
  category?: ChangeCategory | null;
  importance?: ChangeImportance | null;
  state?: ChangeState | null;
  since?: string | null;
  reported?: "true" | "false" | "any";
}

const clean = (f: ChangeFilters) =>
  Object.fromEntries(
    Object.entries(f).filter(([, v]) => v !== null && v !== undefined && v !== ""),
  ) as Record<string, string>;

/** The workspace's changes (or one competitor's, one monitor's), newest first, 50 a page. */
export function useChanges(wid: string, filters: ChangeFilters, limit = 50, enabled = true) {
  return usePagedList<ChangeSummary>(
    wsKey(wid, "changes", "list"),
    `/workspaces/${wid}/changes`,
    clean(filters),
    limit,
    enabled,
  );
}

/** A monitor's history: its last 30 changes, reported or not (the change view's timeline). */
export function useMonitorHistory(wid: string, monitorId: string | null) {
  return useQuery({
    queryKey: wsKey(wid, "changes", "history", monitorId),
    queryFn: ({ signal }) =>
      api.get<{ items: ChangeSummary[]; nextCursor: string | null }>(
        `/workspaces/${wid}/changes`,
        { monitorId: monitorId as string, reported: "any", limit: 30 },
        signal,
      ),
    enabled: Boolean(monitorId),
  });
}

export function useChange(wid: string, id: string | null) {
  return useQuery({
    queryKey: wsKey(wid, "changes", "one", id),
    queryFn: ({ signal }) => api.get<ChangeDetail>(`/workspaces/${wid}/changes/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** Triage, noise and idea links; each refreshes the lists and the change. */
export function useChangeMutations(wid: string) {
  const qc = useQueryClient();
  const settle = () => qc.invalidateQueries({ queryKey: wsKey(wid, "changes") });
  const put = (c: ChangeDetail) => qc.setQueryData(wsKey(wid, "changes", "one", c.id), c);
  return {
    update: useMutation({
      mutationFn: ({
        id,
        version,
        ...set
      }: {
        id: string;
        version: number;
        category?: ChangeCategory;
        importance?: ChangeImportance;
        state?: ChangeState;
      }) => api.patch<ChangeDetail>(`/workspaces/${wid}/changes/${id}`, { version, ...set }),
      onSuccess: put,
      onSettled: settle,
    }),
    noise: useMutation({
      mutationFn: ({ id, ...body }: { id: string; version: number; phrase?: string; pattern?: string }) =>
        api.post<{ change: ChangeDetail; addedPattern: string | null }>(
          `/workspaces/${wid}/changes/${id}/noise`,
          body,
        ),
      onSuccess: (r) => put(r.change),
      onSettled: () => {
        void settle();
        void qc.invalidateQueries({ queryKey: wsKey(wid, "monitors") });
      },
    }),
    link: useMutation({
      mutationFn: ({ id, ideaId }: { id: string; ideaId: string }) =>
        api.post<{ items: ChangeIdea[] }>(`/workspaces/${wid}/changes/${id}/ideas/${ideaId}`),
      onSettled: settle,
    }),
    unlink: useMutation({
      mutationFn: ({ id, ideaId }: { id: string; ideaId: string }) =>
        api.delete(`/workspaces/${wid}/changes/${id}/ideas/${ideaId}`),
      onSettled: settle,
    }),
  };
}

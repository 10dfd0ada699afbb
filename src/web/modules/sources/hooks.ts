import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PollResult, Source, SourceKind } from "../../../shared/sources.schemas.ts";
import { api } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";

export type { PollResult, Source, SourceKind };

export const sourcesPath = (wid: string) => `/w/${wid}/sources`;

/** The workspace's polled sources, oldest first, 50 a page. */
export function useSources(wid: string) {
  return usePagedList<Source>(wsKey(wid, "sources", "list"), `/workspaces/${wid}/sources`, {}, 50);
}

/** What the form sends: a whole config for the kind, and only the secrets that change (null removes one). */
export interface SourceInput {
  kind: SourceKind;
  name: string;
  productId: string | null;
  enabled: boolean;
  intervalMinutes: number;
  config: Record<string, unknown>;
  secrets: Record<string, string | null>;
}

export function useSaveSource(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, input }: { id?: string; version?: number; input: SourceInput }) => {
      if (!id) return api.post<Source>(`/workspaces/${wid}/sources`, input);
      const { kind: _kind, ...rest } = input;
      return api.patch<Source>(`/workspaces/${wid}/sources/${id}`, { ...rest, version });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "sources") }),
  });
}

export function useToggleSource(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: Source) =>
      api.patch<Source>(`/workspaces/${wid}/sources/${s.id}`, { enabled: !s.enabled, version: s.version }),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(wid, "sources") }),
  });
}

export function useDeleteSource(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/sources/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "sources") }),
  });
}

/** Poll now; the inbox gets what came in. */
export function usePollSource(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<PollResult>(`/workspaces/${wid}/sources/${id}/poll`),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "sources") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "feedback") });
    },
  });
}

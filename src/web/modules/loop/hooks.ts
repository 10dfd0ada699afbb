import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  ChangelogEntry,
  ChangelogListSchema,
  CreateChangelogEntry,
  LoopMessage,
  LoopPreviewSchema,
  LoopSendResultSchema,
  LoopState,
  RoadmapItemOptions,
  Told,
  UpdateChangelogEntry,
} from "../../../shared/loop.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type ChangelogList = z.infer<typeof ChangelogListSchema>;
export type LoopPreview = z.infer<typeof LoopPreviewSchema>;
export type LoopSendResult = z.infer<typeof LoopSendResultSchema>;

export { loopPaths } from "./paths.ts";
export type { ChangelogEntry, LoopState, Told };

// ---- close the loop ----
export function useLoopState(wid: string, ideaId: string, enabled = true) {
  return useQuery({
    queryKey: wsKey(wid, "loop", ideaId),
    queryFn: ({ signal }) => api.get<LoopState>(`/workspaces/${wid}/ideas/${ideaId}/loop`, undefined, signal),
    enabled,
  });
}

export function useSaveLoopDraft(wid: string, ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: LoopMessage & { version?: number }) =>
      api.put<LoopState>(`/workspaces/${wid}/ideas/${ideaId}/loop/draft`, m),
    onSuccess: (s) => qc.setQueryData(wsKey(wid, "loop", ideaId), s),
  });
}

export function useLoopPreview(wid: string, ideaId: string) {
  return useMutation({
    mutationFn: (m: LoopMessage & { personId?: string }) =>
      api.post<LoopPreview>(`/workspaces/${wid}/ideas/${ideaId}/loop/preview`, m),
  });
}

export function useSendLoop(wid: string, ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: LoopMessage) =>
      api.post<LoopSendResult>(`/workspaces/${wid}/ideas/${ideaId}/loop/send`, m),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: wsKey(wid, "loop", ideaId) });
      qc.invalidateQueries({ queryKey: wsKey(wid, "told") });
    },
  });
}

export function useToldPerson(wid: string, personId: string) {
  return useQuery({
    queryKey: wsKey(wid, "told", "person", personId),
    queryFn: ({ signal }) => api.get<Told>(`/workspaces/${wid}/people/${personId}/told`, undefined, signal),
  });
}

export function useToldItem(wid: string, itemId: string) {
  return useQuery({
    queryKey: wsKey(wid, "told", "item", itemId),
    queryFn: ({ signal }) => api.get<Told>(`/workspaces/${wid}/feedback/${itemId}/told`, undefined, signal),
  });
}

// ---- changelog ----
export function useChangelog(
  wid: string,
  pid: string,
  query: { status?: string; ideaId?: string } = {},
  enabled = true,
) {
  return useQuery({
    queryKey: wsKey(wid, "changelog", pid, query),
    queryFn: ({ signal }) =>
      api.get<ChangelogList>(
        `/workspaces/${wid}/products/${pid}/changelog`,
        { ...query, limit: 500 },
        signal,
      ),
    enabled,
  });
}

export function useChangelogMutations(wid: string, pid: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: wsKey(wid, "changelog", pid) });
  return {
    create: useMutation({
      mutationFn: (body: Partial<CreateChangelogEntry> & { title: string }) =>
        api.post<ChangelogEntry>(`/workspaces/${wid}/products/${pid}/changelog`, body),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: UpdateChangelogEntry & { id: string }) =>
        api.patch<ChangelogEntry>(`/workspaces/${wid}/changelog/${id}`, body),
      onSettled: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`/workspaces/${wid}/changelog/${id}`),
      onSettled: done,
    }),
  };
}

/** The product's roadmap items whose title contains `q`: the changelog editor's picker. */
export function useRoadmapItemOptions(wid: string, pid: string, q: string) {
  return useQuery({
    queryKey: wsKey(wid, "changelog", pid, "roadmap-items", q),
    queryFn: ({ signal }) =>
      api.get<RoadmapItemOptions>(
        `/workspaces/${wid}/products/${pid}/changelog/roadmap-items`,
        { ...(q ? { q } : {}), limit: 200 },
        signal,
      ),
    placeholderData: (prev) => prev,
  });
}

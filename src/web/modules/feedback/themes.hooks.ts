import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { SuggestionsSchema, Theme, Trends } from "../../../shared/themes.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type { Theme, Trends };
export type Suggestions = z.infer<typeof SuggestionsSchema>;

const key = (wid: string, ...rest: unknown[]) => wsKey(wid, "feedback", "themes", ...rest);

export function useThemes(wid: string) {
  return useQuery({
    queryKey: key(wid, "list"),
    queryFn: ({ signal }) =>
      api.get<{ items: Theme[] }>(`/workspaces/${wid}/feedback/themes`, undefined, signal),
  });
}

/** Suggestions are computed on demand: only when asked (enabled), and kept until asked again. */
export function useSuggestions(wid: string, enabled: boolean) {
  return useQuery({
    queryKey: key(wid, "suggestions"),
    queryFn: ({ signal }) =>
      api.get<Suggestions>(`/workspaces/${wid}/feedback/themes/suggestions`, { limit: 1000 }, signal),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useTrends(wid: string, weeks: number) {
  return useQuery({
    queryKey: key(wid, "trends", weeks),
    queryFn: ({ signal }) => api.get<Trends>(`/workspaces/${wid}/feedback/trends`, { weeks }, signal),
    placeholderData: (prev) => prev,
  });
}

/** Theme writes; each refreshes the list, the trends and (for confirm / dismiss) the suggestions. */
export function useThemeActions(wid: string) {
  const qc = useQueryClient();
  const refresh = (suggestions = false) => {
    void qc.invalidateQueries({ queryKey: key(wid, "list") });
    void qc.invalidateQueries({ queryKey: key(wid, "trends") });
    void qc.invalidateQueries({ queryKey: wsKey(wid, "feedback", "inbox") });
    if (suggestions) void qc.invalidateQueries({ queryKey: key(wid, "suggestions") });
  };
  const base = `/workspaces/${wid}/feedback/themes`;
  return {
    confirm: useMutation({
      mutationFn: (b: { name: string; itemIds: string[] }) => api.post<Theme>(base, b),
      onSuccess: () => refresh(true),
    }),
    dismiss: useMutation({
      mutationFn: (itemIds: string[]) => api.post<{ dismissed: number }>(`${base}/dismissals`, { itemIds }),
      onSuccess: () => refresh(true),
    }),
    addItems: useMutation({
      mutationFn: (b: { id: string; itemIds: string[] }) =>
        api.post<Theme>(`${base}/${b.id}/items`, { itemIds: b.itemIds }),
      onSuccess: () => refresh(true),
    }),
    rename: useMutation({
      mutationFn: (b: { id: string; name: string; version: number }) =>
        api.patch<Theme>(`${base}/${b.id}`, { name: b.name, version: b.version }),
      onSuccess: () => refresh(),
    }),
    merge: useMutation({
      mutationFn: (b: { id: string; intoId: string }) =>
        api.post<Theme>(`${base}/${b.id}/merge`, { intoId: b.intoId }),
      onSuccess: () => refresh(),
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`${base}/${id}`),
      onSuccess: () => refresh(true),
    }),
  };
}

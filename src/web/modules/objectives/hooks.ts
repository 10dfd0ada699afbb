/** Objectives, key results and coverage: queries and writes (contract: src/shared/roadmap.schemas.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ObjectiveStatus } from "../../../shared/enums.ts";
import type {
  Coverage,
  CreateKeyResult,
  CreateObjective,
  Objective,
  UpdateKeyResult,
  UpdateObjective,
} from "../../../shared/roadmap.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

// ---------------------------------------------------------------- objectives

/** Every objective (company and product); the page filters by product on the client. */
export function useObjectives(wid: string, status: ObjectiveStatus | null, enabled = true) {
  return useQuery({
    queryKey: wsKey(wid, "objectives", "list", status),
    queryFn: ({ signal }) =>
      api.get<{ items: Objective[] }>(`/workspaces/${wid}/objectives`, { status }, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useCoverage(wid: string, productId: string | null) {
  return useQuery({
    queryKey: wsKey(wid, "objectives", "coverage", productId),
    queryFn: ({ signal }) =>
      api.get<Coverage>(`/workspaces/${wid}/objectives/coverage`, { productId }, signal),
    staleTime: 0,
  });
}

/** After any objective write: the lists, coverage, and the roadmaps that show objectives. */
function useObjectiveWrite<I, O>(wid: string, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "objectives") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "roadmaps") });
    },
  });
}

export function useCreateObjective(wid: string) {
  return useObjectiveWrite(wid, (input: CreateObjective) =>
    api.post<Objective>(`/workspaces/${wid}/objectives`, input),
  );
}

export function useUpdateObjective(wid: string) {
  return useObjectiveWrite(wid, ({ id, ...input }: UpdateObjective & { id: string }) =>
    api.patch<Objective>(`/workspaces/${wid}/objectives/${id}`, input),
  );
}

export function useDeleteObjective(wid: string) {
  return useObjectiveWrite(wid, (id: string) => api.delete<undefined>(`/workspaces/${wid}/objectives/${id}`));
}

export function useAddKeyResult(wid: string) {
  return useObjectiveWrite(wid, ({ objectiveId, ...input }: CreateKeyResult & { objectiveId: string }) =>
    api.post<Objective>(`/workspaces/${wid}/objectives/${objectiveId}/key-results`, input),
  );
}

export function useUpdateKeyResult(wid: string) {
  return useObjectiveWrite(wid, ({ id, ...input }: UpdateKeyResult & { id: string }) =>
    api.patch<Objective>(`/workspaces/${wid}/key-results/${id}`, input),
  );
}

export function useDeleteKeyResult(wid: string) {
  return useObjectiveWrite(wid, (id: string) =>
    api.delete<Objective>(`/workspaces/${wid}/key-results/${id}`),
  );
}

/** Objectives, key results, coverage, capacity and time off: queries and writes (contract: src/shared/roadmap.schemas.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ObjectiveStatus } from "../../../shared/enums.ts";
import type {
  CapacityGrid,
  CapacitySettings,
  Coverage,
  CreateKeyResult,
  CreateObjective,
  CreateTimeOff,
  Objective,
  PutCapacity,
  TimeOff,
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

// ---------------------------------------------------------------- capacity

export function useCapacityGrid(wid: string, from: string, months: number) {
  return useQuery({
    queryKey: wsKey(wid, "capacity", "grid", from, months),
    queryFn: ({ signal }) =>
      api.get<CapacityGrid>(`/workspaces/${wid}/capacity`, { from: from.slice(0, 7), months }, signal),
    placeholderData: (prev) => prev,
    staleTime: 0,
  });
}

export function useCapacitySettings(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "capacity", "settings"),
    queryFn: ({ signal }) =>
      api.get<CapacitySettings>(`/workspaces/${wid}/capacity/settings`, undefined, signal),
  });
}

export function useTimeOff(wid: string, from: string, months: number) {
  return useQuery({
    queryKey: wsKey(wid, "capacity", "time-off", from, months),
    queryFn: ({ signal }) =>
      api.get<{ items: TimeOff[] }>(
        `/workspaces/${wid}/time-off`,
        { from: from.slice(0, 7), months },
        signal,
      ),
    select: (d) => d.items,
    placeholderData: (prev) => prev,
  });
}

/** Capacity feeds the roadmaps' load and SMART "achievable" checks: refresh them too. */
function useCapacityWrite<I, O>(wid: string, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "capacity") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "roadmaps") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "objectives", "coverage") });
    },
  });
}

export function usePutCapacity(wid: string) {
  return useCapacityWrite(wid, (input: PutCapacity) =>
    api.put<undefined>(`/workspaces/${wid}/capacity`, input),
  );
}

export function useSaveCapacitySettings(wid: string) {
  return useCapacityWrite(wid, (input: CapacitySettings) =>
    api.put<CapacitySettings>(`/workspaces/${wid}/capacity/settings`, input),
  );
}

export function useCreateTimeOff(wid: string) {
  return useCapacityWrite(wid, (input: CreateTimeOff) =>
    api.post<TimeOff>(`/workspaces/${wid}/time-off`, input),
  );
}

export function useDeleteTimeOff(wid: string) {
  return useCapacityWrite(wid, (id: string) => api.delete<undefined>(`/workspaces/${wid}/time-off/${id}`));
}

/** Capacity (hand-set per team and month, settings, the grid with its load) and time off: queries and writes
 * (contract: src/shared/roadmap.schemas.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CapacityGrid,
  CapacitySettings,
  CreateTimeOff,
  PutCapacity,
  TimeOff,
} from "../../../shared/roadmap.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

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

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CheckResult,
  Monitor,
  MonitorKind,
  MonitorOverview,
  MonitorOverviewItem,
} from "../../../shared/monitoring.schemas.ts";
import { api } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";

export type { CheckResult, Monitor, MonitorKind, MonitorOverview, MonitorOverviewItem };

const base = (wid: string, competitorId: string) => `/workspaces/${wid}/competitors/${competitorId}/monitors`;

/** A competitor's monitors with their health (refreshed every half minute while a check may be running). */
export function useMonitors(wid: string, competitorId: string) {
  return useQuery({
    queryKey: wsKey(wid, "monitors", competitorId),
    queryFn: () => api.get<{ items: Monitor[] }>(base(wid, competitorId)),
    refetchInterval: 30_000,
  });
}

/** The workspace's monitor health (only failing ones with `failing`), 100 at a time ("load more"). */
export function useMonitorOverview(wid: string, failing: boolean) {
  return usePagedList<MonitorOverviewItem>(
    wsKey(wid, "monitors", "overview"),
    `/workspaces/${wid}/monitors`,
    failing ? { failing: "true" } : {},
    100,
  );
}

/**
 * The workspace's monitor counts (one monitor's page: the counts are across the workspace). Polled every 2 s while
 * checks are due or running (after "Check all now"), so the health page shows their progress.
 */
export function useMonitorCounts(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "monitors", "counts"),
    queryFn: async () => (await api.get<MonitorOverview>(`/workspaces/${wid}/monitors?limit=1`)).counts,
    refetchInterval: (q) => (q.state.data && q.state.data.due + q.state.data.checking > 0 ? 2_000 : false),
  });
}

/** What the form sends: the kind (on create), the settings, and the kind's whole config. */
export interface MonitorInput {
  kind: MonitorKind;
  name: string;
  url?: string;
  enabled: boolean;
  intervalMinutes: number;
  thresholdPercent: number;
  config: Record<string, unknown>;
}

export function useSaveMonitor(wid: string, competitorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, input }: { id?: string; version?: number; input: MonitorInput }) => {
      if (!id) return api.post<Monitor>(base(wid, competitorId), input);
      const { kind: _kind, ...rest } = input;
      return api.patch<Monitor>(`${base(wid, competitorId)}/${id}`, { ...rest, version });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "monitors") }),
  });
}

export function useToggleMonitor(wid: string, competitorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: Monitor) =>
      api.patch<Monitor>(`${base(wid, competitorId)}/${m.id}`, { enabled: !m.enabled, version: m.version }),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(wid, "monitors") }),
  });
}

export function useDeleteMonitor(wid: string, competitorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(wid, competitorId)}/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "monitors") }),
  });
}

/**
 * Check all now: queues a check of every enabled monitor of the workspace (or of one competitor) that is not
 * already due; answers how many were queued. The checks run in the background, so health refreshes as they end.
 */
export function useCheckAllMonitors(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (competitorId?: string) =>
      api.post<{ queued: number }>(`/workspaces/${wid}/monitors/check`, competitorId ? { competitorId } : {}),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(wid, "monitors") }),
  });
}

/** Check now: the outcome (a change, nothing new, or the error now recorded). */
export function useCheckMonitor(wid: string, competitorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<CheckResult>(`${base(wid, competitorId)}/${id}/check`),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "monitors") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "changes") });
    },
  });
}

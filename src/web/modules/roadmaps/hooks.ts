/** Roadmaps: queries and writes (contract: src/shared/roadmap.schemas.ts). */
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateMilestone,
  CreateRoadmap,
  CreateRoadmapItem,
  Milestone,
  PlanProposal,
  PlanRequest,
  Portfolio,
  Roadmap,
  RoadmapItem,
  RoadmapVersion,
  RoadmapView,
  UpdateRoadmap,
  UpdateRoadmapItem,
  VersionDiff,
} from "../../../shared/roadmap.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export const roadmapKey = (wid: string, ...rest: unknown[]) => wsKey(wid, "roadmaps", ...rest);
export const viewKey = (wid: string, id: string) => roadmapKey(wid, "view", id);

export function useRoadmaps(wid: string, productId?: string | null) {
  return useQuery({
    queryKey: roadmapKey(wid, "list", productId ?? null),
    queryFn: ({ signal }) =>
      api.get<{ items: Roadmap[] }>(`/workspaces/${wid}/roadmaps`, { productId }, signal),
    select: (d) => d.items,
  });
}

/** Everything a roadmap page shows, in one response; unchanged items keep their identity across refetches. */
export function useRoadmapView(wid: string, id: string) {
  return useQuery({
    queryKey: viewKey(wid, id),
    queryFn: ({ signal }) => api.get<RoadmapView>(`/workspaces/${wid}/roadmaps/${id}`, undefined, signal),
  });
}

export function usePortfolio(wid: string, from: string, months: number, enabled = true) {
  return useQuery({
    queryKey: roadmapKey(wid, "portfolio", from, months),
    queryFn: ({ signal }) => api.get<Portfolio>(`/workspaces/${wid}/portfolio`, { from, months }, signal),
    enabled,
    placeholderData: (prev) => prev,
  });
}

/** After a change to items: the roadmap, its versions' "current" comparisons, capacity and objectives move. */
function invalidateAfterItemChange(qc: QueryClient, wid: string) {
  void qc.invalidateQueries({ queryKey: roadmapKey(wid) });
  void qc.invalidateQueries({ queryKey: wsKey(wid, "capacity") });
  void qc.invalidateQueries({ queryKey: wsKey(wid, "objectives") });
}

export function useCreateRoadmap(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateRoadmap) => api.post<Roadmap>(`/workspaces/${wid}/roadmaps`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: roadmapKey(wid) }),
  });
}

export function useUpdateRoadmap(wid: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateRoadmap) => api.patch<Roadmap>(`/workspaces/${wid}/roadmaps/${id}`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: roadmapKey(wid) }),
  });
}

export function useDeleteRoadmap(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/roadmaps/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: roadmapKey(wid) }),
  });
}

const ITEM_UPDATE = ["roadmap-item-update"];

export interface ItemPatch {
  id: string;
  /** Without a version: the version cached when the request goes out (drags; see below). */
  patch: Omit<UpdateRoadmapItem, "version"> & { version?: number };
  /** Applied to the cached view at once (a drag), rolled back if the server refuses. */
  optimistic?: Partial<RoadmapItem>;
}

function replaceItem(view: RoadmapView, id: string, fn: (i: RoadmapItem) => RoadmapItem): RoadmapView {
  return { ...view, items: view.items.map((i) => (i.id === id ? fn(i) : i)) };
}

/**
 * Edits or moves an item. With `optimistic`, the card moves before the server answers; on an error that item
 * alone goes back (other drags made meanwhile stay). Writes to one item run one after the other (scope), and
 * a drag sends the version cached when it goes out, so two quick drags of one card do not trip over each
 * other. The whole view is refetched after the last write: badges and load of other items depend on it.
 */
export function useUpdateItem(
  wid: string,
  roadmapId: string,
  /** Called for every failed write (per-call callbacks only reach the last of several quick writes). */
  onFail?: (err: unknown, vars: ItemPatch) => void,
) {
  const qc = useQueryClient();
  const key = viewKey(wid, roadmapId);
  const cached = (id: string) => qc.getQueryData<RoadmapView>(key)?.items.find((i) => i.id === id);
  const pendingFor = (id: string) =>
    qc
      .getMutationCache()
      .findAll({ mutationKey: ITEM_UPDATE, status: "pending" })
      .filter((m) => (m.state.variables as ItemPatch | undefined)?.id === id).length;
  return useMutation({
    mutationKey: ITEM_UPDATE,
    scope: { id: `roadmap-item-update-${roadmapId}` },
    mutationFn: ({ id, patch }: ItemPatch) => {
      const item = cached(id);
      return api.patch<RoadmapItem>(`/workspaces/${wid}/roadmap-items/${id}`, {
        ...patch,
        version: patch.version ?? item?.version,
      });
    },
    onMutate: async ({ id, optimistic }) => {
      if (!optimistic) return { before: undefined };
      await qc.cancelQueries({ queryKey: key });
      const view = qc.getQueryData<RoadmapView>(key);
      const before = view?.items.find((i) => i.id === id);
      if (view)
        qc.setQueryData<RoadmapView>(
          key,
          replaceItem(view, id, (i) => ({ ...i, ...optimistic })),
        );
      return { before };
    },
    onError: (err, vars, ctx) => {
      const view = qc.getQueryData<RoadmapView>(key);
      if (view && ctx?.before)
        qc.setQueryData<RoadmapView>(
          key,
          replaceItem(view, vars.id, () => ctx.before!),
        );
      onFail?.(err, vars);
    },
    onSuccess: (item) => {
      const view = qc.getQueryData<RoadmapView>(key);
      if (!view) return;
      // A later drag of the same card is still on its way: keep its position, take the new version.
      const later = pendingFor(item.id) > 1;
      qc.setQueryData<RoadmapView>(
        key,
        replaceItem(view, item.id, (i) => (later ? { ...i, version: item.version } : item)),
      );
    },
    // Refetch once the last of several quick drags settles: an earlier refetch would show a later drag undone.
    onSettled: () => {
      if (qc.isMutating({ mutationKey: ITEM_UPDATE }) <= 1) invalidateAfterItemChange(qc, wid);
    },
  });
}

export function useCreateItem(wid: string, roadmapId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateRoadmapItem) =>
      api.post<RoadmapItem>(`/workspaces/${wid}/roadmaps/${roadmapId}/items`, input),
    onSuccess: () => invalidateAfterItemChange(qc, wid),
  });
}

export function useDeleteItem(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.delete(`/workspaces/${wid}/roadmap-items/${id}?reason=${encodeURIComponent(reason)}`),
    onSuccess: () => invalidateAfterItemChange(qc, wid),
  });
}

export function useCreateMilestone(wid: string, roadmapId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMilestone) =>
      api.post<Milestone>(`/workspaces/${wid}/roadmaps/${roadmapId}/milestones`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewKey(wid, roadmapId) }),
  });
}

export function useDeleteMilestone(wid: string, roadmapId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/milestones/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewKey(wid, roadmapId) }),
  });
}

// ---------------------------------------------------------------- auto-planner

export function useRunPlanner(wid: string, roadmapId: string) {
  return useMutation({
    mutationFn: (input: PlanRequest) =>
      api.post<PlanProposal>(`/workspaces/${wid}/roadmaps/${roadmapId}/plan`, input),
  });
}

export function useApplyPlan(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ planId, itemIds, reason }: { planId: string; itemIds?: string[]; reason: string }) =>
      api.post<{ applied: number }>(`/workspaces/${wid}/plans/${planId}/apply`, { itemIds, reason }),
    onSettled: () => invalidateAfterItemChange(qc, wid),
  });
}

export function useDiscardPlan(wid: string) {
  return useMutation({
    mutationFn: (planId: string) => api.post(`/workspaces/${wid}/plans/${planId}/discard`),
  });
}

// ---------------------------------------------------------------- versions

export function useVersions(wid: string, roadmapId: string) {
  return useQuery({
    queryKey: roadmapKey(wid, "versions", roadmapId),
    queryFn: ({ signal }) =>
      api.get<{ items: RoadmapVersion[] }>(
        `/workspaces/${wid}/roadmaps/${roadmapId}/versions`,
        undefined,
        signal,
      ),
    select: (d) => d.items,
  });
}

export function useSaveVersion(wid: string, roadmapId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; note: string }) =>
      api.post<RoadmapVersion>(`/workspaces/${wid}/roadmaps/${roadmapId}/versions`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: roadmapKey(wid, "versions", roadmapId) }),
  });
}

export function useCompare(wid: string, roadmapId: string, from: string | null, to: string | null) {
  return useQuery({
    queryKey: roadmapKey(wid, "compare", roadmapId, from, to),
    queryFn: ({ signal }) =>
      api.get<VersionDiff>(`/workspaces/${wid}/roadmaps/${roadmapId}/compare`, { from, to }, signal),
    enabled: Boolean(from && to),
    placeholderData: (prev) => prev,
  });
}

// ---------------------------------------------------------------- calendar feed

export function useEnableFeed(wid: string, roadmapId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ token: string; path: string }>(`/workspaces/${wid}/roadmaps/${roadmapId}/feed`),
    onSuccess: () => qc.invalidateQueries({ queryKey: roadmapKey(wid) }),
  });
}

export function useDisableFeed(wid: string, roadmapId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/workspaces/${wid}/roadmaps/${roadmapId}/feed`),
    onSuccess: () => qc.invalidateQueries({ queryKey: roadmapKey(wid) }),
  });
}

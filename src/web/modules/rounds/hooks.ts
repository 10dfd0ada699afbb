/** Scoring rounds: queries and writes (contract: docs/PRIORITIZATION-API.md, src/shared/ideas.schemas.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  BallotSchema,
  Comment,
  CreateRound,
  IdeaPage,
  PutScoreCounting,
  Round,
  RoundDetail,
  RoundResults,
  ScoreCounting,
  UpdateRoundSchema,
} from "../../../shared/ideas.schemas.ts";
import { api, type Page } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import type { Product } from "../../api/types.ts";

export type Ballot = z.infer<typeof BallotSchema>;
export type UpdateRound = z.input<typeof UpdateRoundSchema>;
export interface CellRating {
  ideaId: string;
  factorId: string;
  value: number | null;
  abstainReason: string | null;
}
export interface CastResult {
  saved: number;
  progress: { done: number; total: number };
}

export interface RoundFilter {
  productId?: string | null;
  status?: "open" | "closed" | null;
  mine?: boolean;
}

export function useRounds(wid: string, filter: RoundFilter, enabled = true) {
  return useQuery({
    queryKey: wsKey(wid, "rounds", "list", filter),
    queryFn: ({ signal }) =>
      api.get<{ items: Round[] }>(
        `/workspaces/${wid}/rounds`,
        { productId: filter.productId, status: filter.status, mine: filter.mine ? true : undefined },
        signal,
      ),
    select: (d) => d.items,
    enabled,
  });
}

export function useRound(wid: string, id: string) {
  return useQuery({
    queryKey: wsKey(wid, "rounds", "detail", id),
    queryFn: ({ signal }) => api.get<RoundDetail>(`/workspaces/${wid}/rounds/${id}`, undefined, signal),
    // Other voters finish meanwhile: an open round's "n of m finished" stays current without a reload.
    refetchInterval: (q) => (q.state.data?.status === "open" ? 10_000 : false),
  });
}

export function useBallot(wid: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: wsKey(wid, "rounds", "ballot", id),
    queryFn: ({ signal }) => api.get<Ballot>(`/workspaces/${wid}/rounds/${id}/ballot`, undefined, signal),
    enabled,
    // The grid owns the ballot once loaded (a refetch would not reach cells being edited); it writes
    // saved cells back here. Dropped when the page is left, so a later visit starts fresh.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

export function useRoundResults(wid: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: wsKey(wid, "rounds", "results", id),
    queryFn: ({ signal }) =>
      api.get<RoundResults>(`/workspaces/${wid}/rounds/${id}/results`, undefined, signal),
    enabled,
    staleTime: 0,
  });
}

export function castRatings(wid: string, id: string, ratings: CellRating[]) {
  return api.put<CastResult>(`/workspaces/${wid}/rounds/${id}/ratings`, { ratings });
}

function useInvalidateRounds(wid: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: wsKey(wid, "rounds") });
}

export function useCreateRound(wid: string) {
  const invalidate = useInvalidateRounds(wid);
  return useMutation({
    mutationFn: (input: CreateRound) => api.post<RoundDetail>(`/workspaces/${wid}/rounds`, input),
    onSuccess: invalidate,
  });
}

export function useUpdateRound(wid: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateRound) => api.patch<RoundDetail>(`/workspaces/${wid}/rounds/${id}`, input),
    onSuccess: (r) => {
      qc.setQueryData(wsKey(wid, "rounds", "detail", id), r);
      void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "list") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "results", id) });
    },
  });
}

export function useCloseRound(wid: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<RoundDetail>(`/workspaces/${wid}/rounds/${id}/close`),
    onSuccess: (r) => {
      qc.setQueryData(wsKey(wid, "rounds", "detail", id), r);
      void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "notifications") });
    },
  });
}

/** Ideas of a product, for pickers (search with q; sorted by the ranked backlog). */
export function useProductIdeas(wid: string, productId: string | null, q: string, limit = 50) {
  return useQuery({
    queryKey: wsKey(wid, "ideas", "picker", productId, q, limit),
    queryFn: ({ signal }) =>
      api.get<IdeaPage>(`/workspaces/${wid}/products/${productId}/ideas`, { q, limit, sort: "rank" }, signal),
    enabled: Boolean(productId),
    placeholderData: (prev) => prev,
  });
}

export function fetchTopIdeas(wid: string, productId: string, n: number) {
  return api.get<IdeaPage>(`/workspaces/${wid}/products/${productId}/ideas`, {
    limit: n,
    sort: "rank",
    status: undefined,
  });
}

export function useIdeaComments(wid: string, ideaId: string, enabled: boolean) {
  return useQuery({
    queryKey: wsKey(wid, "ideas", "comments", ideaId),
    queryFn: ({ signal }) =>
      api.get<{ items: Comment[] }>(`/workspaces/${wid}/ideas/${ideaId}/comments`, undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useAddComment(wid: string, ideaId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; roundId: string }) =>
      api.post<Comment>(`/workspaces/${wid}/ideas/${ideaId}/comments`, { ...input, mentions: [] }),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "ideas", "comments", ideaId) }),
  });
}

/** Open rounds I vote in and have not finished (home page card, list page). */
export function useWaitingRounds(wid: string, enabled = true) {
  const q = useRounds(wid, { mine: true, status: "open" }, enabled);
  const items = (q.data ?? []).filter((r) => !r.myProgress || r.myProgress.done < r.myProgress.total);
  return { ...q, items };
}

export function roundPath(wid: string, id?: string) {
  return id ? `/w/${wid}/rounds/${id}` : `/w/${wid}/rounds`;
}

export function isPastDeadline(r: Pick<Round, "deadline">, now = Date.now()) {
  return new Date(r.deadline).getTime() <= now;
}

/** Open and before its deadline: ratings are accepted. */
export function isVotingOpen(r: Pick<Round, "deadline" | "status">, now = Date.now()) {
  return r.status === "open" && !isPastDeadline(r, now);
}

/** Every product (up to 200), for the product pickers. */
export function useAllProducts(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "products", "all"),
    queryFn: ({ signal }) => api.get<Page<Product>>(`/workspaces/${wid}/products`, { limit: 200 }, signal),
    select: (p) => p.items,
  });
}

/** How a product's rounds count (replace or combine), and who changed it last (docs/SCORING.md). */
export function useScoreCounting(wid: string, productId: string | null) {
  return useQuery({
    queryKey: wsKey(wid, "rounds", "counting", productId),
    queryFn: ({ signal }) =>
      api.get<ScoreCounting>(`/workspaces/${wid}/products/${productId}/score-counting`, undefined, signal),
    enabled: Boolean(productId),
  });
}

/** Changes how a product's rounds count: the server re-scores its rated ideas; the backlog and rounds refresh. */
export function usePutScoreCounting(wid: string, productId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PutScoreCounting) =>
      api.put<ScoreCounting & { recomputed: { ideas: number; ms: number } }>(
        `/workspaces/${wid}/products/${productId}/score-counting`,
        input,
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "counting", productId) });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
    },
  });
}

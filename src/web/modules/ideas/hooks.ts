import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Framework, IdeaStatus } from "../../../shared/enums.ts";
import { API_BASE, ApiError, api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import type { AuditEvent, Product } from "../../api/types.ts";
import type {
  Comment,
  FrameworkInputs,
  Idea,
  IdeaPage,
  IdeaSort,
  ImportMapping,
  ImportResult,
  SavedView,
  ScoreExplanation,
  ScoreHistory,
  SettableStatus,
  ViewConfig,
} from "./types.ts";

export const PAGE_SIZE = 200;

export interface IdeaFilters {
  q?: string;
  status?: IdeaStatus[];
  tag?: string;
  ownerId?: string;
  /** Ideas with feedback from this customer segment (evidence columns count only it). */
  segment?: string;
  /** Only ideas at least one of the product's competitors has (feature matrix). */
  covered?: boolean;
  sort: IdeaSort;
  dir: "asc" | "desc";
}

/** The list's query string; `status` repeats (status=new&status=planned). */
export function ideasQueryString(f: IdeaFilters, offset: number, limit: number): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  for (const s of f.status ?? []) p.append("status", s);
  if (f.tag) p.set("tag", f.tag);
  if (f.ownerId) p.set("ownerId", f.ownerId);
  if (f.segment) p.set("segment", f.segment);
  if (f.covered) p.set("covered", "true");
  p.set("sort", f.sort);
  p.set("dir", f.dir);
  p.set("offset", String(offset));
  p.set("limit", String(limit));
  return p.toString();
}

const ideasKey = (wid: string, ...rest: unknown[]) => wsKey(wid, "ideas", ...rest);

/** The ranked backlog, 200 rows a page, loaded as the table scrolls. */
export function useIdeasList(wid: string, pid: string, filters: IdeaFilters) {
  const q = useInfiniteQuery({
    queryKey: ideasKey(wid, "list", pid, filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<IdeaPage>(
        `/workspaces/${wid}/products/${pid}/ideas?${ideasQueryString(filters, pageParam, PAGE_SIZE)}`,
        undefined,
        signal,
      ),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    placeholderData: (prev) => prev,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  const framework = q.data?.pages[0]?.framework;
  return { ...q, items, total, framework };
}

/**
 * The pages of 200 under rows `first`…`last` that the contiguous list has not reached: a jump to row
 * 9,000 loads the page there, not the 45 pages before it. Returns a row getter by index.
 */
export function useFarPages(
  wid: string,
  pid: string,
  filters: IdeaFilters,
  range: { first: number; last: number },
  contiguous: number,
  total: number,
) {
  const wanted = useMemo(() => {
    const out: number[] = [];
    if (range.last < contiguous + 60) return out;
    const from = Math.floor(Math.max(range.first, contiguous) / PAGE_SIZE);
    const to = Math.floor(Math.min(range.last, Math.max(0, total - 1)) / PAGE_SIZE);
    for (let i = from; i <= to; i++) out.push(i);
    return out;
  }, [range.first, range.last, contiguous, total]);
  const results = useQueries({
    queries: wanted.map((i) => ({
      queryKey: ideasKey(wid, "list-page", pid, filters, i),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<IdeaPage>(
          `/workspaces/${wid}/products/${pid}/ideas?${ideasQueryString(filters, i * PAGE_SIZE, PAGE_SIZE)}`,
          undefined,
          signal,
        ),
      staleTime: 30_000,
    })),
  });
  const pages = new Map<number, IdeaPage>();
  wanted.forEach((i, k) => {
    const d = results[k]?.data;
    if (d) pages.set(i, d);
  });
  return pages;
}

/** One page of ideas (the matrix, the merge picker). */
export function useIdeasPage(
  wid: string,
  pid: string | null,
  filters: IdeaFilters,
  limit: number,
  enabled = true,
) {
  return useQuery({
    queryKey: ideasKey(wid, "page", pid, filters, limit),
    queryFn: ({ signal }) =>
      api.get<IdeaPage>(
        `/workspaces/${wid}/products/${pid}/ideas?${ideasQueryString(filters, 0, limit)}`,
        undefined,
        signal,
      ),
    enabled: enabled && Boolean(pid),
    placeholderData: (prev) => prev,
  });
}

export function useProduct(wid: string, pid: string | null | undefined) {
  return useQuery({
    queryKey: wsKey(wid, "products", "detail", pid),
    queryFn: ({ signal }) => api.get<Product>(`/workspaces/${wid}/products/${pid}`, undefined, signal),
    enabled: Boolean(pid),
  });
}

function useInvalidateIdeas(wid: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
}

export function useSetFramework(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ product, framework }: { product: Product; framework: Framework }) =>
      api.patch<Product>(`/workspaces/${wid}/products/${product.id}`, {
        version: product.version,
        framework,
      }),
    onSuccess: (p) => {
      qc.setQueryData(wsKey(wid, "products", "detail", p.id), p);
      void qc.invalidateQueries({ queryKey: wsKey(wid, "products") });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
    },
    onError: (err, { product }) => {
      if (err instanceof ApiError && err.isStale) {
        void qc.invalidateQueries({ queryKey: wsKey(wid, "products", "detail", product.id) });
      }
    },
  });
}

export interface IdeaInput {
  title: string;
  description: string;
  status: SettableStatus;
  ownerId: string | null;
  tags: string[];
  links: { url: string; title: string }[];
  inputs: Partial<FrameworkInputs>;
}

export function useCreateIdea(wid: string, pid: string) {
  const invalidate = useInvalidateIdeas(wid);
  return useMutation({
    mutationFn: (input: IdeaInput) => api.post<Idea>(`/workspaces/${wid}/products/${pid}/ideas`, input),
    onSuccess: () => invalidate(),
  });
}

export function fetchIdea(wid: string, id: string) {
  return api.get<Idea>(`/workspaces/${wid}/ideas/${id}`);
}

export function useIdea(wid: string, id: string) {
  return useQuery({
    queryKey: ideasKey(wid, "detail", id),
    queryFn: ({ signal }) => api.get<Idea>(`/workspaces/${wid}/ideas/${id}`, undefined, signal),
  });
}

/** Writes that answer with the idea: the cache gets the answer, the lists refetch. */
function useIdeaWrite<V>(wid: string, fn: (v: V) => Promise<Idea>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (idea) => {
      qc.setQueryData(ideasKey(wid, "detail", idea.id), idea);
      void qc.invalidateQueries({
        queryKey: wsKey(wid, "ideas"),
        predicate: (q) => !(q.queryKey[3] === "detail" && q.queryKey[4] === idea.id),
      });
    },
  });
}

export function useUpdateIdea(wid: string, id: string) {
  return useIdeaWrite(wid, (body: Partial<IdeaInput> & { version: number }) =>
    api.patch<Idea>(`/workspaces/${wid}/ideas/${id}`, body),
  );
}

export function usePinIdea(wid: string, id: string) {
  return useIdeaWrite(wid, (body: { rank: number; reason: string } | null) =>
    body
      ? api.put<Idea>(`/workspaces/${wid}/ideas/${id}/pin`, body)
      : api.delete<Idea>(`/workspaces/${wid}/ideas/${id}/pin`),
  );
}

export function useMergeIdea(wid: string, id: string) {
  return useIdeaWrite(wid, (intoId: string) =>
    api.post<Idea>(`/workspaces/${wid}/ideas/${id}/merge`, { intoId }),
  );
}

export function useDeleteIdea(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/ideas/${id}`),
    onSuccess: (_v, id) => {
      qc.removeQueries({ queryKey: ideasKey(wid, "detail", id) });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
    },
  });
}

export function useWatchIdea(wid: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (watch: boolean) =>
      watch
        ? api.put<{ watching: boolean }>(`/workspaces/${wid}/ideas/${id}/watch`)
        : api.delete<{ watching: boolean }>(`/workspaces/${wid}/ideas/${id}/watch`),
    onSuccess: (res, watch) => {
      const watching = res?.watching ?? watch;
      qc.setQueryData<Idea>(ideasKey(wid, "detail", id), (old) =>
        old
          ? {
              ...old,
              watching,
              watcherCount: Math.max(
                0,
                old.watcherCount + (watching === old.watching ? 0 : watching ? 1 : -1),
              ),
            }
          : old,
      );
    },
  });
}

export function useScoreExplanation(wid: string, id: string, enabled = true) {
  return useQuery({
    queryKey: ideasKey(wid, "score", id),
    queryFn: ({ signal }) =>
      api.get<ScoreExplanation>(`/workspaces/${wid}/ideas/${id}/score`, undefined, signal),
    enabled,
  });
}

/** An idea's score history (a row per change by a round close, factor change, counting or framework change). */
export function useScoreHistory(wid: string, id: string) {
  return useQuery({
    queryKey: ideasKey(wid, "score-history", id),
    queryFn: ({ signal }) =>
      api.get<ScoreHistory>(`/workspaces/${wid}/ideas/${id}/score-history`, undefined, signal),
  });
}

export function useComments(wid: string, id: string) {
  return useQuery({
    queryKey: ideasKey(wid, "comments", id),
    queryFn: ({ signal }) =>
      api.get<{ items: Comment[] }>(`/workspaces/${wid}/ideas/${id}/comments`, undefined, signal),
    select: (r) => r.items,
  });
}

export function useAddComment(wid: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; mentions: string[] }) =>
      api.post<Comment>(`/workspaces/${wid}/ideas/${id}/comments`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ideasKey(wid, "comments", id) });
      void qc.invalidateQueries({ queryKey: ideasKey(wid, "activity", id) });
      void qc.invalidateQueries({ queryKey: ideasKey(wid, "detail", id) });
    },
  });
}

export function useActivity(wid: string, id: string, enabled = true) {
  return useQuery({
    queryKey: ideasKey(wid, "activity", id),
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEvent[] }>(`/workspaces/${wid}/ideas/${id}/activity`, undefined, signal),
    select: (r) => r.items,
    enabled,
  });
}

export interface BulkSet {
  status?: SettableStatus;
  ownerId?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

export function useBulkIdeas(wid: string, pid: string) {
  const invalidate = useInvalidateIdeas(wid);
  return useMutation({
    mutationFn: (body: { ids: string[]; set: BulkSet }) =>
      api.post<{ updated: number }>(`/workspaces/${wid}/products/${pid}/ideas/bulk`, body),
    onSuccess: () => invalidate(),
  });
}

export function useImportIdeas(wid: string, pid: string) {
  const invalidate = useInvalidateIdeas(wid);
  return useMutation({
    mutationFn: (body: { csv: string; mapping?: ImportMapping; dryRun: boolean }) =>
      api.post<ImportResult>(`/workspaces/${wid}/products/${pid}/ideas/import`, body),
    onSuccess: (r) => {
      if (!r.dryRun) void invalidate();
    },
  });
}

/** Downloads the backlog as CSV or JSON (a plain link would lose the error message). */
export async function downloadExport(wid: string, pid: string, format: "csv" | "json", filename: string) {
  const path = `/workspaces/${wid}/products/${pid}/ideas/export?format=${format}`;
  const res = await fetch(API_BASE + path, { credentials: "include" });
  if (!res.ok) {
    let message = `The server answered ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      message = body.error?.message ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, "export", message, {}, path);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${filename}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- saved views ----
export function useViews(wid: string, pid: string) {
  return useQuery({
    queryKey: ideasKey(wid, "views", pid),
    queryFn: ({ signal }) =>
      api.get<{ items: SavedView[] }>(`/workspaces/${wid}/products/${pid}/views`, undefined, signal),
    select: (r) => r.items,
  });
}

export function useCreateView(wid: string, pid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; shared: boolean; config: ViewConfig }) =>
      api.post<SavedView>(`/workspaces/${wid}/products/${pid}/views`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ideasKey(wid, "views", pid) }),
  });
}

export function useDeleteView(wid: string, pid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/views/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ideasKey(wid, "views", pid) }),
  });
}

/** The workspace's company segments in use (the backlog's segment filter; no revenue in them). */
export function useSegments(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "companies", "segments"),
    queryFn: ({ signal }) =>
      api.get<{ items: { segment: string; companies: number }[] }>(
        `/workspaces/${wid}/segments`,
        undefined,
        signal,
      ),
    staleTime: 60_000,
  });
}

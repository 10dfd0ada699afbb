import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import type { z } from "zod";
import type {
  CreateFeedback,
  Evidence,
  FeedbackDetailSchema,
  FeedbackItem,
  FeedbackLink,
  Person,
  UpdateFeedback,
} from "../../../shared/feedback.schemas.ts";
import type { FeedbackSource, FeedbackStatus, Importance, Sentiment } from "../../../shared/feedback.ts";
import { api, type Page } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type { Evidence, FeedbackItem, FeedbackLink };
export type FeedbackDetail = z.infer<typeof FeedbackDetailSchema>;

/** What the inbox shows; the same shape is kept in the URL and in saved views. */
export interface InboxFilters {
  status: FeedbackStatus[];
  source: FeedbackSource[];
  sentiment: Sentiment[];
  q: string;
  tag: string;
  segment: string;
  /** A member id, "none", or "" for anyone. */
  assignee: string;
  /** A theme id, or "" for any (older saved views have none). */
  theme?: string;
  /** yyyy-mm-dd, inclusive on both ends in the UI. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: InboxFilters = {
  status: ["new"],
  source: [],
  sentiment: [],
  q: "",
  tag: "",
  segment: "",
  assignee: "",
  theme: "",
  from: "",
  to: "",
};

export const PAGE = 50;

/** The inbox query string; status, source and sentiment repeat. */
export function inboxQuery(f: InboxFilters, cursor: string | null): string {
  const p = new URLSearchParams();
  for (const s of f.status) p.append("status", s);
  for (const s of f.source) p.append("source", s);
  for (const s of f.sentiment) p.append("sentiment", s);
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.tag.trim()) p.set("tag", f.tag.trim().toLowerCase());
  if (f.segment.trim()) p.set("segment", f.segment.trim());
  if (f.assignee) p.set("assignee", f.assignee);
  if (f.theme) p.set("theme", f.theme);
  // Dates are local days: from its midnight to the next day's midnight after `to`.
  if (f.from) p.set("from", new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    p.set("to", end.toISOString());
  }
  if (cursor) p.set("cursor", cursor);
  p.set("limit", String(PAGE));
  return p.toString();
}

const fbKey = (wid: string, ...rest: unknown[]) => wsKey(wid, "feedback", ...rest);
type Pages = InfiniteData<Page<FeedbackItem>, string | null>;

export function useInbox(wid: string, filters: InboxFilters) {
  const q = useInfiniteQuery({
    queryKey: fbKey(wid, "inbox", filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<FeedbackItem>>(
        `/workspaces/${wid}/feedback?${inboxQuery(filters, pageParam)}`,
        undefined,
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...q, items };
}

export interface Counts {
  statuses: { status: FeedbackStatus; total: number; unread: number }[];
}

export function useCounts(wid: string) {
  return useQuery({
    queryKey: fbKey(wid, "counts"),
    queryFn: ({ signal }) => api.get<Counts>(`/workspaces/${wid}/feedback/counts`, undefined, signal),
  });
}

export function useItem(wid: string, id: string | null) {
  return useQuery({
    queryKey: fbKey(wid, "item", id),
    queryFn: ({ signal }) => api.get<FeedbackDetail>(`/workspaces/${wid}/feedback/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export type Patch = Omit<UpdateFeedback, "version">;

/** True when the item still belongs in a list filtered this way (after a change). */
function stillMatches(item: FeedbackItem, f: InboxFilters): boolean {
  if (f.status.length && !f.status.includes(item.status)) return false;
  if (f.sentiment.length && !f.sentiment.includes(item.sentiment)) return false;
  if (f.assignee === "none" && item.assigneeId) return false;
  if (f.assignee && f.assignee !== "none" && item.assigneeId !== f.assignee) return false;
  if (f.tag && !item.tags.includes(f.tag.toLowerCase())) return false;
  return true;
}

/**
 * Triage writes. Each item's writes run one after another and always send the latest version seen, so quick
 * keystrokes (open → mark read → archive) never trip over each other with a stale version. The inbox lists are
 * updated in place: an item that no longer matches a list's filters leaves it at once.
 */
export function useTriage(wid: string) {
  const qc = useQueryClient();
  const chains = useRef(new Map<string, Promise<unknown>>());

  const latestVersion = useCallback(
    (id: string): number | undefined => {
      const detail = qc.getQueryData<FeedbackDetail>(fbKey(wid, "item", id));
      let v = detail?.version;
      for (const [, data] of qc.getQueriesData<Pages>({ queryKey: fbKey(wid, "inbox") })) {
        for (const p of data?.pages ?? []) {
          const it = p.items.find((i) => i.id === id);
          if (it && (v === undefined || it.version > v)) v = it.version;
        }
      }
      return v;
    },
    [qc, wid],
  );

  const apply = useCallback(
    (updated: FeedbackDetail) => {
      qc.setQueryData(fbKey(wid, "item", updated.id), updated);
      for (const [key, data] of qc.getQueriesData<Pages>({ queryKey: fbKey(wid, "inbox") })) {
        if (!data) continue;
        const filters = key[4] as InboxFilters | undefined;
        qc.setQueryData<Pages>(key, {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.flatMap((i) => {
              if (i.id !== updated.id) return [i];
              const { links: _links, ...item } = updated;
              return !filters || stillMatches(item, filters) ? [item] : [];
            }),
          })),
        });
      }
    },
    [qc, wid],
  );

  const patch = useCallback(
    (id: string, changes: Patch): Promise<FeedbackDetail> => {
      const prev = chains.current.get(id) ?? Promise.resolve();
      const next = prev
        .catch(() => undefined)
        .then(async () => {
          const version = latestVersion(id);
          const updated = await api.patch<FeedbackDetail>(`/workspaces/${wid}/feedback/${id}`, {
            ...changes,
            version: version ?? 1,
          });
          apply(updated);
          return updated;
        });
      chains.current.set(id, next);
      void next
        .finally(() => {
          if (chains.current.get(id) === next) chains.current.delete(id);
          void qc.invalidateQueries({ queryKey: fbKey(wid, "counts") });
        })
        .catch(() => undefined);
      return next;
    },
    [wid, qc, latestVersion, apply],
  );

  return { patch, apply };
}

export function useCreateFeedback(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateFeedback> & { text: string }) =>
      api.post<FeedbackItem & { created: boolean }>(`/workspaces/${wid}/feedback`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: fbKey(wid) }),
  });
}

export function useLinkIdea(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      itemId: string;
      ideaId: string;
      importance: Importance;
      start?: number;
      end?: number;
    }) =>
      api.post<FeedbackLink>(`/workspaces/${wid}/feedback/${v.itemId}/links`, {
        ideaId: v.ideaId,
        importance: v.importance,
        start: v.start ?? null,
        end: v.end ?? null,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: fbKey(wid) });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "evidence") });
    },
  });
}

export function useUnlinkIdea(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { itemId: string; linkId: string }) =>
      api.delete(`/workspaces/${wid}/feedback/${v.itemId}/links/${v.linkId}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: fbKey(wid) });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "evidence") });
    },
  });
}

export function useEvidence(wid: string, ideaId: string) {
  return useQuery({
    queryKey: wsKey(wid, "evidence", ideaId),
    queryFn: ({ signal }) =>
      api.get<Evidence>(`/workspaces/${wid}/ideas/${ideaId}/evidence`, undefined, signal),
  });
}

export function useDeleteFeedback(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/feedback/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: fbKey(wid) });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "evidence") });
    },
  });
}

/** Up to 20 customers matching `q`, for the capture dialog's picker. */
export function useCustomerSearch(wid: string, q: string, enabled = true) {
  return useQuery({
    queryKey: wsKey(wid, "customers", "search", q),
    queryFn: ({ signal }) => api.get<Page<Person>>(`/workspaces/${wid}/people`, { q, limit: 20 }, signal),
    select: (p) => p.items,
    enabled,
    placeholderData: (prev) => prev,
  });
}

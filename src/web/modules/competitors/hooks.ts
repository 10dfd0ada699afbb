import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Battlecard,
  BattlecardSectionValue,
  Competitor,
  CompetitorListSchema,
  CompetitorSummary,
  CreateCompetitor,
  CreatePricingPlan,
  CreateSwotCard,
  LogoInfo,
  PricePoint,
  PricingPlan,
  Section,
  SwotCard,
  UpdateCompetitor,
  UpdatePricingPlan,
  UpdateSwotCard,
} from "../../../shared/competitors.schemas.ts";
import { API_BASE, ApiError, api, type Page } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type {
  Battlecard,
  BattlecardSectionValue,
  Competitor,
  CompetitorSummary,
  PricePoint,
  PricingPlan,
  SwotCard,
};

type CompetitorList = z.infer<typeof CompetitorListSchema>;

const base = (wid: string) => `/workspaces/${wid}/competitors`;
export const competitorPaths = {
  list: (wid: string) => `/w/${wid}/competitors`,
  page: (wid: string, cid: string, tab?: string) => `/w/${wid}/competitors/${cid}${tab ? `?tab=${tab}` : ""}`,
  print: (wid: string, cid: string) => `/w/${wid}/competitors/${cid}/battlecard/print`,
  /** The logo image, with its last change to bust caches. */
  logo: (wid: string, cid: string, updatedAt: string | null) =>
    updatedAt ? `${API_BASE}${base(wid)}/${cid}/logo?v=${encodeURIComponent(updatedAt)}` : null,
};

export interface CompetitorFilters {
  status?: string | null;
  productId?: string | null;
  q?: string;
}

export function useCompetitors(wid: string, f: CompetitorFilters = {}) {
  return useQuery({
    queryKey: wsKey(wid, "competitors", "list", f),
    queryFn: ({ signal }) =>
      api.get<CompetitorList>(base(wid), { status: f.status, productId: f.productId, q: f.q }, signal),
  });
}

export function useCompetitor(wid: string, cid: string) {
  return useQuery({
    queryKey: wsKey(wid, "competitors", "detail", cid),
    queryFn: ({ signal }) => api.get<Competitor>(`${base(wid)}/${cid}`, undefined, signal),
    enabled: Boolean(cid),
  });
}

/** The workspace's products for pickers and filters (id, name). */
export function useProductOptions(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "products", "options"),
    queryFn: ({ signal }) =>
      api.get<Page<{ id: string; name: string }>>(`/workspaces/${wid}/products`, { limit: 200 }, signal),
    select: (p) => p.items.map((x) => ({ value: x.id, label: x.name })),
  });
}

function useInvalidate(wid: string) {
  const qc = useQueryClient();
  return (cid?: string) => {
    qc.invalidateQueries({ queryKey: wsKey(wid, "competitors", "list") });
    if (cid) qc.invalidateQueries({ queryKey: wsKey(wid, "competitors", "detail", cid) });
  };
}

export function useCompetitorMutations(wid: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidate(wid);
  const setDetail = (c: Competitor) => {
    qc.setQueryData(wsKey(wid, "competitors", "detail", c.id), c);
    invalidate();
  };
  return {
    create: useMutation({
      mutationFn: (body: Partial<CreateCompetitor> & { name: string }) =>
        api.post<Competitor>(base(wid), body),
      onSuccess: setDetail,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: UpdateCompetitor & { id: string }) =>
        api.patch<Competitor>(`${base(wid)}/${id}`, body),
      onSuccess: setDetail,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`${base(wid)}/${id}`),
      onSuccess: () => invalidate(),
    }),
    link: useMutation({
      mutationFn: ({ id, productId, on }: { id: string; productId: string; on: boolean }) =>
        on
          ? api.put<Competitor>(`${base(wid)}/${id}/products/${productId}`)
          : api.delete<Competitor>(`${base(wid)}/${id}/products/${productId}`),
      onSuccess: setDetail,
    }),
    watch: useMutation({
      mutationFn: ({ id, on }: { id: string; on: boolean }) =>
        on
          ? api.put<{ watching: boolean; watcherCount: number }>(`${base(wid)}/${id}/watch`)
          : api.delete<{ watching: boolean; watcherCount: number }>(`${base(wid)}/${id}/watch`),
      onSuccess: (_r, v) => invalidate(v.id),
    }),
    fetchLogo: useMutation({
      mutationFn: (id: string) => api.post<LogoInfo>(`${base(wid)}/${id}/logo/fetch`),
      onSuccess: (_r, id) => invalidate(id),
    }),
    uploadLogo: useMutation({
      mutationFn: ({ id, file }: { id: string; file: File }) => uploadLogo(wid, id, file),
      onSuccess: (_r, v) => invalidate(v.id),
    }),
    removeLogo: useMutation({
      mutationFn: (id: string) => api.delete(`${base(wid)}/${id}/logo`),
      onSuccess: (_r, id) => invalidate(id),
    }),
  };
}

/** PUTs the image file itself as the body (the JSON client cannot); the CSRF token comes from the session. */
async function uploadLogo(wid: string, id: string, file: File): Promise<LogoInfo> {
  const session = await api.get<{ csrfToken: string }>("/auth/session");
  const path = `${base(wid)}/${id}/logo`;
  const res = await fetch(API_BASE + path, {
    method: "PUT",
    credentials: "same-origin",
    headers: {
      "Content-Type": file.type?.startsWith("image/") ? file.type : "application/octet-stream",
      "X-CSRF-Token": session.csrfToken,
      Accept: "application/json",
    },
    body: file,
  });
  const data = (await res.json().catch(() => null)) as
    | (LogoInfo & { error?: { code: string; message: string; fields?: Record<string, string> } })
    | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(
      res.status,
      e?.code ?? "error",
      e?.message ?? `Upload failed (${res.status})`,
      e?.fields,
      path,
    );
  }
  return data as LogoInfo;
}

// ---- SWOT ----
export function useSwot(wid: string, cid: string) {
  return useQuery({
    queryKey: wsKey(wid, "competitors", "swot", cid),
    queryFn: ({ signal }) => api.get<{ items: SwotCard[] }>(`${base(wid)}/${cid}/swot`, undefined, signal),
    enabled: Boolean(cid),
  });
}

export function useSwotMutations(wid: string, cid: string) {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: wsKey(wid, "competitors", "swot", cid) });
  return {
    create: useMutation({
      mutationFn: (body: Partial<CreateSwotCard> & { quadrant: CreateSwotCard["quadrant"]; text: string }) =>
        api.post<SwotCard>(`${base(wid)}/${cid}/swot`, body),
      onSuccess: invalidate,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: UpdateSwotCard & { id: string }) =>
        api.patch<SwotCard>(`/workspaces/${wid}/swot-cards/${id}`, body),
      onSettled: invalidate,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`/workspaces/${wid}/swot-cards/${id}`),
      onSettled: invalidate,
    }),
  };
}

// ---- pricing ----
export function usePlans(wid: string, cid: string) {
  return useQuery({
    queryKey: wsKey(wid, "competitors", "plans", cid),
    queryFn: ({ signal }) =>
      api.get<{ items: PricingPlan[] }>(`${base(wid)}/${cid}/plans`, undefined, signal),
  });
}

export function usePriceHistory(wid: string, cid: string) {
  return useQuery({
    queryKey: wsKey(wid, "competitors", "plans", cid, "history"),
    queryFn: ({ signal }) =>
      api.get<{ items: PricePoint[] }>(`${base(wid)}/${cid}/price-history`, undefined, signal),
  });
}

export function usePlanMutations(wid: string, cid: string) {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: wsKey(wid, "competitors", "plans", cid) });
  return {
    create: useMutation({
      mutationFn: (body: Partial<CreatePricingPlan> & { name: string }) =>
        api.post<PricingPlan>(`${base(wid)}/${cid}/plans`, body),
      onSuccess: invalidate,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: UpdatePricingPlan & { id: string }) =>
        api.patch<PricingPlan>(`/workspaces/${wid}/pricing-plans/${id}`, body),
      onSettled: invalidate,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`/workspaces/${wid}/pricing-plans/${id}`),
      onSettled: invalidate,
    }),
  };
}

// ---- battlecard ----
export function useBattlecard(wid: string, cid: string) {
  return useQuery({
    queryKey: wsKey(wid, "competitors", "battlecard", cid),
    queryFn: ({ signal }) => api.get<Battlecard>(`${base(wid)}/${cid}/battlecard`, undefined, signal),
  });
}

export function useSaveSection(wid: string, cid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ section, version, body }: { section: Section; version: number; body: string }) =>
      api.put<BattlecardSectionValue>(`${base(wid)}/${cid}/battlecard/${section}`, { version, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(wid, "competitors", "battlecard", cid) }),
  });
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { FactorKind, FactorSet, RecomputeResultSchema } from "../../../shared/ideas.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type RecomputeResult = z.infer<typeof RecomputeResultSchema>;

/** The factors that score a product's ideas (its override, else the workspace's defaults); no product: the defaults. */
export function useFactors(wid: string, productId: string | null | undefined) {
  return useQuery({
    queryKey: wsKey(wid, "factors", productId ?? null),
    queryFn: ({ signal }) =>
      api.get<FactorSet>(`/workspaces/${wid}/factors`, { productId: productId ?? undefined }, signal),
  });
}

export interface FactorInput {
  id?: string;
  name: string;
  description: string;
  weight: number;
  direction: "benefit" | "cost";
  /** rated by voters (default), or computed: customer_demand, competitor_coverage. */
  kind: FactorKind;
  scaleMin: number;
  scaleMax: number;
  labels: string[];
}

function useInvalidateScoring(wid: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: wsKey(wid, "factors") });
    void qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
  };
}

export function usePutFactors(wid: string) {
  const invalidate = useInvalidateScoring(wid);
  return useMutation({
    mutationFn: (body: { productId: string | null; factors: FactorInput[] }) =>
      api.put<RecomputeResult>(`/workspaces/${wid}/factors`, body),
    onSuccess: invalidate,
  });
}

export function useDropOverride(wid: string) {
  const invalidate = useInvalidateScoring(wid);
  return useMutation({
    mutationFn: (productId: string) =>
      api.delete<FactorSet>(`/workspaces/${wid}/products/${productId}/factors`),
    onSuccess: invalidate,
  });
}

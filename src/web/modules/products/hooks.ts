import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LifecycleStage } from "../../../shared/enums.ts";
import { api } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";
import type { Product } from "../../api/types.ts";

export function useProducts(wid: string, stage?: LifecycleStage | null, q?: string) {
  return usePagedList<Product>(
    wsKey(wid, "products", "list"),
    `/workspaces/${wid}/products`,
    { stage, q },
    50,
  );
}

export interface ProductInput {
  name: string;
  description: string;
  stage: LifecycleStage;
  managerId: string | null;
}

export function useSaveProduct(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, input }: { id?: string; version?: number; input: ProductInput }) =>
      id
        ? api.patch<Product>(`/workspaces/${wid}/products/${id}`, { ...input, version })
        : api.post<Product>(`/workspaces/${wid}/products`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "products") }),
  });
}

export function useDeleteProduct(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/products/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(wid, "products") }),
  });
}

export function fetchProduct(wid: string, id: string) {
  return api.get<Product>(`/workspaces/${wid}/products/${id}`);
}

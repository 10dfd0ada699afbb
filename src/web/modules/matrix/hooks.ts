import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  IdeaCompetitors,
  Matrix,
  MatrixCell,
  MatrixRow,
  MatrixView,
  PutMatrixCell,
} from "../../../shared/matrix.schemas.ts";
import { api } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";

export type { IdeaCompetitors, Matrix, MatrixCell, MatrixRow, MatrixView };

/** "ours" or a competitor's id. */
export type CellTarget = string;

export const matrixKey = (wid: string, ...rest: unknown[]) => wsKey(wid, "matrix", ...rest);

export function useMatrix(wid: string, pid: string | null | undefined, view: MatrixView) {
  return useQuery({
    queryKey: matrixKey(wid, pid, view),
    queryFn: ({ signal }) => api.get<Matrix>(`/workspaces/${wid}/products/${pid}/matrix`, { view }, signal),
    enabled: Boolean(pid),
    placeholderData: (prev) => (prev?.productId === pid ? prev : undefined),
  });
}

/** After any write: every view of the matrix and ideas' coverage. */
function useInvalidate(wid: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: matrixKey(wid) }),
      qc.invalidateQueries({ queryKey: wsKey(wid, "idea-competitors") }),
    ]);
}

export interface NewRowInput {
  name?: string;
  theme?: string;
  description?: string;
  ideaId?: string | null;
  roadmapItemId?: string | null;
  ours?: { status: MatrixCell["status"]; note?: string; sourceUrl?: string | null };
}

export function useAddRow(wid: string) {
  const invalidate = useInvalidate(wid);
  return useMutation({
    mutationFn: ({ pid, input }: { pid: string; input: NewRowInput }) =>
      api.post<MatrixRow>(`/workspaces/${wid}/products/${pid}/matrix/rows`, input),
    onSuccess: invalidate,
  });
}

export function useAddRowsFromIdeas(wid: string, pid: string) {
  const invalidate = useInvalidate(wid);
  return useMutation({
    mutationFn: (input: { ideaIds: string[]; theme: string }) =>
      api.post<{ created: MatrixRow[]; skipped: string[] }>(
        `/workspaces/${wid}/products/${pid}/matrix/rows/from-ideas`,
        input,
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateRow(wid: string) {
  const invalidate = useInvalidate(wid);
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number } & Partial<NewRowInput>) =>
      api.patch<MatrixRow>(`/workspaces/${wid}/matrix/rows/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteRow(wid: string) {
  const invalidate = useInvalidate(wid);
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/matrix/rows/${id}`),
    onSuccess: invalidate,
  });
}

export function usePutCell(wid: string) {
  const invalidate = useInvalidate(wid);
  return useMutation({
    mutationFn: ({ rowId, target, body }: { rowId: string; target: CellTarget; body: PutMatrixCell }) =>
      api.put<MatrixCell>(`/workspaces/${wid}/matrix/rows/${rowId}/cells/${target}`, body),
    onSuccess: invalidate,
  });
}

export function useVerifyCell(wid: string) {
  const invalidate = useInvalidate(wid);
  return useMutation({
    mutationFn: ({ rowId, target }: { rowId: string; target: CellTarget }) =>
      api.post<MatrixCell>(`/workspaces/${wid}/matrix/rows/${rowId}/cells/${target}/verify`),
    onSuccess: invalidate,
  });
}

export function useLinkRowIdea(wid: string) {
  const invalidate = useInvalidate(wid);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ rowId, ideaId, title }: { rowId: string; ideaId?: string; title?: string }) =>
      api.post<MatrixRow>(`/workspaces/${wid}/matrix/rows/${rowId}/idea`, { ideaId, title }),
    onSuccess: async () => {
      await invalidate();
      await qc.invalidateQueries({ queryKey: wsKey(wid, "ideas") });
    },
  });
}

export function useIdeaCompetitors(wid: string, ideaId: string) {
  return useQuery({
    queryKey: wsKey(wid, "idea-competitors", ideaId),
    queryFn: ({ signal }) =>
      api.get<IdeaCompetitors>(`/workspaces/${wid}/ideas/${ideaId}/competitors`, undefined, signal),
  });
}

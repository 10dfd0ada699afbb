import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Discipline, Role } from "../../../shared/enums.ts";
import { api, type Page } from "../../api/client.ts";
import { usePagedList, wsKey } from "../../api/hooks.ts";
import type { Member, Team } from "../../api/types.ts";

/** All members (up to 200: enough for pickers; the members page pages through the rest). */
export function useAllMembers(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "members", "all"),
    queryFn: ({ signal }) => api.get<Page<Member>>(`/workspaces/${wid}/members`, { limit: 200 }, signal),
    select: (p) => p.items,
  });
}

export function useMembers(wid: string, q?: string, role?: Role | null) {
  return usePagedList<Member>(wsKey(wid, "members", "list"), `/workspaces/${wid}/members`, { q, role }, 50);
}

export function useTeams(wid: string, discipline?: Discipline | null) {
  return usePagedList<Team>(wsKey(wid, "teams", "list"), `/workspaces/${wid}/teams`, { discipline }, 100);
}

export interface TeamInput {
  name: string;
  discipline: Discipline;
  description: string;
  leadId: string | null;
}

function useInvalidatePeople(wid: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: wsKey(wid, "teams") });
    void qc.invalidateQueries({ queryKey: wsKey(wid, "members") });
  };
}

export function useSaveTeam(wid: string) {
  const invalidate = useInvalidatePeople(wid);
  return useMutation({
    mutationFn: ({ id, version, input }: { id?: string; version?: number; input: TeamInput }) =>
      id
        ? api.patch<Team>(`/workspaces/${wid}/teams/${id}`, { ...input, version })
        : api.post<Team>(`/workspaces/${wid}/teams`, input),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam(wid: string) {
  const invalidate = useInvalidatePeople(wid);
  return useMutation({
    mutationFn: (id: string) => api.delete(`/workspaces/${wid}/teams/${id}`),
    onSuccess: invalidate,
  });
}

export function usePutTeamMember(wid: string) {
  const invalidate = useInvalidatePeople(wid);
  return useMutation({
    mutationFn: ({
      teamId,
      userId,
      allocationPct,
    }: {
      teamId: string;
      userId: string;
      allocationPct: number;
    }) => api.put<Team>(`/workspaces/${wid}/teams/${teamId}/members/${userId}`, { allocationPct }),
    onSuccess: invalidate,
  });
}

export function useRemoveTeamMember(wid: string) {
  const invalidate = useInvalidatePeople(wid);
  return useMutation({
    mutationFn: ({ teamId, userId }: { teamId: string; userId: string }) =>
      api.delete<Team>(`/workspaces/${wid}/teams/${teamId}/members/${userId}`),
    onSuccess: invalidate,
  });
}

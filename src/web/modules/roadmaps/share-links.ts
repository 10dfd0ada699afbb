import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RoadmapSnapshot, RoadmapVersion } from "../../../shared/roadmap.schemas.ts";
import type { ShareLink } from "../../../shared/signoff.schemas.ts";
import { api } from "../../api/client.ts";
import { roadmapKey } from "./hooks.ts";

/** Share links to approved baselines (signed-in side), and a saved version with its snapshot. */

const linksKey = (wid: string, versionId: string) => roadmapKey(wid, "share-links", versionId);
const versionPath = (wid: string, roadmapId: string, versionId: string) =>
  `/workspaces/${wid}/roadmaps/${roadmapId}/versions/${versionId}`;

export function useShareLinks(wid: string, roadmapId: string, versionId: string) {
  return useQuery({
    queryKey: linksKey(wid, versionId),
    queryFn: ({ signal }) =>
      api
        .get<{ items: ShareLink[] }>(
          `${versionPath(wid, roadmapId, versionId)}/share-links`,
          undefined,
          signal,
        )
        .then((r) => r.items),
  });
}

export function useCreateShareLink(wid: string, roadmapId: string, versionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { expiresInDays: number }) =>
      api.post<ShareLink>(`${versionPath(wid, roadmapId, versionId)}/share-links`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: linksKey(wid, versionId) }),
  });
}

export function useRevokeShareLink(wid: string, versionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) => api.delete(`/workspaces/${wid}/share-links/${linkId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: linksKey(wid, versionId) }),
  });
}

export type VersionDetail = RoadmapVersion & { snapshot: RoadmapSnapshot };

/** A saved version with its frozen snapshot (versions never change: cached for good). */
export function useVersionDetail(wid: string, roadmapId: string, versionId: string | null) {
  return useQuery({
    queryKey: roadmapKey(wid, "version", versionId),
    queryFn: ({ signal }) =>
      api.get<VersionDetail>(versionPath(wid, roadmapId, versionId!), undefined, signal),
    enabled: Boolean(versionId),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type LinkState = "active" | "expired" | "revoked";
export function linkState(link: ShareLink, now = Date.now()): LinkState {
  if (link.revokedAt) return "revoked";
  return new Date(link.expiresAt).getTime() <= now ? "expired" : "active";
}

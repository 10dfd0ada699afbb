import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { ApiError, api, setCsrfToken } from "./client.ts";
import type { Health, SessionInfo } from "./types.ts";

export const sessionKey = ["session"] as const;
export const healthKey = ["health"] as const;

/** The current session, or null when nobody is logged in. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const s = await api.get<SessionInfo>("/auth/session");
    setCsrfToken(s.csrfToken);
    return s;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

export function useHealth() {
  return useQuery({ queryKey: healthKey, queryFn: () => api.get<Health>("/health"), staleTime: 5 * 60_000 });
}

/** Stores a SessionInfo returned by log-in, set-up or accepting an invitation. */
export function useAcceptSession() {
  const qc = useQueryClient();
  return useCallback(
    (s: SessionInfo) => {
      setCsrfToken(s.csrfToken);
      // Another user's cached data must never leak into this session.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" && q.queryKey[0] !== "health" });
      qc.setQueryData(sessionKey, s);
      qc.setQueryData<Health | undefined>(healthKey, (h) => (h ? { ...h, setupRequired: false } : h));
    },
    [qc],
  );
}

/** Drops a workspace I left or deleted from the cached session, so nothing routes back to it. */
export function useForgetWorkspace() {
  const qc = useQueryClient();
  return useCallback(
    (wid: string) => {
      qc.setQueryData<SessionInfo | null>(sessionKey, (s) =>
        s ? { ...s, workspaces: s.workspaces.filter((w) => w.id !== wid) } : s,
      );
      qc.removeQueries({ queryKey: ["ws", wid] });
      void qc.invalidateQueries({ queryKey: sessionKey });
    },
    [qc],
  );
}

/** Forgets the session locally (after log-out or when the server says it ended). */
export function useDropSession() {
  const qc = useQueryClient();
  return useCallback(() => {
    setCsrfToken(null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" && q.queryKey[0] !== "health" });
    qc.setQueryData(sessionKey, null);
  }, [qc]);
}

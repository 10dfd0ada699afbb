import { AppError, conflict, type ErrorCode, invalid, notFound } from "../../server/errors.ts";
import type { ExportDocument } from "../../server/modules/transfer/transfer.schema.ts";
import type { RoundDetail } from "../../shared/ideas.schemas.ts";
import type { Roadmap } from "../../shared/roadmap.schemas.ts";
import type { SessionInfo } from "../../shared/schemas.ts";
import type { Backend, WorkspaceRef } from "./backend.ts";
import type { Target } from "./target.ts";

type Query = Record<string, string | number | boolean | string[] | null | undefined>;

/** A small client of Baton's REST API: errors come back as the AppError the server raised. */
export function apiClient(target: Exclude<Target, { kind: "direct" }>) {
  const base = `${target.url}/api/v1`;
  return async function call<T>(
    method: string,
    path: string,
    o: { query?: Query; body?: unknown; text?: boolean } = {},
  ): Promise<T> {
    const url = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(o.query ?? {})) {
      if (v === undefined || v === null) continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${target.token}`,
          ...(o.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
    } catch (err) {
      const why = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new AppError(
        "internal",
        target.kind === "local"
          ? `The Baton using this data directory (pid ${target.pid}) does not answer at ${target.url} (${why?.code ?? why?.message ?? "no answer"}); if it is stuck, stop it`
          : `Cannot reach ${target.url} (${why?.code ?? why?.message ?? "no answer"})`,
      );
    }
    const text = await res.text();
    if (res.ok) return (o.text ? text : text ? JSON.parse(text) : undefined) as T;
    let error: { code?: ErrorCode; message?: string; fields?: Record<string, string> } = {};
    try {
      error = JSON.parse(text).error ?? {};
    } catch {
      // not Baton's error shape (a proxy's page?)
    }
    if (res.status === 401)
      throw new AppError(
        "unauthenticated",
        target.kind === "remote"
          ? `${target.url} refused the token (wrong, revoked or expired): ${error.message ?? "unauthenticated"}`
          : `The Baton using this data directory refused its local credential: ${error.message ?? "unauthenticated"}`,
      );
    throw new AppError(
      error.code ?? "internal",
      error.message ?? `${method} ${path} answered ${res.status}`,
      error.fields,
    );
  };
}

/** The backend on a Baton's REST API: the local one (as the operator) or a remote one (as the token's owner). */
export function httpBackend(target: Exclude<Target, { kind: "direct" }>): Backend {
  const call = apiClient(target);
  const ws = (wid: string) => `/workspaces/${wid}`;
  async function remoteWorkspace(ref: string | undefined): Promise<WorkspaceRef> {
    // A personal API token reaches one workspace: its own.
    const session = await call<SessionInfo>("GET", "/auth/session");
    const mine = session.workspaces[0];
    if (!mine) throw notFound("Workspace");
    const wanted = ref?.trim();
    if (wanted && wanted !== mine.id && wanted !== mine.slug)
      throw invalid(
        { "--workspace": `this token reaches only the workspace ${mine.slug}` },
        `Workspace "${wanted}" not found`,
      );
    return { id: mine.id, slug: mine.slug, name: mine.name };
  }
  return {
    kind: target.kind,
    workspace: (ref) =>
      target.kind === "local"
        ? call<WorkspaceRef>("GET", "/cli/workspace", { query: { ref: ref?.trim() || undefined } })
        : remoteWorkspace(ref),
    getProduct: (wid, id) => call("GET", `${ws(wid)}/products/${id}`),
    async searchProducts(wid, q) {
      const found: never[] = [];
      let cursor: string | undefined;
      do {
        const page = await call<{ items: never[]; nextCursor: string | null }>("GET", `${ws(wid)}/products`, {
          query: { q, limit: 100, cursor },
        });
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return found;
    },
    listRoadmaps: async (wid, productId) =>
      (await call<{ items: never[] }>("GET", `${ws(wid)}/roadmaps`, { query: { productId } })).items,
    async getRoadmap(wid, id) {
      const found = (await call<{ items: Roadmap[] }>("GET", `${ws(wid)}/roadmaps`)).items.find(
        (r) => r.id === id,
      );
      if (!found) throw notFound("Roadmap");
      return found;
    },
    ideasPage: (wid, pid, q) => call("GET", `${ws(wid)}/products/${pid}/ideas`, { query: q as Query }),
    importIdeas: (wid, pid, input) =>
      call("POST", `${ws(wid)}/products/${pid}/ideas/import`, { body: input }),
    exportIdeas: (wid, pid, format) =>
      call("GET", `${ws(wid)}/products/${pid}/ideas/export`, { query: { format }, text: true }),
    factorSet: (wid, productId) =>
      call("GET", `${ws(wid)}/factors`, { query: { productId: productId ?? undefined } }),
    putFactors: (wid, input) => call("PUT", `${ws(wid)}/factors`, { body: input }),
    listRounds: async (wid, q) =>
      (await call<{ items: never[] }>("GET", `${ws(wid)}/rounds`, { query: q })).items,
    getRound: (wid, id) => call("GET", `${ws(wid)}/rounds/${id}`),
    openRound: (wid, input) => call("POST", `${ws(wid)}/rounds`, { body: input }),
    async closeRound(wid, id) {
      return call<RoundDetail>("POST", `${ws(wid)}/rounds/${id}/close`).catch((err) => {
        if (err instanceof AppError && err.code === "conflict") throw conflict("The round is already closed");
        throw err;
      });
    },
    members: async (wid, q) =>
      (await call<{ items: never[] }>("GET", `${ws(wid)}/members`, { query: { q, limit: 20 } })).items,
    teams: async (wid) =>
      (await call<{ items: never[] }>("GET", `${ws(wid)}/teams`, { query: { limit: 200 } })).items,
    objectives: async (wid, status) =>
      (await call<{ items: never[] }>("GET", `${ws(wid)}/objectives`, { query: { status } })).items,
    capacity: (wid, from, months) => call("GET", `${ws(wid)}/capacity`, { query: { from, months } }),
    proposePlan: (wid, roadmapId, req) =>
      call("POST", `${ws(wid)}/roadmaps/${roadmapId}/plan`, { body: req }),
    applyPlan: async (wid, proposalId, reason) =>
      (await call<{ applied: number }>("POST", `${ws(wid)}/plans/${proposalId}/apply`, { body: { reason } }))
        .applied,
    exportRoadmap: (wid, id, format) =>
      call("GET", `${ws(wid)}/roadmaps/${id}/export`, { query: { format }, text: true }),
    async signoffs(wid, q) {
      const list = (await call<{ items: { id: string }[] }>("GET", `${ws(wid)}/signoffs`, { query: q }))
        .items;
      const details: never[] = [];
      for (const s of list) details.push(await call<never>("GET", `${ws(wid)}/signoffs/${s.id}`));
      return details;
    },
    exportWorkspace: (w) => call<ExportDocument>("GET", `${ws(w.id)}/export`),
    async sources(wid) {
      const all: never[] = [];
      let cursor: string | undefined;
      do {
        const page = await call<{ items: never[]; nextCursor: string | null }>("GET", `${ws(wid)}/sources`, {
          query: { limit: 200, cursor },
        });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
    pollSource: (wid, id) => call("POST", `${ws(wid)}/sources/${id}/poll`),
    importFeedback: (wid, input) => call("POST", `${ws(wid)}/feedback/import`, { body: input }),
    importCustomers: (wid, input) => call("POST", `${ws(wid)}/customers/import`, { body: input }),
    feedbackPage: (wid, q) => call("GET", `${ws(wid)}/feedback`, { query: q as Query }),
    competitors: async (wid, q) =>
      (await call<{ items: never[] }>("GET", `${ws(wid)}/competitors`, { query: q })).items,
    monitorPage: (wid, q) => call("GET", `${ws(wid)}/monitors`, { query: q }),
    checkMonitor: (wid, cid, mid) => call("POST", `${ws(wid)}/competitors/${cid}/monitors/${mid}/check`),
    checkAllMonitors: (wid, competitorId) =>
      call("POST", `${ws(wid)}/monitors/check`, { body: competitorId ? { competitorId } : {} }),
    changesPage: (wid, q) => call("GET", `${ws(wid)}/changes`, { query: q as Query }),
  };
}

import type { AuditEvent } from "../../../shared/schemas.ts";
import type { Actor } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { type AuditFilter, insertAuditEvents, selectAuditEvents } from "./audit.queries.ts";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

// Secrets never reach the audit log, whatever a caller passes in.
const SECRET_KEYS = new Set(["passwordHash", "tokenHash", "token", "password", "csrfToken"]);
function scrub(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

/** Records who changed what, with before/after, inside the caller's transaction. */
export async function recordAudit(db: Db, workspaceId: string, actor: Actor, ...entries: AuditEntry[]) {
  if (!entries.length) return;
  await insertAuditEvents(
    db,
    entries.map((e) => ({
      workspaceId,
      actorId: actor.userId,
      via: actor.via,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      before: scrub(e.before),
      after: scrub(e.after),
    })),
  );
}

/** A page of the workspace's audit log, newest first. */
export async function listAudit(
  db: Db,
  workspaceId: string,
  q: AuditFilter & { limit: number; cursor?: string },
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const rows = await selectAuditEvents(db, workspaceId, q, decodeCursor(q.cursor), q.limit);
  return toPage(rows as AuditEvent[], q.limit, (r) => ({ at: r.at, id: r.id }));
}

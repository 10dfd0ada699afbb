import { and, desc, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { auditEvents, users } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

export type AuditInsert = typeof auditEvents.$inferInsert;

export const insertAuditEvents = (db: Db, rows: AuditInsert[]) => db.insert(auditEvents).values(rows);

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export function selectAuditEvents(
  db: Db,
  workspaceId: string,
  f: AuditFilter,
  cursor: Cursor | null,
  limit: number,
) {
  const e = auditEvents;
  return db
    .select({
      id: e.id,
      at: e.at,
      actorId: e.actorId,
      actorName: users.name,
      via: e.via,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before,
      after: e.after,
    })
    .from(e)
    .leftJoin(users, eq(users.id, e.actorId))
    .where(
      and(
        eq(e.workspaceId, workspaceId),
        f.entityType ? eq(e.entityType, f.entityType) : undefined,
        f.entityId ? eq(e.entityId, f.entityId) : undefined,
        f.actorId ? eq(e.actorId, f.actorId) : undefined,
        f.action ? eq(e.action, f.action) : undefined,
        f.from ? gte(e.at, f.from) : undefined,
        f.to ? lte(e.at, f.to) : undefined,
        afterCursor(e.at, e.id, cursor),
      ),
    )
    .orderBy(desc(e.at), desc(e.id))
    .limit(limit + 1);
}

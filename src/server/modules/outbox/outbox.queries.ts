import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { outbox } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

export const insertOutbox = (db: Db, rows: (typeof outbox.$inferInsert)[]) =>
  db.insert(outbox).values(rows).returning({ id: outbox.id });

const cols = {
  id: outbox.id,
  to: outbox.to,
  subject: outbox.subject,
  text: outbox.text,
  kind: outbox.kind,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
};

export const selectOutbox = (db: Db, workspaceId: string | null, cursor: Cursor | null, limit: number) =>
  db
    .select(cols)
    .from(outbox)
    .where(
      and(
        workspaceId ? eq(outbox.workspaceId, workspaceId) : isNull(outbox.workspaceId),
        afterCursor(outbox.createdAt, outbox.id, cursor),
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1);

export const selectOutboxMessage = (db: Db, id: string) =>
  db
    .select({ ...cols, headers: outbox.headers, html: outbox.html })
    .from(outbox)
    .where(eq(outbox.id, id))
    .limit(1);

/** Counts an SMTP attempt: sent (error cleared) or failed with its error. */
export const updateOutboxAttempt = (db: Db, id: string, r: { sentAt: string } | { error: string }) =>
  db
    .update(outbox)
    .set(
      "sentAt" in r
        ? { sentAt: r.sentAt, lastError: null, attempts: sql`${outbox.attempts} + 1` }
        : { lastError: r.error.slice(0, 2000), attempts: sql`${outbox.attempts} + 1` },
    )
    .where(eq(outbox.id, id));

/** A workspace's mails of one kind to some addresses: when each was queued, sent, and its last error. */
export const selectMailsTo = (db: Db, workspaceId: string, kind: string, to: string[]) =>
  db
    .select({
      to: outbox.to,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(and(eq(outbox.workspaceId, workspaceId), eq(outbox.kind, kind), inArray(outbox.to, to)));

import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { outbox } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

export const insertOutbox = (db: Db, row: typeof outbox.$inferInsert) =>
  db.insert(outbox).values(row).returning({ id: outbox.id });

const cols = {
  id: outbox.id,
  to: outbox.to,
  subject: outbox.subject,
  text: outbox.text,
  kind: outbox.kind,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
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

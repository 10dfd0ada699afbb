import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { apiTokens } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

const cols = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};

export const insertToken = async (db: Db, row: typeof apiTokens.$inferInsert) =>
  (await db.insert(apiTokens).values(row).returning(cols))[0];

export const selectTokens = (
  db: Db,
  workspaceId: string,
  userId: string,
  cursor: Cursor | null,
  limit: number,
) =>
  db
    .select(cols)
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.workspaceId, workspaceId),
        eq(apiTokens.userId, userId),
        afterCursor(apiTokens.createdAt, apiTokens.id, cursor),
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(limit + 1);

export const selectToken = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(cols)
      .from(apiTokens)
      .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)))
  )[0] ?? null;

export const revokeTokenRow = (db: Db, workspaceId: string, id: string, now: string) =>
  db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));

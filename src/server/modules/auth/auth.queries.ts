import { and, count, desc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { hotRows, isoColumns } from "../../db/hot.ts";
import {
  apiTokens,
  authDevices,
  loginAttempts,
  memberships,
  passwordResets,
  sessions,
  users,
} from "../../db/schema.ts";

export const userCols = {
  id: users.id,
  email: users.email,
  name: users.name,
  timezone: users.timezone,
  isInstanceAdmin: users.isInstanceAdmin,
  createdAt: users.createdAt,
};

export const countUsers = async (db: Db) => (await db.select({ n: count() }).from(users))[0].n;

export const lockSetup = (db: Db) => db.execute(sql`SELECT pg_advisory_xact_lock(727010)`);

export const findUserByEmail = async (db: Db, email: string) =>
  (
    await db
      .select({ ...userCols, passwordHash: users.passwordHash })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`)
  )[0] ?? null;

export const findUserById = async (db: Db, id: string) =>
  (
    await db
      .select({ ...userCols, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, id))
  )[0] ?? null;

export const insertUser = async (db: Db, row: typeof users.$inferInsert) =>
  (await db.insert(users).values(row).returning(userCols))[0];

export const updateUser = (db: Db, id: string, set: Partial<typeof users.$inferInsert>) =>
  db
    .update(users)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning(userCols);

export const insertSession = (db: Db, row: typeof sessions.$inferInsert) => db.insert(sessions).values(row);

export const deleteSession = (db: Db, id: string) => db.delete(sessions).where(eq(sessions.id, id));

/** Deletes accounts (what references them is cascaded or set null by the schema). */
export const deleteUserRows = (db: Db, ids: string[]) => db.delete(users).where(inArray(users.id, ids));

export const deleteUserSessions = (db: Db, userId: string, exceptId?: string) =>
  db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptId ? ne(sessions.id, exceptId) : undefined))
    .returning({ id: sessions.id });

export const selectUserSessions = (db: Db, userId: string, now: string) =>
  db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));

const USER_COLS = `u.id, u.email, u.name, u.timezone, u.is_instance_admin AS "isInstanceAdmin", u.created_at AS "createdAt"`;
const RESOLVE_SESSION = `SELECT ${USER_COLS}, s.id AS "sessionId", s.csrf_token AS "csrfToken",
  s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt", m.role
  FROM sessions s JOIN users u ON u.id = s.user_id
  LEFT JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = $2::uuid
  WHERE s.id = $1 AND s.expires_at > $3::timestamptz`;
const RESOLVE_TOKEN = `SELECT ${USER_COLS}, t.id AS "tokenId", t.workspace_id AS "tokenWorkspaceId",
  t.last_used_at AS "lastUsedAt", m.role
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  LEFT JOIN memberships m ON m.user_id = t.user_id AND m.workspace_id = t.workspace_id
  WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2::timestamptz)`;

/** One round trip per request: the session, its user and (when asked) the role in one workspace. */
export async function resolveSessionRow(db: Db, id: string, workspaceId: string | null, now: string) {
  const hot = await hotRows<NonNullable<Awaited<ReturnType<typeof resolveSessionRowTx>>>>(
    db,
    "resolve_session",
    RESOLVE_SESSION,
    [id, workspaceId, now],
  );
  if (hot) return hot[0] ? isoColumns(hot[0], "createdAt", "expiresAt", "lastSeenAt") : null;
  return resolveSessionRowTx(db, id, workspaceId, now);
}

async function resolveSessionRowTx(db: Db, id: string, workspaceId: string | null, now: string) {
  const rows = await db
    .select({
      ...userCols,
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, sessions.userId),
        eq(memberships.workspaceId, workspaceId ?? sql`NULL::uuid`),
      ),
    )
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  return rows[0] ?? null;
}

export async function resolveTokenRow(db: Db, hash: string, now: string) {
  const hot = await hotRows<NonNullable<Awaited<ReturnType<typeof resolveTokenRowTx>>>>(
    db,
    "resolve_token",
    RESOLVE_TOKEN,
    [hash, now],
  );
  if (hot) return hot[0] ? isoColumns(hot[0], "createdAt", "lastUsedAt") : null;
  return resolveTokenRowTx(db, hash, now);
}

async function resolveTokenRowTx(db: Db, hash: string, now: string) {
  const rows = await db
    .select({
      ...userCols,
      tokenId: apiTokens.id,
      tokenWorkspaceId: apiTokens.workspaceId,
      lastUsedAt: apiTokens.lastUsedAt,
      role: memberships.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(
      memberships,
      and(eq(memberships.userId, apiTokens.userId), eq(memberships.workspaceId, apiTokens.workspaceId)),
    )
    .where(
      and(
        eq(apiTokens.tokenHash, hash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  return rows[0] ?? null;
}

export const touchSession = (db: Db, id: string, lastSeenAt: string, expiresAt: string) =>
  db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));

export const touchToken = (db: Db, workspaceId: string, id: string, at: string) =>
  db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));

export const insertLoginAttempt = (db: Db, row: typeof loginAttempts.$inferInsert) =>
  db.insert(loginAttempts).values(row);

export const insertPasswordReset = (db: Db, row: typeof passwordResets.$inferInsert) =>
  db.insert(passwordResets).values(row);

/** Takes a reset link and returns its user, only if unused and unexpired: the row lock makes it single use under races. */
export const takePasswordReset = async (db: Db, id: string, now: string) =>
  (
    await db
      .delete(passwordResets)
      .where(and(eq(passwordResets.id, id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId })
  )[0] ?? null;

/** Revokes every outstanding reset link of the user. */
export const deleteUserResets = (db: Db, userId: string) =>
  db.delete(passwordResets).where(eq(passwordResets.userId, userId));

/** The accounts a device cookie (its hash) has logged in to and not expired. */
export const selectDeviceUsers = async (db: Db, id: string, now: string) =>
  (
    await db
      .select({ userId: authDevices.userId })
      .from(authDevices)
      .where(and(eq(authDevices.id, id), gt(authDevices.expiresAt, now)))
  ).map((r) => r.userId);

export const upsertDevice = (db: Db, row: { id: string; userId: string; now: string; expiresAt: string }) =>
  db
    .insert(authDevices)
    .values({
      id: row.id,
      userId: row.userId,
      createdAt: row.now,
      lastSeenAt: row.now,
      expiresAt: row.expiresAt,
    })
    .onConflictDoUpdate({
      target: [authDevices.id, authDevices.userId],
      set: { lastSeenAt: row.now, expiresAt: row.expiresAt },
    });

/** Keeps the user's `keep` most recent live devices and drops the rest (and the expired). */
export const trimDevices = (db: Db, userId: string, now: string, keep: number) =>
  db.execute(sql`DELETE FROM auth_devices WHERE user_id = ${userId} AND (expires_at <= ${now}::timestamptz OR id NOT IN (
    SELECT id FROM auth_devices WHERE user_id = ${userId} ORDER BY last_seen_at DESC LIMIT ${keep}))`);

export const deleteUserDevices = (db: Db, userId: string) =>
  db.delete(authDevices).where(eq(authDevices.userId, userId));

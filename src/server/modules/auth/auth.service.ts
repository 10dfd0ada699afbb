import type { Role } from "../../../shared/enums.ts";
import type { SessionInfo, Setup } from "../../../shared/schemas.ts";
import type { Actor, Principal } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, conflict, invalid } from "../../errors.ts";
import { cachedAuth, invalidateAuthCache, rememberAuth } from "../../lib/auth-cache.ts";
import { addMs, type Clock, DAY } from "../../lib/clock.ts";
import { dummyHash, hashPassword, newSecret, sha256, verifyPassword } from "../../lib/crypto.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { clearHits, giveBackHits, type Limit, takeHits } from "../../lib/limits.ts";
import { createWorkspace, listMyWorkspaces } from "../workspaces/workspaces.service.ts";
import {
  AUTH_LIMITS,
  clearAccountLimit,
  deviceStatus,
  forgetDevices,
  limitKeys,
  rateLimited,
  rememberDevice,
} from "./auth.limits.ts";
import {
  countUsers,
  deleteSession,
  deleteUserResets,
  deleteUserRows,
  deleteUserSessions,
  findUserByEmail,
  findUserById,
  insertLoginAttempt,
  insertSession,
  insertUser,
  lockSetup,
  resolveSessionRow,
  resolveTokenRow,
  selectUserSessions,
  touchSession,
  touchToken,
  updateUser,
} from "./auth.queries.ts";

const TOUCH_EVERY_MS = 60_000;

export interface AuthOptions {
  clock: Clock;
  sessionDays: number;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export const isSetupRequired = async (db: Db) => (await countUsers(db)) === 0;

export async function createSession(
  db: Db,
  opts: AuthOptions,
  userId: string,
  userAgent?: string,
): Promise<NewSession> {
  const token = newSecret();
  const csrfToken = newSecret("", 24);
  const expiresAt = addMs(opts.clock.now(), opts.sessionDays * DAY).toISOString();
  await insertSession(db, {
    id: sha256(token),
    userId,
    csrfToken,
    userAgent: userAgent?.slice(0, 300) ?? null,
    createdAt: opts.clock.now().toISOString(),
    lastSeenAt: opts.clock.now().toISOString(),
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/** First run: the first account (instance admin, owner) and its workspace. Refused once any user exists. */
export async function setupInstance(db: Db, opts: AuthOptions, input: Setup, userAgent?: string) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await lockSetup(tx);
    if ((await countUsers(tx)) > 0) throw conflict("Baton is already set up; log in instead");
    const user = await createUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      isInstanceAdmin: true,
      timezone: input.timezone,
    });
    const actor = { userId: user.id, via: "session" as const };
    await createWorkspace(tx, actor, { name: input.workspaceName, slug: input.workspaceSlug });
    const session = await createSession(tx, opts, user.id, userAgent);
    const device = await rememberDevice(tx, opts.clock, user.id);
    return { user, session, device };
  });
}

/** Deletes accounts that belong to no workspace any more (the demo seed's undo after a failure). */
export const deleteAccounts = async (db: Db, userIds: string[]) => {
  if (userIds.length) await deleteUserRows(db, userIds);
};

/** Creates an account (set-up, CLI, invitations). The e-mail must be free. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; isInstanceAdmin?: boolean; timezone?: string } & (
    | { password: string }
    /** Hashed beforehand (hashPassword), outside the caller's transaction: scrypt takes ~100 ms per hash. */
    | { passwordHash: string }
  ),
) {
  try {
    return await insertUser(db, {
      email: input.email,
      name: input.name,
      passwordHash: "passwordHash" in input ? input.passwordHash : await hashPassword(input.password),
      isInstanceAdmin: input.isInstanceAdmin ?? false,
      ...(input.timezone ? { timezone: input.timezone } : {}),
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict("An account with this e-mail exists", { email: "already registered" });
    throw err;
  }
}

/**
 * Checks the password under the log-in limits (docs/SECURITY.md): from a browser that logged in to this
 * account before, only that device's own limit applies; otherwise the address+account, address and
 * account limits. An attempt is counted before the password is checked (so parallel attempts cannot
 * overrun a limit) and taken back when it succeeds.
 */
export async function login(
  db: Db,
  opts: AuthOptions,
  input: { email: string; password: string },
  meta: { ip: string; userAgent?: string; deviceToken?: string },
) {
  const email = input.email.toLowerCase();
  const user = await findUserByEmail(db, email);
  const device = await deviceStatus(db, opts.clock, meta.deviceToken, user?.id);
  const strict =
    device.trusted && user && device.hash
      ? ([limitKeys.device(device.hash, user.id), AUTH_LIMITS.device] as const)
      : ([limitKeys.ipAccount(meta.ip, email), AUTH_LIMITS.ipAccount] as const);
  const loose: [string, Limit][] = device.trusted
    ? []
    : [
        [limitKeys.ip(meta.ip), AUTH_LIMITS.ip],
        [limitKeys.account(email), AUTH_LIMITS.account],
      ];
  const verdict = await takeHits(db, opts.clock, [[...strict], ...loose]);
  if (!verdict.ok) throw rateLimited(verdict.retryAfterMs, "Too many failed log-in attempts");
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await dummyHash())) && false;
  const at = opts.clock.now().toISOString();
  await insertLoginAttempt(db, { email, ip: meta.ip, succeeded: ok, at });
  if (!user || !ok) throw new AppError("unauthenticated", "E-mail or password is wrong");
  await clearHits(db, [strict[0]]);
  await giveBackHits(
    db,
    opts.clock,
    loose.map(([k]) => k),
  );
  const session = await createSession(db, opts, user.id, meta.userAgent);
  const dev = await rememberDevice(db, opts.clock, user.id, device.known ? meta.deviceToken : undefined);
  const { passwordHash: _, ...publicUser } = user;
  return { user: publicUser, session, device: dev };
}

export async function logout(db: Db, sessionId: string) {
  await deleteSession(db, sessionId);
  invalidateAuthCache();
}

/** Ends every session of the user (all devices); returns how many ended. */
export async function logoutEverywhere(db: Db, userId: string) {
  const ended = (await deleteUserSessions(db, userId)).length;
  invalidateAuthCache();
  return ended;
}

/**
 * Resolves a session cookie or bearer token, and the role in `workspaceId` when given.
 * Sliding expiry: last-seen time and expiry move forward at most once a minute.
 */
export async function resolvePrincipal(
  db: Db,
  opts: AuthOptions,
  cred: { kind: "session" | "token"; secret: string },
  workspaceId: string | null,
): Promise<Principal | null> {
  const nowMs = opts.clock.now().getTime();
  const key = `${cred.kind}:${sha256(cred.secret)}:${workspaceId ?? ""}`;
  const hit = cachedAuth<Principal | null>(key, nowMs);
  if (hit !== undefined) return hit;
  const p = await lookupPrincipal(db, opts, cred, workspaceId);
  // Never cache past the credential's own expiry; failures are cached too (cheap bad-token floods).
  rememberAuth(key, p, nowMs, p?.expiresAt ? Date.parse(p.expiresAt) : undefined);
  return p;
}

async function lookupPrincipal(
  db: Db,
  opts: AuthOptions,
  cred: { kind: "session" | "token"; secret: string },
  workspaceId: string | null,
): Promise<Principal | null> {
  const now = opts.clock.now();
  const nowIso = now.toISOString();
  if (cred.kind === "session") {
    const row = await resolveSessionRow(db, sha256(cred.secret), workspaceId, nowIso);
    if (!row) return null;
    let expiresAt = row.expiresAt;
    if (now.getTime() - Date.parse(row.lastSeenAt) > TOUCH_EVERY_MS) {
      expiresAt = addMs(now, opts.sessionDays * DAY).toISOString();
      await touchSession(db, row.sessionId, nowIso, expiresAt);
    }
    const { sessionId, csrfToken, lastSeenAt: _l, expiresAt: _e, role, ...user } = row;
    return { user, via: "session", sessionId, csrfToken, expiresAt, role: (role as Role) ?? null };
  }
  const row = await resolveTokenRow(db, sha256(cred.secret), nowIso);
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > TOUCH_EVERY_MS) {
    await touchToken(db, row.tokenWorkspaceId, row.tokenId, nowIso);
  }
  const { tokenId: _t, tokenWorkspaceId, lastUsedAt: _u, role, ...user } = row;
  const sameWorkspace = workspaceId === null || workspaceId === tokenWorkspaceId;
  return {
    user,
    via: "token",
    tokenWorkspaceId,
    role: sameWorkspace ? ((role as Role) ?? null) : null,
  };
}

/** What the web app needs after log-in: the user, their workspaces and the CSRF token. */
export async function sessionInfo(db: Db, p: Principal): Promise<SessionInfo> {
  let workspaces = await listMyWorkspaces(db, p.user.id);
  if (p.tokenWorkspaceId) workspaces = workspaces.filter((w) => w.id === p.tokenWorkspaceId);
  return { user: p.user, workspaces, csrfToken: p.csrfToken ?? "", expiresAt: p.expiresAt ?? "" };
}

export async function listSessions(db: Db, clock: Clock, userId: string, currentId?: string) {
  const rows = await selectUserSessions(db, userId, clock.now().toISOString());
  // The session id is a hash of the cookie; clients see only a short handle of it.
  return rows.map((r) => ({ ...r, id: r.id.slice(0, 12), current: r.id === currentId }));
}

/** Changes the password after checking the current one, and ends the user's other sessions. */
export async function changePassword(
  db: Db,
  clock: Clock,
  actor: { userId: string; sessionId?: string },
  input: { currentPassword: string; newPassword: string },
) {
  // A stolen session must not become unlimited guesses at the password: counted first, given back on success.
  const key = limitKeys.passwordChange(actor.userId);
  const verdict = await takeHits(db, clock, [[key, AUTH_LIMITS.passwordChange]]);
  if (!verdict.ok) throw rateLimited(verdict.retryAfterMs, "Too many wrong current passwords");
  const user = await findUserById(db, actor.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw invalid({ currentPassword: "The current password is wrong" });
  }
  await clearHits(db, [key]);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash });
    await deleteUserSessions(tx, user.id, actor.sessionId);
  });
  invalidateAuthCache();
}

/** Sets a password without the old one: for the `baton admin reset-password` command. */
export async function adminSetPassword(db: Db, email: string, newPassword: string) {
  const user = await findUserByEmail(db, email);
  if (!user) throw invalid({ email: "No account with this e-mail" });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash });
    await deleteUserSessions(tx, user.id);
    await deleteUserResets(tx, user.id);
    await forgetDevices(tx, user.id);
    await clearAccountLimit(tx, user.email);
  });
  invalidateAuthCache();
  return user;
}

/** The time zone is checked by UpdateProfileSchema (TimeZoneSchema): unknown zones answer 400 with a field error. */
export async function updateProfile(db: Db, userId: string, input: { name?: string; timezone?: string }) {
  const [user] = await updateUser(db, userId, input);
  invalidateAuthCache(); // cached principals carry the user's name and time zone
  return user;
}

export type { Actor };
export { findUserByEmail };

import type { Role } from "../../../shared/enums.ts";
import type { SessionInfo, Setup, User } from "../../../shared/schemas.ts";
import type { Actor } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, conflict, invalid } from "../../errors.ts";
import { cachedAuth, invalidateAuthCache, rememberAuth } from "../../lib/auth-cache.ts";
import { addMs, type Clock, DAY, HOUR } from "../../lib/clock.ts";
import { dummyHash, hashPassword, newSecret, sha256, verifyPassword } from "../../lib/crypto.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { enqueueMail } from "../outbox/outbox.service.ts";
import { createWorkspace, listMyWorkspaces } from "../workspaces/workspaces.service.ts";
import {
  consumePasswordReset,
  countRecentFailures,
  countUsers,
  deleteSession,
  deleteUserSessions,
  findUserByEmail,
  findUserById,
  insertLoginAttempt,
  insertPasswordReset,
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

export const SESSION_COOKIE = "baton_session";
const TOUCH_EVERY_MS = 60_000;
const LOGIN_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

export interface AuthOptions {
  clock: Clock;
  sessionDays: number;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

/** Who a request is, resolved from its cookie or bearer token. */
export interface Principal {
  user: User;
  via: "session" | "token";
  sessionId?: string;
  csrfToken?: string;
  expiresAt?: string;
  /** A token is bound to one workspace. */
  tokenWorkspaceId?: string;
  /** The role in the workspace asked about (null: not a member). */
  role: Role | null;
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
    const user = await insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      isInstanceAdmin: true,
    });
    const actor = { userId: user.id, via: "session" as const };
    await createWorkspace(tx, actor, { name: input.workspaceName, slug: input.workspaceSlug });
    const session = await createSession(tx, opts, user.id, userAgent);
    return { user, session };
  });
}

/** Creates an account (CLI, invitations). The e-mail must be free. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; password: string; isInstanceAdmin?: boolean },
) {
  try {
    return await insertUser(db, {
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      isInstanceAdmin: input.isInstanceAdmin ?? false,
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict("An account with this e-mail exists", { email: "already registered" });
    throw err;
  }
}

/** Checks the password, rate-limited by e-mail and by IP (failures in the last 15 minutes). */
export async function login(
  db: Db,
  opts: AuthOptions,
  input: { email: string; password: string },
  meta: { ip: string; userAgent?: string },
) {
  const now = opts.clock.now();
  const since = addMs(now, -LOGIN_WINDOW_MS).toISOString();
  const failures = await countRecentFailures(db, input.email, meta.ip, since);
  if (failures.byEmail >= MAX_FAILURES_PER_EMAIL || failures.byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError("rate_limited", "Too many failed log-in attempts; wait 15 minutes and try again");
  }
  const user = await findUserByEmail(db, input.email);
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await dummyHash())) && false;
  await insertLoginAttempt(db, { email: input.email, ip: meta.ip, succeeded: ok, at: now.toISOString() });
  if (!user || !ok) throw new AppError("unauthenticated", "E-mail or password is wrong");
  const session = await createSession(db, opts, user.id, meta.userAgent);
  const { passwordHash: _, ...publicUser } = user;
  return { user: publicUser, session };
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
  actor: { userId: string; sessionId?: string },
  input: { currentPassword: string; newPassword: string },
) {
  const user = await findUserById(db, actor.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw invalid({ currentPassword: "The current password is wrong" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash });
    await deleteUserSessions(tx, user.id, actor.sessionId);
  });
  invalidateAuthCache();
}

/**
 * Sends a one-hour, single-use reset link to the outbox when the account exists.
 * Says nothing either way, so it cannot be used to discover accounts.
 */
export async function requestPasswordReset(db: Db, clock: Clock, publicUrl: string, email: string) {
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const token = newSecret();
  await db.transaction(async (tx) => {
    await insertPasswordReset(tx, {
      id: sha256(token),
      userId: user.id,
      createdAt: clock.now().toISOString(),
      expiresAt: addMs(clock.now(), HOUR).toISOString(),
    });
    await enqueueMail(tx, clock, {
      workspaceId: null,
      to: user.email,
      kind: "password_reset",
      subject: "Reset your Baton password",
      text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your Baton password. Open this link within an hour to choose a new one:\n\n${publicUrl}/reset-password?token=${token}\n\nIf it wasn't you, ignore this message: your password stays as it is.\n`,
    });
  });
}

/** Sets a new password from a reset token (single use, unexpired) and ends every session. */
export async function resetPassword(db: Db, clock: Clock, input: { token: string; newPassword: string }) {
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    const reset = await consumePasswordReset(tx, sha256(input.token), clock.now().toISOString());
    if (!reset) throw invalid({ token: "This reset link is invalid, expired or already used" });
    await updateUser(tx, reset.userId, { passwordHash });
    await deleteUserSessions(tx, reset.userId);
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
  });
  invalidateAuthCache();
  return user;
}

export async function updateProfile(db: Db, userId: string, input: { name?: string; timezone?: string }) {
  if (input.timezone) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: input.timezone });
    } catch {
      throw invalid({ timezone: "Unknown time zone" });
    }
  }
  const [user] = await updateUser(db, userId, input);
  invalidateAuthCache(); // cached principals carry the user's name and time zone
  return user;
}

export type { Actor };
export { findUserByEmail };

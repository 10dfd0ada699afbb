import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { addMs, type Clock, DAY, HOUR } from "../../lib/clock.ts";
import { newSecret, sha256 } from "../../lib/crypto.ts";
import { clearHits, ipKey, type Limit, waitPhrase } from "../../lib/limits.ts";
import { deleteUserDevices, selectDeviceUsers, trimDevices, upsertDevice } from "./auth.queries.ts";

const MINUTE = 60_000;

/** Every limit of log-in, password change and password reset (docs/SECURITY.md, "Log-in limits"). */
export const AUTH_LIMITS = {
  /** Wrong passwords for one account from one address (or from one known device): strict. */
  ipAccount: { max: 5, windowMs: 15 * MINUTE },
  device: { max: 5, windowMs: 15 * MINUTE },
  /** Wrong passwords from one address, whatever the account (password spraying). */
  ip: { max: 30, windowMs: 15 * MINUTE },
  /**
   * Wrong passwords for one account from anywhere unknown: looser, and never a lock-out: after 10 an
   * hour each further attempt waits 1 s, 2 s, 4 s … up to 5 minutes after the previous one.
   */
  account: { max: 100, windowMs: HOUR, delay: { free: 10, baseMs: 1000, maxMs: 5 * MINUTE } },
  /** Wrong current passwords on a password change, per user. */
  passwordChange: { max: 5, windowMs: 15 * MINUTE },
  /** Reset mails to one address: one per 5 minutes and five a day. */
  resetAddress: { max: 1, windowMs: 5 * MINUTE },
  resetAddressDay: { max: 5, windowMs: DAY },
  /** Reset requests from one address, whatever the account. */
  resetIp: { max: 10, windowMs: HOUR },
} satisfies Record<string, Limit>;

export const limitKeys = {
  ipAccount: (ip: string, email: string) => `login:ip-acct:${ipKey(ip)}:${email}`,
  device: (deviceHash: string, userId: string) => `login:device:${deviceHash}:${userId}`,
  ip: (ip: string) => `login:ip:${ipKey(ip)}`,
  account: (email: string) => `login:acct:${email}`,
  passwordChange: (userId: string) => `password:change:${userId}`,
  resetAddress: (email: string) => `reset:addr:${email}`,
  resetAddressDay: (email: string) => `reset:addr-day:${email}`,
  resetIp: (ip: string) => `reset:ip:${ipKey(ip)}`,
};

export const rateLimited = (retryAfterMs: number, what = "Too many failed attempts") =>
  new AppError("rate_limited", `${what}; try again in ${waitPhrase(retryAfterMs)}`);

/** Forgets the account-wide log-in counter: its owner just proved who they are (password reset). */
export const clearAccountLimit = (db: Db, email: string) =>
  clearHits(db, [limitKeys.account(email.toLowerCase())]);

export const DEVICE_COOKIE = "baton_device";
export const DEVICE_DAYS = 180;
const DEVICES_KEPT = 20;

export interface Device {
  token: string;
  expiresAt: string;
}

/**
 * Reads the device cookie: `trusted` when this browser has logged in to `userId` before (it then skips
 * the per-account limit), `known` when Baton issued it at all (it is reused for the next account).
 */
export async function deviceStatus(
  db: Db,
  clock: Clock,
  token: string | undefined,
  userId: string | undefined,
) {
  if (!token || token.length > 100) return { hash: null, trusted: false, known: false };
  const hash = sha256(token);
  const users = await selectDeviceUsers(db, hash, clock.now().toISOString());
  return { hash, trusted: !!userId && users.includes(userId), known: users.length > 0 };
}

/** Records that this browser logged in to the user (a new device token unless the cookie is one Baton issued). */
export async function rememberDevice(db: Db, clock: Clock, userId: string, known?: string): Promise<Device> {
  const token = known ?? newSecret("", 32);
  const now = clock.now().toISOString();
  const expiresAt = addMs(clock.now(), DEVICE_DAYS * DAY).toISOString();
  await upsertDevice(db, { id: sha256(token), userId, now, expiresAt });
  await trimDevices(db, userId, now, DEVICES_KEPT);
  return { token, expiresAt };
}

/** Forgets every browser of the user (password reset: whoever knew the old password loses the exemption). */
export const forgetDevices = (db: Db, userId: string) => deleteUserDevices(db, userId);

import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { invalidateAuthCache } from "../../lib/auth-cache.ts";
import { addMs, type Clock, HOUR } from "../../lib/clock.ts";
import { hashPassword, newSecret, sha256 } from "../../lib/crypto.ts";
import { takeHits } from "../../lib/limits.ts";
import { enqueueMail } from "../outbox/outbox.service.ts";
import { AUTH_LIMITS, clearAccountLimit, forgetDevices, limitKeys, rememberDevice } from "./auth.limits.ts";
import {
  deleteUserResets,
  deleteUserSessions,
  findUserByEmail,
  findUserById,
  insertPasswordReset,
  takePasswordReset,
  updateUser,
} from "./auth.queries.ts";

/**
 * Sends a one-hour reset link to the outbox when the account exists, revoking the user's older links.
 * Throttled per address (1 per 5 minutes, 5 a day) and per client address (10 an hour), counted in the
 * same transaction as the mail so parallel requests cannot beat it. The caller answers the same
 * whatever happened, so this reveals neither accounts nor throttling.
 */
export async function requestPasswordReset(
  db: Db,
  clock: Clock,
  publicUrl: string,
  input: { email: string; ip: string },
) {
  const email = input.email.toLowerCase();
  await db.transaction(async (tx) => {
    const verdict = await takeHits(tx, clock, [
      [limitKeys.resetIp(input.ip), AUTH_LIMITS.resetIp],
      [limitKeys.resetAddress(email), AUTH_LIMITS.resetAddress],
      [limitKeys.resetAddressDay(email), AUTH_LIMITS.resetAddressDay],
    ]);
    if (!verdict.ok) return;
    const user = await findUserByEmail(tx, email);
    if (!user) return;
    const token = newSecret();
    await deleteUserResets(tx, user.id);
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
      text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your Baton password. Open this link within an hour to choose a new one:\n\n${publicUrl}/reset-password?token=${token}\n\nIf it wasn't you, ignore this message: your password stays as it is. A newer link replaces this one.\n`,
    });
  });
}

/**
 * Sets a new password from a reset link (single use, unexpired), revokes the user's other links,
 * sessions and known devices, clears the account's log-in limit, and makes this browser a known device.
 */
export async function resetPassword(db: Db, clock: Clock, input: { token: string; newPassword: string }) {
  const passwordHash = await hashPassword(input.newPassword);
  const device = await db.transaction(async (tx) => {
    const reset = await takePasswordReset(tx, sha256(input.token), clock.now().toISOString());
    if (!reset) throw invalid({ token: "This reset link is invalid, expired or already used" });
    const user = await findUserById(tx, reset.userId);
    if (!user) throw invalid({ token: "This reset link is invalid, expired or already used" });
    await updateUser(tx, user.id, { passwordHash });
    await deleteUserResets(tx, user.id);
    await deleteUserSessions(tx, user.id);
    await forgetDevices(tx, user.id);
    await clearAccountLimit(tx, user.email);
    return rememberDevice(tx, clock, user.id);
  });
  invalidateAuthCache();
  return device;
}

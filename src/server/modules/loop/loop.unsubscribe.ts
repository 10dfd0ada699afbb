import { createHmac, randomBytes } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { safeEqual } from "../../lib/crypto.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { insertUnsubscribe, selectOrCreateSecret, selectUnsubscribeTarget } from "./loop.queries.ts";

/**
 * Signed unsubscribe links: `<workspace id>.<person id>.<HMAC-SHA256 of both>` with an instance secret kept in
 * the database (instance_secrets, created on first use, never exported), so every instance on one database
 * signs and checks alike and no account is needed to follow the link.
 */

const SECRET = "unsubscribe-hmac";
const secrets = new WeakMap<object, Promise<string>>();

/** The instance's HMAC key (read once per database handle). */
function secretOf(db: Db): Promise<string> {
  let s = secrets.get(db);
  if (!s) {
    s = selectOrCreateSecret(db, SECRET, randomBytes(32).toString("base64url"));
    s.catch(() => secrets.delete(db));
    secrets.set(db, s);
  }
  return s;
}

const sign = (key: string, workspaceId: string, personId: string) =>
  createHmac("sha256", key).update(`unsubscribe:${workspaceId}:${personId}`).digest("base64url");

export async function unsubscribeToken(db: Db, workspaceId: string, personId: string) {
  return `${workspaceId}.${personId}.${sign(await secretOf(db), workspaceId, personId)}`;
}

export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/unsubscribe/${token}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const INVALID_LINK =
  "This unsubscribe link is not valid: it was changed or cut short. Open the link exactly as it is in the e-mail.";

/** The workspace and person a token names; throws 400 when it is not one this instance signed. */
export async function verifyUnsubscribeToken(db: Db, token: string) {
  const [workspaceId, personId, sig, ...rest] = token.split(".");
  if (rest.length || !UUID.test(workspaceId ?? "") || !UUID.test(personId ?? "") || !sig)
    throw new AppError("validation", INVALID_LINK);
  if (!safeEqual(sig, sign(await secretOf(db), workspaceId, personId)))
    throw new AppError("validation", INVALID_LINK);
  return { workspaceId, personId };
}

/**
 * Follows an unsubscribe link: the person gets no close-the-loop mail again (by person and by address).
 * Idempotent: a second visit answers alreadyUnsubscribed and records nothing.
 */
export async function unsubscribe(db: Db, token: string, clock: Clock) {
  const { workspaceId, personId } = await verifyUnsubscribeToken(db, token);
  const target = await selectUnsubscribeTarget(db, workspaceId, personId);
  if (!target)
    throw new AppError("not_found", "This workspace no longer exists: there is nothing to unsubscribe from");
  const fresh = await insertUnsubscribe(db, workspaceId, personId, target.email, clock.now().toISOString());
  if (fresh)
    await recordAudit(
      db,
      workspaceId,
      { userId: null, via: "system" },
      {
        action: "customer.unsubscribe",
        entityType: "person",
        entityId: personId,
        after: { email: target.email },
      },
    );
  return { workspaceName: target.workspaceName, alreadyUnsubscribed: !fresh };
}

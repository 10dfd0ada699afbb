import type { Role } from "../../../shared/enums.ts";
import { ROLE_RANK } from "../../../shared/permissions.ts";
import type { CreateInvitation, Invitation } from "../../../shared/schemas.ts";
import type { Principal, WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../../errors.ts";
import { addMs, type Clock, DAY } from "../../lib/clock.ts";
import { newSecret, sha256 } from "../../lib/crypto.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { type AuthOptions, createSession, createUser, findUserByEmail } from "../auth/auth.service.ts";
import { addMember, isMember } from "../members/members.service.ts";
import { enqueueMail, mailStates } from "../outbox/outbox.service.ts";
import { getWorkspace } from "../workspaces/workspaces.service.ts";
import {
  consumeInvitation,
  insertInvitation,
  revokeInvitationRow,
  revokePendingFor,
  selectInvitation,
  selectInvitationByToken,
  selectInvitations,
} from "./invitations.queries.ts";

type Row = NonNullable<Awaited<ReturnType<typeof selectInvitation>>>;

function toInvitation(r: Row, now: Date, mail: Invitation["mail"] = null): Invitation {
  const status = r.acceptedAt
    ? "accepted"
    : r.revokedAt
      ? "revoked"
      : Date.parse(r.expiresAt) <= now.getTime()
        ? "expired"
        : "pending";
  return {
    id: r.id,
    email: r.email,
    role: r.role as Role,
    status,
    invitedBy: r.invitedById ? { id: r.invitedById, name: r.invitedByName ?? "" } : null,
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
    mail,
  };
}

/** Invites an e-mail address with a role; the link (shown once, and mailed) carries the only copy of the token. */
export async function createInvitation(
  db: Db,
  clock: Clock,
  publicUrl: string,
  ctx: WorkspaceContext,
  input: Required<CreateInvitation>,
) {
  if (ROLE_RANK[input.role] > ROLE_RANK[ctx.role])
    throw forbidden("You cannot invite someone with a role above yours");
  const existing = await findUserByEmail(db, input.email);
  if (existing && (await isMember(db, ctx.workspaceId, existing.id))) {
    throw conflict("This person is already a member", { email: "already a member" });
  }
  const now = clock.now();
  const token = newSecret("", 24);
  await revokePendingFor(db, ctx.workspaceId, input.email, now.toISOString());
  const { id } = await insertInvitation(db, {
    workspaceId: ctx.workspaceId,
    email: input.email,
    role: input.role,
    tokenHash: sha256(token),
    invitedBy: ctx.userId,
    createdAt: now.toISOString(),
    expiresAt: addMs(now, input.expiresInDays * DAY).toISOString(),
  });
  const inv = toInvitation((await selectInvitation(db, ctx.workspaceId, id))!, now);
  const ws = await getWorkspace(db, ctx.workspaceId);
  const url = `${publicUrl}/invite/${token}`;
  await enqueueMail(db, clock, {
    workspaceId: ctx.workspaceId,
    to: input.email,
    kind: "invitation",
    subject: `You're invited to ${ws.name} on Baton`,
    text: `${inv.invitedBy?.name ?? "Someone"} invited you to join ${ws.name} on Baton as ${input.role.replace("_", " ")}.\n\nAccept the invitation (valid until ${inv.expiresAt}):\n${url}\n`,
  });
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "invitation.create",
    entityType: "invitation",
    entityId: id,
    after: { email: inv.email, role: inv.role, expiresAt: inv.expiresAt },
  });
  return { ...inv, mail: "waiting" as const, token, url };
}

export async function listInvitations(
  db: Db,
  clock: Clock,
  workspaceId: string,
  q: { limit: number; cursor?: string },
) {
  const rows = await selectInvitations(db, workspaceId, decodeCursor(q.cursor), q.limit);
  const page = toPage(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
  const mail = await mailStates(
    db,
    workspaceId,
    "invitation",
    page.items.map((r) => ({ to: r.email, at: String(r.createdAt) })),
  );
  return {
    items: page.items.map((r, i) => toInvitation(r, clock.now(), mail[i] ?? null)),
    nextCursor: page.nextCursor,
  };
}

export async function revokeInvitation(db: Db, clock: Clock, ctx: WorkspaceContext, id: string) {
  const inv = await selectInvitation(db, ctx.workspaceId, id);
  if (!inv) throw notFound("Invitation");
  if (!(await revokeInvitationRow(db, ctx.workspaceId, id, clock.now().toISOString()))) {
    throw conflict("Only a pending invitation can be revoked");
  }
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "invitation.revoke",
    entityType: "invitation",
    entityId: id,
    before: { email: inv.email, role: inv.role },
  });
}

const gone = () =>
  new AppError("not_found", "This invitation link is invalid, expired, revoked or already used");

/** What the invitation page shows before accepting; 404 for anything not pending. */
export async function previewInvitation(db: Db, clock: Clock, token: string) {
  const row = await selectInvitationByToken(db, sha256(token));
  if (!row || toInvitation(row, clock.now()).status !== "pending") throw gone();
  return {
    workspaceName: row.workspaceName,
    email: row.email,
    role: row.role as Role,
    invitedBy: row.invitedByName,
    expiresAt: row.expiresAt,
    accountExists: (await findUserByEmail(db, row.email)) !== null,
  };
}

/**
 * Accepts an invitation: a logged-in user with the invited address joins; a new person creates an account
 * (name + password) and is logged in. Single use: a second attempt finds nothing.
 */
export async function acceptInvitation(
  db: Db,
  opts: AuthOptions,
  principal: Principal | null,
  input: { token: string; name?: string; password?: string; timezone?: string },
  userAgent?: string,
) {
  const now = opts.clock.now().toISOString();
  const hash = sha256(input.token);
  const row = await selectInvitationByToken(db, hash);
  if (!row || toInvitation(row, opts.clock.now()).status !== "pending") throw gone();
  return db.transaction(async (tx) => {
    let userId: string;
    let session = null;
    if (principal) {
      if (principal.user.email.toLowerCase() !== row.email.toLowerCase()) {
        throw forbidden(`This invitation is for ${row.email}; log out and accept it with that account`);
      }
      userId = principal.user.id;
    } else {
      if (await findUserByEmail(tx, row.email)) {
        throw new AppError("unauthenticated", `An account for ${row.email} exists: log in to accept`);
      }
      const fields: Record<string, string> = {};
      if (!input.name) fields.name = "Required";
      if (!input.password) fields.password = "Required";
      if (Object.keys(fields).length) throw invalid(fields, "Choose your name and a password");
      const user = await createUser(tx, {
        email: row.email,
        name: input.name!,
        password: input.password!,
        timezone: input.timezone,
      });
      userId = user.id;
      session = await createSession(tx, opts, userId, userAgent);
    }
    const used = await consumeInvitation(tx, hash, userId, now);
    if (!used) throw gone();
    await addMember(tx, used.workspaceId, { userId, via: "session" }, userId, used.role as Role);
    await recordAudit(
      tx,
      used.workspaceId,
      { userId, via: "session" },
      {
        action: "invitation.accept",
        entityType: "invitation",
        entityId: used.id,
        after: { email: row.email, role: used.role },
      },
    );
    return { userId, session, workspaceId: used.workspaceId };
  });
}

import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { invitations, users, workspaces } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

const cols = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  revokedAt: invitations.revokedAt,
  invitedById: invitations.invitedBy,
  invitedByName: users.name,
};

export const insertInvitation = async (db: Db, row: typeof invitations.$inferInsert) =>
  (await db.insert(invitations).values(row).returning({ id: invitations.id }))[0];

export const selectInvitations = (db: Db, workspaceId: string, cursor: Cursor | null, limit: number) =>
  db
    .select(cols)
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        afterCursor(invitations.createdAt, invitations.id, cursor),
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(limit + 1);

export const selectInvitation = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(cols)
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)))
  )[0] ?? null;

export const selectInvitationByToken = async (db: Db, tokenHash: string) =>
  (
    await db
      .select({ ...cols, workspaceId: invitations.workspaceId, workspaceName: workspaces.name })
      .from(invitations)
      .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.tokenHash, tokenHash))
  )[0] ?? null;

/** Revokes still-pending invitations of the same address (a re-invite replaces them). */
export const revokePendingFor = (db: Db, workspaceId: string, email: string, now: string) =>
  db
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        sql`lower(${invitations.email}) = lower(${email})`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );

export const revokeInvitationRow = async (db: Db, workspaceId: string, id: string, now: string) =>
  (
    await db
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.workspaceId, workspaceId),
          eq(invitations.id, id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id })
  )[0] ?? null;

/** Marks the invitation used, only if still pending and unexpired: single use even under races. */
export const consumeInvitation = async (db: Db, tokenHash: string, userId: string, now: string) =>
  (
    await db
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(
        and(
          eq(invitations.tokenHash, tokenHash),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ workspaceId: invitations.workspaceId, role: invitations.role, id: invitations.id })
  )[0] ?? null;

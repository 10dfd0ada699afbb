import type { ApiToken } from "../../../shared/schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import { invalidateAuthCache } from "../../lib/auth-cache.ts";
import { addMs, type Clock, DAY } from "../../lib/clock.ts";
import { newSecret, sha256 } from "../../lib/crypto.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { insertToken, revokeTokenRow, selectToken, selectTokens } from "./tokens.queries.ts";

const strip = ({ userId: _, ...t }: ApiToken & { userId: string }): ApiToken => t;

/** Creates a personal API token for this workspace; the secret is returned once and stored only hashed. */
export async function createToken(
  db: Db,
  clock: Clock,
  ctx: WorkspaceContext,
  input: { name: string; expiresInDays: number | null },
) {
  const token = newSecret("bt_");
  const row = await insertToken(db, {
    workspaceId: ctx.workspaceId,
    userId: ctx.userId!,
    name: input.name,
    prefix: token.slice(0, 10),
    tokenHash: sha256(token),
    createdAt: clock.now().toISOString(),
    expiresAt: input.expiresInDays ? addMs(clock.now(), input.expiresInDays * DAY).toISOString() : null,
  });
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "token.create",
    entityType: "api_token",
    entityId: row.id,
    after: { name: row.name, prefix: row.prefix, expiresAt: row.expiresAt },
  });
  return { ...strip(row), token };
}

/** The caller's own tokens in this workspace. */
export async function listTokens(db: Db, ctx: WorkspaceContext, q: { limit: number; cursor?: string }) {
  const rows = await selectTokens(db, ctx.workspaceId, ctx.userId!, decodeCursor(q.cursor), q.limit);
  const page = toPage(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
  return { items: page.items.map(strip), nextCursor: page.nextCursor };
}

/** Revokes a token: one's own, or anyone's for admins (e.g. after someone leaves). */
export async function revokeToken(db: Db, clock: Clock, ctx: WorkspaceContext, id: string) {
  const t = await selectToken(db, ctx.workspaceId, id);
  const isAdmin = ctx.role === "owner" || ctx.role === "admin";
  if (!t || (t.userId !== ctx.userId && !isAdmin)) throw notFound("Token");
  await revokeTokenRow(db, ctx.workspaceId, id, clock.now().toISOString());
  invalidateAuthCache();
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "token.revoke",
    entityType: "api_token",
    entityId: id,
    before: { name: t.name, prefix: t.prefix },
  });
}

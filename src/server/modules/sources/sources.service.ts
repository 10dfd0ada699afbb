import {
  type CreateSource,
  REQUIRED_SECRET,
  SECRET_NAMES,
  SOURCE_CONFIG_SCHEMAS,
  type Source,
  type SourceKind,
  type SourceListQuery,
  type SourceSecrets,
  type UpdateSource,
} from "../../../shared/sources.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoOrNull, isoTimestamp } from "../../db/schema.ts";
import { invalid, notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { scheduleJob } from "../jobs/jobs.service.ts";
import { assertProduct } from "../products/products.service.ts";
import {
  deleteSourceRow,
  insertSourceRow,
  type SourceRow,
  selectSource,
  selectSources,
  updateSourceRow,
  writeSecrets,
} from "./sources.queries.ts";

export const POLL_JOB = "source.poll";

/** A source as the API shows it: settings, state, and which secrets are set (never their values). */
export function toSource(r: SourceRow, now: Date): Source {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    productId: r.productId,
    config: r.config,
    enabled: r.enabled,
    intervalMinutes: r.intervalMinutes,
    secretsSet: r.secretsSet.filter((k) => (SECRET_NAMES as readonly string[]).includes(k)),
    state: {
      cursor: r.cursor,
      nextPollAt: isoTimestamp(r.nextPollAt),
      polling: r.leaseUntil !== null && new Date(r.leaseUntil).getTime() > now.getTime(),
      lastPolledAt: isoOrNull(r.lastPolledAt),
      lastSuccessAt: isoOrNull(r.lastSuccessAt),
      lastError:
        r.lastErrorCode && r.lastErrorAt
          ? { code: r.lastErrorCode, message: r.lastError ?? "", at: isoTimestamp(r.lastErrorAt) }
          : null,
      consecutiveFailures: r.consecutiveFailures,
      lastImported: r.lastImported,
      lastNewAt: isoOrNull(r.lastNewAt),
      totalImported: r.totalImported,
    },
    createdAt: isoTimestamp(r.createdAt),
    updatedAt: isoTimestamp(r.updatedAt),
    version: r.version,
  };
}

export async function findSourceRow(db: Db, workspaceId: string, id: string) {
  return (await selectSource(db, workspaceId, id)) ?? null;
}

export async function getSource(db: Db, workspaceId: string, id: string, clock: Clock): Promise<Source> {
  const r = await selectSource(db, workspaceId, id);
  if (!r) throw notFound("Source");
  return toSource(r, clock.now());
}

/** A page of the workspace's sources, oldest first (keyset on creation time and id). */
export async function listSources(
  db: Db,
  workspaceId: string,
  clock: Clock,
  query: SourceListQuery = { limit: 50 },
) {
  const now = clock.now();
  const rows = await selectSources(db, workspaceId, decodeCursor(query.cursor), query.limit);
  const page = toPage(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }));
  return { items: page.items.map((r) => toSource(r, now)), nextCursor: page.nextCursor };
}

/** Every source of the workspace (the CLI), page after page. */
export async function listAllSources(db: Db, workspaceId: string, clock: Clock) {
  const items: Source[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Source[]; nextCursor: string | null } = await listSources(db, workspaceId, clock, {
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, nextCursor: null };
}

/** Arms the durable job that polls the source at `at` (a job for an earlier time that finds it not due yet does nothing). */
export async function schedulePoll(db: Db, workspaceId: string, sourceId: string, at: Date) {
  await scheduleJob(db, {
    workspaceId,
    kind: POLL_JOB,
    key: `${POLL_JOB}:${sourceId}:${at.toISOString()}`,
    runAt: at.toISOString(),
    payload: { sourceId },
  });
}

const secretChanges = (s: SourceSecrets) =>
  Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Record<string, string | null>;

/** Audit entries carry the settings, never secrets (only which ones changed). */
const auditable = (s: Source) => {
  const { state: _state, ...rest } = s;
  return rest;
};

/** A kind that cannot be polled without a secret (Bluesky's app password) must have it. */
function assertRequiredSecret(kind: SourceKind, has: (name: string) => boolean) {
  const name = REQUIRED_SECRET[kind];
  if (name && !has(name)) throw invalid({ [`secrets.${name}`]: "Required to poll this source" });
}

export async function createSource(db: Db, ctx: WorkspaceContext, input: CreateSource, clock: Clock) {
  assertRequiredSecret(input.kind, (k) => !!input.secrets[k as keyof SourceSecrets]);
  if (input.productId) await assertProduct(db, ctx.workspaceId, input.productId);
  const now = clock.now();
  const { id } = await insertSourceRow(db, {
    workspaceId: ctx.workspaceId,
    kind: input.kind,
    name: input.name,
    productId: input.productId,
    config: input.config,
    enabled: input.enabled,
    intervalMinutes: input.intervalMinutes,
    nextPollAt: now.toISOString(),
    createdBy: ctx.userId,
  });
  const secrets = secretChanges(input.secrets);
  if (Object.keys(secrets).length) await writeSecrets(db, ctx.workspaceId, id, secrets);
  if (input.enabled) await schedulePoll(db, ctx.workspaceId, id, now);
  const after = await getSource(db, ctx.workspaceId, id, clock);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "source.create",
    entityType: "source",
    entityId: id,
    after: auditable(after),
  });
  return after;
}

export async function updateSource(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateSource,
  clock: Clock,
) {
  const before = await getSource(db, ctx.workspaceId, id, clock);
  const { version, secrets, config, ...set } = input;
  assertRequiredSecret(before.kind, (k) => {
    const change = secrets?.[k as keyof SourceSecrets];
    return change === undefined ? before.secretsSet.includes(k) : change !== null;
  });
  const row: Parameters<typeof updateSourceRow>[4] = { ...set };
  if (config !== undefined) {
    const parsed = SOURCE_CONFIG_SCHEMAS[before.kind].safeParse(config);
    if (!parsed.success) {
      throw invalid(
        Object.fromEntries(parsed.error.issues.map((i) => [["config", ...i.path].join("."), i.message])),
      );
    }
    row.config = parsed.data;
    // Another address or query is another stream: start it afresh.
    if (JSON.stringify(row.config) !== JSON.stringify(before.config)) {
      Object.assign(row, { cursor: null, etag: null, lastModified: null });
    }
  }
  if (set.productId) await assertProduct(db, ctx.workspaceId, set.productId);
  const now = clock.now();
  const enabling = set.enabled === true && !before.enabled;
  const interval = set.intervalMinutes;
  const intervalChanged = interval !== undefined && interval !== before.intervalMinutes;
  let next: Date | null = null;
  if (enabling || row.cursor === null) next = now;
  else if (intervalChanged && before.enabled && before.state.consecutiveFailures === 0) {
    const from = before.state.lastPolledAt ? new Date(before.state.lastPolledAt) : now;
    next = new Date(Math.max(now.getTime(), from.getTime() + interval * 60_000));
  }
  if (next) row.nextPollAt = next.toISOString();
  if (!(await updateSourceRow(db, ctx.workspaceId, id, version, row))) throw staleVersion("The source");
  const changes = secrets ? secretChanges(secrets) : {};
  // A stored session belongs to the account and service it was opened with: a new secret or config ends it.
  if (Object.keys(changes).length || row.cursor === null) {
    await writeSecrets(db, ctx.workspaceId, id, { ...changes, session: null });
  }
  const after = await getSource(db, ctx.workspaceId, id, clock);
  if (next && after.enabled) await schedulePoll(db, ctx.workspaceId, id, next);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "source.update",
    entityType: "source",
    entityId: id,
    before: auditable(before),
    after: {
      ...auditable(after),
      ...(secrets ? { secretsChanged: Object.keys(secretChanges(secrets)) } : {}),
    },
  });
  return after;
}

/** Deletes the source (its items stay in the inbox; its pending poll job finds nothing and ends). */
export async function deleteSource(db: Db, ctx: WorkspaceContext, id: string, clock: Clock) {
  const before = await getSource(db, ctx.workspaceId, id, clock);
  await deleteSourceRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "source.delete",
    entityType: "source",
    entityId: id,
    before: auditable(before),
  });
}

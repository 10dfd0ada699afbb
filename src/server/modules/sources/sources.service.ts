import {
  type CreateSource,
  SOURCE_CONFIG_SCHEMAS,
  type Source,
  type SourceKind,
  type SourceSecrets,
  type UpdateSource,
} from "../../../shared/sources.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
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

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** A source as the API shows it: settings, state, and which secrets are set (never their values). */
export function toSource(r: SourceRow, now: Date): Source {
  return {
    id: r.id,
    kind: r.kind as SourceKind,
    name: r.name,
    productId: r.productId,
    config: r.config,
    enabled: r.enabled,
    intervalMinutes: r.intervalMinutes,
    secretsSet: r.secretsSet,
    state: {
      cursor: r.cursor,
      nextPollAt: iso(r.nextPollAt) as string,
      polling: r.leaseUntil !== null && new Date(r.leaseUntil).getTime() > now.getTime(),
      lastPolledAt: iso(r.lastPolledAt),
      lastSuccessAt: iso(r.lastSuccessAt),
      lastError:
        r.lastErrorCode && r.lastErrorAt
          ? { code: r.lastErrorCode, message: r.lastError ?? "", at: iso(r.lastErrorAt) as string }
          : null,
      consecutiveFailures: r.consecutiveFailures,
      lastImported: r.lastImported,
      totalImported: r.totalImported,
    },
    createdAt: iso(r.createdAt) as string,
    updatedAt: iso(r.updatedAt) as string,
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

export async function listSources(db: Db, workspaceId: string, clock: Clock) {
  const now = clock.now();
  return { items: (await selectSources(db, workspaceId)).map((r) => toSource(r, now)) };
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

export async function createSource(db: Db, ctx: WorkspaceContext, input: CreateSource, clock: Clock) {
  if (input.productId) await assertProduct(db, ctx.workspaceId, input.productId);
  const now = clock.now();
  const { id } = await insertSourceRow(db, {
    workspaceId: ctx.workspaceId,
    kind: input.kind,
    name: input.name,
    productId: input.productId,
    config: input.config as Record<string, unknown>,
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
  const row: Parameters<typeof updateSourceRow>[4] = { ...set };
  if (config !== undefined) {
    const parsed = SOURCE_CONFIG_SCHEMAS[before.kind].safeParse(config);
    if (!parsed.success) {
      throw invalid(
        Object.fromEntries(parsed.error.issues.map((i) => [["config", ...i.path].join("."), i.message])),
      );
    }
    row.config = parsed.data as Record<string, unknown>;
    // Another address or query is another stream: start it afresh.
    if (JSON.stringify(row.config) !== JSON.stringify(before.config)) {
      Object.assign(row, { cursor: null, etag: null, lastModified: null });
    }
  }
  if (set.productId) await assertProduct(db, ctx.workspaceId, set.productId);
  const now = clock.now();
  const enabling = set.enabled === true && !before.enabled;
  const intervalChanged = set.intervalMinutes !== undefined && set.intervalMinutes !== before.intervalMinutes;
  let next: Date | null = null;
  if (enabling || row.cursor === null) next = now;
  else if (intervalChanged && before.enabled && before.state.consecutiveFailures === 0) {
    const from = before.state.lastPolledAt ? new Date(before.state.lastPolledAt) : now;
    next = new Date(Math.max(now.getTime(), from.getTime() + (set.intervalMinutes as number) * 60_000));
  }
  if (next) row.nextPollAt = next.toISOString();
  if (!(await updateSourceRow(db, ctx.workspaceId, id, version, row))) throw staleVersion("The source");
  if (secrets) {
    const changes = secretChanges(secrets);
    if (Object.keys(changes).length) await writeSecrets(db, ctx.workspaceId, id, changes);
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

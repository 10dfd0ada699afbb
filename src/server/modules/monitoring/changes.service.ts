import type {
  ChangeDetail,
  ChangePage,
  ChangeQuery,
  ChangeSummary,
  MarkNoise,
  UpdateChange,
} from "../../../shared/changes.schemas.ts";
import { phraseToPattern } from "../../../shared/changes.ts";
import { PATTERN_MAX_LENGTH, unsafePatternReason } from "../../../shared/monitoring.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, invalid, notFound, staleVersion } from "../../errors.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { readIdea } from "../ideas/ideas.service.ts";
import type { MailOut } from "../notifications/notifications.mail.ts";
import { notifyHighImportance } from "./changes.notify.ts";
import {
  addIgnorePattern,
  type ChangeSummaryRow,
  deleteChangeIdea,
  insertChangeIdea,
  selectChange,
  selectChangeIdeas,
  selectChanges,
  selectNeighbour,
  updateChangeRow,
} from "./changes.queries.ts";

/** How many ignore patterns a monitor keeps (the monitor's own config schema allows no more). */
const MAX_PATTERNS = 20;

const summaryOf = (r: ChangeSummaryRow): ChangeSummary => ({
  ...r,
  prices: (r.prices as Record<string, unknown>[] | null) ?? null,
  ideaCount: Number(r.ideaCount),
});

/** A page of the workspace's changes, newest first (keyset on detected_at, id); reported ones unless asked. */
export async function listChanges(db: Db, workspaceId: string, q: ChangeQuery): Promise<ChangePage> {
  const rows = await selectChanges(db, workspaceId, q, decodeCursor(q.cursor), q.limit);
  const page = toPage(rows, q.limit, (r) => ({ at: r.detectedAt, id: r.id }));
  return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
}

/** A change with its diff, monitor, competitor, linked ideas and its neighbours in the monitor's history. */
export async function getChange(db: Db, workspaceId: string, id: string): Promise<ChangeDetail> {
  const r = await selectChange(db, workspaceId, id);
  if (!r) throw notFound("Change");
  const [ideas, previous, next] = await Promise.all([
    selectChangeIdeas(db, workspaceId, id),
    selectNeighbour(db, workspaceId, r.monitorId, r, -1),
    selectNeighbour(db, workspaceId, r.monitorId, r, 1),
  ]);
  const {
    diff,
    fromSnapshotId,
    toSnapshotId,
    monitorConfig,
    monitorThreshold,
    monitorVersion,
    competitorWebsite,
    ...summary
  } = r;
  const patterns = (monitorConfig as { ignorePatterns?: unknown }).ignorePatterns;
  return {
    ...summaryOf(summary as ChangeSummaryRow),
    diff: diff as [number, string][],
    fromSnapshotId,
    toSnapshotId,
    monitor: {
      id: r.monitorId,
      name: r.monitorName,
      kind: r.monitorKind,
      url: r.monitorUrl,
      ignorePatterns: Array.isArray(patterns)
        ? patterns.filter((p): p is string => typeof p === "string")
        : [],
      thresholdPercent: monitorThreshold,
      version: monitorVersion,
    },
    competitor: { id: r.competitorId, name: r.competitorName, website: competitorWebsite },
    ideas,
    previous: previous ?? null,
    next: next ?? null,
  };
}

/** What the audit log keeps of a change (not its diff). */
const auditable = (c: ChangeDetail) => ({
  competitorId: c.competitorId,
  monitorId: c.monitorId,
  category: c.category,
  importance: c.importance,
  state: c.state,
  version: c.version,
});

/**
 * Triage (send the version you read): category, importance, state. Raising a reported change to high importance
 * notifies the competitor's watchers at once (but not the person who did it).
 */
export async function updateChange(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateChange,
  out: MailOut,
): Promise<ChangeDetail> {
  const before = await getChange(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  if (!(await updateChangeRow(db, ctx.workspaceId, id, version, set, ctx.userId)))
    throw staleVersion("The change");
  const after = await getChange(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "change.update",
    entityType: "competitor_change",
    entityId: id,
    before: auditable(before),
    after: auditable(after),
  });
  if (after.importance === "high" && before.importance !== "high")
    await notifyHighImportance(db, ctx.workspaceId, [id], out, ctx.userId);
  return after;
}

/** The regular expression an ignore rule stores: a phrase escaped, or a pattern of the safe subset. */
function ignoreRule(input: MarkNoise): string | null {
  if (input.phrase !== undefined) {
    const pattern = phraseToPattern(input.phrase);
    if (pattern.length > PATTERN_MAX_LENGTH) throw invalid({ phrase: "This phrase is too long to ignore" });
    const why = unsafePatternReason(pattern);
    if (why) throw invalid({ phrase: why });
    return pattern;
  }
  if (input.pattern !== undefined) {
    const why = unsafePatternReason(input.pattern);
    if (why) throw invalid({ pattern: why });
    return input.pattern;
  }
  return null;
}

/**
 * Marks a change as noise (send the version you read); with a phrase or pattern, its monitor ignores matches
 * from its next check on (the monitor's version is bumped in the same transaction). Web pages only.
 */
export async function markNoise(db: Db, ctx: WorkspaceContext, id: string, input: MarkNoise) {
  const before = await getChange(db, ctx.workspaceId, id);
  const rule = ignoreRule(input);
  const field = input.phrase !== undefined ? "phrase" : "pattern";
  if (rule !== null && before.monitor.kind !== "page")
    throw invalid({ [field]: "Ignore rules apply to monitored web pages only" });
  if (
    rule !== null &&
    !before.monitor.ignorePatterns.includes(rule) &&
    before.monitor.ignorePatterns.length >= MAX_PATTERNS
  )
    throw conflict(`The source already has ${MAX_PATTERNS} ignore rules; remove one in its settings first`, {
      [field]: "too many rules",
    });
  if (!(await updateChangeRow(db, ctx.workspaceId, id, input.version, { state: "noise" }, ctx.userId)))
    throw staleVersion("The change");
  const added = rule === null ? null : await addIgnorePattern(db, ctx.workspaceId, before.monitorId, rule);
  const after = await getChange(db, ctx.workspaceId, id);
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    {
      action: "change.noise",
      entityType: "competitor_change",
      entityId: id,
      before: auditable(before),
      after: auditable(after),
    },
    ...(added
      ? [
          {
            action: "monitor.ignore_pattern",
            entityType: "monitor",
            entityId: before.monitorId,
            before: { ignorePatterns: before.monitor.ignorePatterns, version: before.monitor.version },
            after: { ignorePatterns: after.monitor.ignorePatterns, version: added.version, fromChange: id },
          },
        ]
      : []),
  );
  return { change: after, addedPattern: added ? rule : null };
}

/** Links a change to an idea of the workspace (another workspace's idea: 404); created false when it already was. */
export async function linkChangeIdea(db: Db, ctx: WorkspaceContext, id: string, ideaId: string) {
  await getChange(db, ctx.workspaceId, id);
  const idea = await readIdea(db, ctx.workspaceId, ideaId);
  const created = await insertChangeIdea(db, ctx.workspaceId, id, ideaId, ctx.userId);
  if (created)
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "change.link_idea",
      entityType: "competitor_change",
      entityId: id,
      after: { ideaId, title: idea.title },
    });
  return { items: await selectChangeIdeas(db, ctx.workspaceId, id), created };
}

/** Removes a change's link to an idea (404 when there is none). */
export async function unlinkChangeIdea(db: Db, ctx: WorkspaceContext, id: string, ideaId: string) {
  await getChange(db, ctx.workspaceId, id);
  if (!(await deleteChangeIdea(db, ctx.workspaceId, id, ideaId))) throw notFound("Link");
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "change.unlink_idea",
    entityType: "competitor_change",
    entityId: id,
    before: { ideaId },
  });
}

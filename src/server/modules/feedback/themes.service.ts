import type { Suggestion, Theme, Trends } from "../../../shared/themes.schemas.ts";
import {
  averageLinkage,
  DEFAULT_THEME_SETTINGS,
  describeGroups,
  invertedIndex,
  type SimilarPair,
  similarPairs,
  tfidfVectors,
  tokenize,
  weeksEndingAt,
} from "../../../shared/themes.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { AppError, conflict, invalid, notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { eachChunk, nextTurn } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { touchInbox } from "../workspaces/workspaces.service.ts";
import {
  type CandidateRow,
  deleteThemeItem,
  deleteThemeRow,
  insertDismissals,
  insertTheme,
  insertThemeItems,
  lockTheme,
  moveThemeItems,
  renameThemeRow,
  selectCandidates,
  selectExistingItemIds,
  selectSentimentWeeks,
  selectThemeItemIds,
  selectThemes,
  selectThemeWeeks,
  type ThemeRow,
  touchTheme,
} from "./themes.queries.ts";

/** Feedback themes (docs/FEEDBACK.md "Themes"): confirmed groupings, suggestions computed on demand, trends. */

const toTheme = (r: ThemeRow): Theme =>
  isoColumns(r, "latestAt", "createdAt", "updatedAt") as unknown as Theme;

export async function listThemes(db: Db, workspaceId: string) {
  return { items: (await selectThemes(db, workspaceId)).map(toTheme) };
}

export async function getTheme(db: Db, workspaceId: string, id: string): Promise<Theme> {
  const [r] = await selectThemes(db, workspaceId, [id]);
  if (!r) throw notFound("Theme");
  return toTheme(r);
}

const nameTaken = () =>
  conflict("A theme with that name exists: merge into it instead", { name: "already taken" });

/** Refuses ids that are not items of this workspace (404 naming each: itemIds.2). */
async function checkItems(db: Db, workspaceId: string, itemIds: string[]) {
  const unique = [...new Set(itemIds)];
  const found = await selectExistingItemIds(db, workspaceId, unique);
  const fields: Record<string, string> = {};
  itemIds.forEach((id, i) => {
    if (!found.has(id)) fields[`itemIds.${i}`] = "not found";
  });
  if (Object.keys(fields).length)
    throw new AppError("not_found", "A referenced record was not found", fields);
  return unique;
}

/** Confirms a theme: a name and its items (a suggestion as shown, or any items picked). 409 when the name is taken. */
export async function createTheme(db: Db, ctx: WorkspaceContext, name: string, itemIds: string[]) {
  const ids = await checkItems(db, ctx.workspaceId, itemIds);
  let id: string;
  try {
    id = await insertTheme(db, ctx.workspaceId, name, ctx.userId);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  await insertThemeItems(db, ctx.workspaceId, id, ids, ctx.userId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "theme.create",
    entityType: "theme",
    entityId: id,
    after: { name, itemIds: ids },
  });
  await touchInbox(db, ctx.workspaceId); // the inbox filters by theme
  return getTheme(db, ctx.workspaceId, id);
}

export async function renameTheme(db: Db, ctx: WorkspaceContext, id: string, name: string, version: number) {
  const before = await lockTheme(db, ctx.workspaceId, id);
  if (!before) throw notFound("Theme");
  let ok: boolean;
  try {
    ok = await renameThemeRow(db, ctx.workspaceId, id, version, name);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  if (!ok) throw staleVersion("The theme");
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "theme.rename",
    entityType: "theme",
    entityId: id,
    before: { name: before.name },
    after: { name },
  });
  return getTheme(db, ctx.workspaceId, id);
}

/** Merges a theme into another: its items join the other (once), and it is deleted. */
export async function mergeTheme(db: Db, ctx: WorkspaceContext, id: string, intoId: string) {
  if (id === intoId) throw invalid({ intoId: "Pick another theme to merge into" });
  // Lock both in id order, so two opposite merges cannot deadlock; the second finds its theme gone (404).
  const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
  const a = await lockTheme(db, ctx.workspaceId, first);
  const b = await lockTheme(db, ctx.workspaceId, second);
  const from = id === first ? a : b;
  const into = id === first ? b : a;
  if (!from) throw notFound("Theme");
  if (!into) throw new AppError("not_found", "A referenced record was not found", { intoId: "not found" });
  const itemIds = await selectThemeItemIds(db, ctx.workspaceId, id);
  const moved = await moveThemeItems(db, ctx.workspaceId, id, intoId);
  await deleteThemeRow(db, ctx.workspaceId, id);
  await touchTheme(db, ctx.workspaceId, intoId);
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    {
      action: "theme.merge",
      entityType: "theme",
      entityId: id,
      before: { name: from.name, itemIds },
      after: { intoId, intoName: into.name },
    },
    {
      action: "theme.absorb",
      entityType: "theme",
      entityId: intoId,
      after: { fromId: id, fromName: from.name, added: moved },
    },
  );
  await touchInbox(db, ctx.workspaceId);
  return getTheme(db, ctx.workspaceId, intoId);
}

export async function deleteTheme(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await lockTheme(db, ctx.workspaceId, id);
  if (!before) throw notFound("Theme");
  const itemIds = await selectThemeItemIds(db, ctx.workspaceId, id);
  await deleteThemeRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "theme.delete",
    entityType: "theme",
    entityId: id,
    before: { name: before.name, itemIds },
  });
  await touchInbox(db, ctx.workspaceId);
}

export async function addThemeItems(db: Db, ctx: WorkspaceContext, id: string, itemIds: string[]) {
  if (!(await lockTheme(db, ctx.workspaceId, id))) throw notFound("Theme");
  const ids = await checkItems(db, ctx.workspaceId, itemIds);
  const added = await insertThemeItems(db, ctx.workspaceId, id, ids, ctx.userId);
  if (added.length) {
    await touchTheme(db, ctx.workspaceId, id);
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "theme.add_items",
      entityType: "theme",
      entityId: id,
      after: { itemIds: added },
    });
    await touchInbox(db, ctx.workspaceId);
  }
  return getTheme(db, ctx.workspaceId, id);
}

export async function removeThemeItem(db: Db, ctx: WorkspaceContext, id: string, itemId: string) {
  if (!(await lockTheme(db, ctx.workspaceId, id))) throw notFound("Theme");
  if (!(await deleteThemeItem(db, ctx.workspaceId, id, itemId)))
    throw notFound("Feedback item in this theme");
  await touchTheme(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "theme.remove_item",
    entityType: "theme",
    entityId: id,
    before: { itemId },
  });
  await touchInbox(db, ctx.workspaceId);
}

/** Dismisses a suggestion: its items are not suggested again (they can still be added to a theme by hand). */
export async function dismissSuggestion(db: Db, ctx: WorkspaceContext, itemIds: string[]) {
  const ids = await checkItems(db, ctx.workspaceId, itemIds);
  const dismissed = await insertDismissals(db, ctx.workspaceId, ids, ctx.userId);
  if (dismissed.length)
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "theme.dismiss",
      entityType: "theme",
      after: { itemIds: dismissed },
    });
  return { dismissed: dismissed.length };
}

/** Items read per step; each read is one short query after interactive requests had their turn. */
const READ_PAGE = 250;
/** Rows of the pair computation per chunk of JS between event-loop turns. */
const PAIR_ROWS = 100;

/**
 * Suggested themes over the newest `limit` items that are not spam, in no theme and not dismissed: TF-IDF
 * vectors, pairs by cosine, average-linkage clusters (src/shared/themes.ts). Read in pages after
 * yieldToInteractive and computed in chunks between event-loop turns, so PGlite's other requests go first.
 */
export async function suggestThemes(database: Database, workspaceId: string, limit: number) {
  const rows: CandidateRow[] = [];
  await database.inBackground(async () => {
    let after: { at: string; id: string } | null = null;
    while (rows.length < limit) {
      await database.yieldToInteractive();
      const page = await selectCandidates(
        database.db,
        workspaceId,
        after,
        Math.min(READ_PAGE, limit - rows.length),
      );
      rows.push(...page);
      if (page.length < READ_PAGE) break;
      const last = page[page.length - 1];
      after = { at: new Date(last.receivedAt).toISOString(), id: last.id };
    }
  });
  const tokens: string[][] = new Array(rows.length);
  await eachChunk(rows, 200, (chunk, start) => {
    chunk.forEach((r, k) => {
      tokens[start + k] = tokenize(`${r.title ?? ""}\n${r.text}`);
    });
  });
  const vectors = tfidfVectors(tokens);
  await nextTurn();
  const index = invertedIndex(vectors);
  const pairs: SimilarPair[] = [];
  const s = DEFAULT_THEME_SETTINGS;
  for (let from = 0; from < vectors.length; from += PAIR_ROWS) {
    if (from > 0) await nextTurn();
    pairs.push(
      ...similarPairs(vectors, s.minPairSim, from, Math.min(vectors.length, from + PAIR_ROWS), index),
    );
  }
  // Largest first, then the closest-knit.
  const groups = describeGroups(vectors, averageLinkage(vectors.length, pairs, s.threshold), s.minSize).sort(
    (a, b) => b.members.length - a.members.length || b.cohesion - a.cohesion,
  );
  const suggestions: Suggestion[] = groups.map((g) => ({
    key: rows[g.members[0]].id,
    name: g.name,
    terms: g.terms,
    cohesion: g.cohesion,
    items: g.members.map((i) => {
      const r = rows[i];
      return {
        id: r.id,
        title: r.title,
        excerpt: r.text.slice(0, 280),
        receivedAt: new Date(r.receivedAt).toISOString(),
        sentiment: r.sentiment as Suggestion["items"][number]["sentiment"],
      };
    }),
  }));
  return { considered: rows.length, suggestions };
}

const DAY_MS = 86_400_000;
const THEMES_CHARTED = 8;

/** Weekly counts and mean sentiment of the workspace's feedback, and of its themes, over `weeks` weeks. */
export async function feedbackTrends(
  db: Db,
  workspaceId: string,
  q: { weeks: number; to?: string; themeId?: string[] },
  clock: Clock,
): Promise<Trends> {
  const weeks = weeksEndingAt(q.to ?? clock.now(), q.weeks);
  const from = `${weeks[0]}T00:00:00.000Z`;
  const to = new Date(Date.parse(`${weeks[weeks.length - 1]}T00:00:00Z`) + 7 * DAY_MS).toISOString();
  const at = new Map(weeks.map((w, i) => [w, i]));
  const sentimentRows = await selectSentimentWeeks(db, workspaceId, from, to);
  const byWeek = new Map(sentimentRows.map((r) => [r.week, r]));
  const sentiment = weeks.map((week) => {
    const r = byWeek.get(week);
    return {
      week,
      count: r?.count ?? 0,
      positive: r?.positive ?? 0,
      neutral: r?.neutral ?? 0,
      negative: r?.negative ?? 0,
      averageScore: r?.averageScore == null ? null : round3(r.averageScore),
    };
  });
  const themeRows = await selectThemeWeeks(db, workspaceId, from, to, q.themeId ?? null);
  const perTheme = new Map<string, { counts: number[]; averageScore: (number | null)[]; total: number }>();
  for (const r of themeRows) {
    let t = perTheme.get(r.themeId);
    if (!t) {
      t = { counts: weeks.map(() => 0), averageScore: weeks.map(() => null), total: 0 };
      perTheme.set(r.themeId, t);
    }
    const i = at.get(r.week);
    if (i === undefined) continue;
    t.counts[i] = r.count;
    t.averageScore[i] = r.averageScore == null ? null : round3(r.averageScore);
    t.total += r.count;
  }
  const wanted = q.themeId ?? [...perTheme.keys()];
  const names = new Map((await selectThemes(db, workspaceId, wanted)).map((t) => [t.id, t.name]));
  const unknown = (q.themeId ?? []).findIndex((id) => !names.has(id));
  if (unknown >= 0)
    throw new AppError("not_found", "A referenced record was not found", {
      [`themeId.${unknown}`]: "not found",
    });
  const themes = wanted
    .filter((id) => names.has(id))
    .map((id) => {
      const t = perTheme.get(id) ?? {
        counts: weeks.map(() => 0),
        averageScore: weeks.map(() => null),
        total: 0,
      };
      return { id, name: names.get(id) as string, ...t };
    })
    .sort((x, y) => y.total - x.total || (x.name < y.name ? -1 : 1))
    .slice(0, q.themeId ? undefined : THEMES_CHARTED);
  return { weeks, sentiment, themes };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

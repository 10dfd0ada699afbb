import { createHash } from "node:crypto";
import {
  type CreateIdea,
  type FrameworkInputs,
  type Idea,
  type IdeaPage,
  IdeaPageSchema,
  type IdeaQuerySchema,
  type IdeaRow,
  type UpdateIdea,
} from "../../../shared/ideas.schemas.ts";
import { stripMarkdown } from "../../../shared/markdown.ts";
import { inputScores } from "../../../shared/scoring.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { conflict, forbidden, invalid, notFound, notFoundField, staleVersion } from "../../errors.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { assertMember } from "../members/members.service.ts";
import { getProduct } from "../products/products.service.ts";
import {
  explainScore,
  frameworkRanks,
  lockProductScores,
  refreshProductScores,
  rescoreIdeas,
  scoreHistory,
} from "../scoring/scoring.service.ts";
import {
  bulkUpdateIdeas,
  countIdeas,
  deleteIdeaRow,
  insertIdeaScores,
  insertIdeas,
  isWatching,
  limitPendingSearchEntries,
  moveIdeaData,
  type RawIdea,
  reserveIdeaNumbers,
  selectBacklogHead,
  selectCoverageOfIdeas,
  selectEvidenceOfIdeas,
  selectIdea,
  selectIdeaPage,
  selectIdeasByIds,
  setWatching,
  sortsByEvidence,
  updateIdeaRow,
  updateInputScores,
} from "./ideas.queries.ts";

type IdeaQuery = import("zod").infer<typeof IdeaQuerySchema>;

const INPUT_KEYS = [
  "effort",
  "reach",
  "impact",
  "confidence",
  "ease",
  "businessValue",
  "timeCriticality",
  "riskReduction",
  "jobSize",
] as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** A search snippet: plain text (Markdown stripped), HTML-escaped, then the matches wrapped in <mark>. */
const snippetHtml = (s: unknown) =>
  typeof s === "string"
    ? escapeHtml(stripMarkdown(s)).replaceAll("\u0001", "<mark>").replaceAll("\u0002", "</mark>")
    : undefined;

/** Words of a search box as a prefix tsquery ("dark mod" → "dark:* & mod:*"); nothing else reaches SQL syntax. */
export function prefixQuery(q: string | undefined): string | undefined {
  const words = (q ?? "").match(/[\p{L}\p{N}]+/gu)?.slice(0, 8);
  return words?.length ? words.map((w) => `${w.toLowerCase()}:*`).join(" & ") : undefined;
}

function toRow(r: RawIdea): IdeaRow {
  isoColumns(r, "createdAt", "updatedAt");
  const row = {
    id: r.id,
    productId: r.productId,
    number: r.number,
    title: r.title,
    status: r.status,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    tags: r.tags,
    effort: r.effort,
    score: r.score,
    scores: { weighted: r.scoreWeighted, rice: r.scoreRice, ice: r.scoreIce, wsjf: r.scoreWsjf },
    rank: r.rank,
    pinnedRank: r.pinnedRank,
    pinReason: r.pinReason,
    factorStats: r.factorStats,
    voters: r.voters,
    commentCount: r.commentCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  } as IdeaRow;
  if ("snippet" in r) row.snippet = snippetHtml(r.snippet) ?? null;
  return row;
}

/**
 * Served backlog pages, keyed by product, its ideas_version (read from the database on every request, so
 * every instance sees every write at once) and the query. Rows carry owner names, which a rename does not
 * version: entries also expire after 30 s.
 */
const PAGE_TTL_MS = 30_000;
const PAGE_CACHE_MAX = 500;
const pageCache = new BoundedMap<string, { at: number; body: string }>(PAGE_CACHE_MAX);

/**
 * A page of a product's backlog, filtered and sorted (rank by default), with the total for the scrollbar,
 * as JSON text (validated against IdeaPageSchema when built) and an ETag for conditional requests.
 */
export async function listIdeasJson(
  db: Db,
  workspaceId: string,
  productId: string,
  q: IdeaQuery,
  now = Date.now(),
  revenue = false,
): Promise<{ body: string; etag: string }> {
  assertSortAllowed(q, revenue);
  const head = await selectBacklogHead(db, workspaceId, productId);
  if (!head) throw notFound("Product");
  const filters = [q.q, q.status, q.tag, q.ownerId, q.segment, q.covered];
  // Pages with ARR (customers.revenue) and without it are different bodies.
  const query = JSON.stringify([...filters, q.sort, q.dir, q.offset, q.limit, revenue]);
  const key = `${workspaceId}/${productId}/${head.version}/${query}`;
  const etag = `W/"${head.version}-${createHash("sha1").update(query).digest("base64url").slice(0, 12)}"`;
  const hit = pageCache.get(key);
  if (hit && now - hit.at < PAGE_TTL_MS) return { body: hit.body, etag };
  // The total depends on the filters only: one count serves every page of a version.
  const countKey = `${workspaceId}/${productId}/${head.version}/count/${JSON.stringify(filters)}`;
  const counted = pageCache.get(countKey);
  const total = counted && now - counted.at < PAGE_TTL_MS ? Number(counted.body) : undefined;
  const page = await buildPage(
    db,
    workspaceId,
    productId,
    q,
    head.framework as IdeaPage["framework"],
    revenue,
    total,
  );
  const body = JSON.stringify(IdeaPageSchema.parse(page));
  remember(countKey, String(page.total), now);
  remember(key, body, now);
  return { body, etag };
}

function remember(key: string, body: string, now: number) {
  pageCache.set(key, { at: now, body });
}

/** The same page as an object (CLI and tests). */
export async function listIdeas(
  db: Db,
  workspaceId: string,
  productId: string,
  q: IdeaQuery,
  revenue = false,
): Promise<IdeaPage> {
  assertSortAllowed(q, revenue);
  const head = await selectBacklogHead(db, workspaceId, productId);
  if (!head) throw notFound("Product");
  return buildPage(db, workspaceId, productId, q, head.framework as IdeaPage["framework"], revenue);
}

/** Sorting by ARR would reveal revenue order: only with customers.revenue. */
function assertSortAllowed(q: IdeaQuery, revenue: boolean) {
  if (q.sort === "arr" && !revenue) throw forbidden("Only people who may see customer revenue sort by ARR");
}

async function buildPage(
  db: Db,
  workspaceId: string,
  productId: string,
  q: IdeaQuery,
  framework: IdeaPage["framework"],
  revenue: boolean,
  knownTotal?: number,
): Promise<IdeaPage> {
  const filter = {
    tsquery: prefixQuery(q.q),
    status: q.status,
    tag: q.tag,
    ownerId: q.ownerId,
    segment: q.segment,
    covered: q.covered,
    sort: q.sort ?? "rank",
    dir: q.dir,
  };
  const [rows, total] = await Promise.all([
    selectIdeaPage(db, workspaceId, productId, filter, q.offset ?? 0, q.limit ?? 50),
    knownTotal ?? countIdeas(db, workspaceId, productId, filter),
  ]);
  // Evidence columns: in the page query when it sorts by them, else one query for the page's ideas.
  const sorted = sortsByEvidence(filter.sort);
  const evidence = sorted
    ? new Map()
    : new Map(
        (
          await selectEvidenceOfIdeas(
            db,
            workspaceId,
            rows.map((r) => r.id),
            q.segment,
          )
        ).map((e) => [e.ideaId, e]),
      );
  // Competitor coverage of the page's ideas, and the product's number of competitors: one query.
  const coverage = await selectCoverageOfIdeas(
    db,
    workspaceId,
    productId,
    rows.map((r) => r.id),
  );
  const competitorTotal = coverage.find((c) => c.ideaId === null)?.have ?? 0;
  const covered = new Map(coverage.map((c) => [c.ideaId, c]));
  const items = rows.map((r) => {
    const row = toRow(r);
    const e = sorted ? r : evidence.get(r.id);
    row.feedbackCount = e?.feedbackCount ?? 0;
    row.demand = e?.demand ?? 0;
    if (revenue) row.arr = e?.arr ?? null;
    const c = covered.get(r.id);
    row.competitors = {
      have: c?.have ?? 0,
      total: competitorTotal,
      has: c?.has ?? [],
      partial: c?.partial ?? [],
    };
    return row;
  });
  const offset = q.offset ?? 0;
  const nextOffset = offset + rows.length < total ? offset + rows.length : null;
  return { items, total, nextOffset, framework };
}

type IdeaBase = Omit<Idea, "ranks" | "watching" | "watcherCount">;

/** An idea as stored (without its ranks under each framework or who watches it); throws when missing. */
export async function readIdea(db: Db, workspaceId: string, id: string): Promise<IdeaBase> {
  const r = await selectIdea(db, workspaceId, id);
  if (!r) throw notFound("Idea");
  return {
    ...toRow(r),
    description: r.description as string,
    links: r.links as Idea["links"],
    inputs: Object.fromEntries(INPUT_KEYS.map((k) => [k, r[k] ?? null])) as FrameworkInputs,
    scoredRoundId: r.scoredRoundId as string | null,
    mergedIntoId: r.mergedIntoId as string | null,
    createdBy: r.createdBy as string | null,
    createdByName: r.createdByName as string | null,
    version: r.version as number,
  };
}

/** An idea with everything its page shows; a merged idea comes back with mergedIntoId set. */
export async function getIdea(
  db: Db,
  ctx: { workspaceId: string; userId: string | null },
  id: string,
): Promise<Idea> {
  const idea = await readIdea(db, ctx.workspaceId, id);
  const [ranks, w] = await Promise.all([
    frameworkRanks(db, ctx.workspaceId, idea.productId, id),
    isWatching(db, ctx.workspaceId, id, ctx.userId),
  ]);
  return { ...idea, ranks, watching: w.watching, watcherCount: w.n };
}

/** An idea's score history (404 when it is not one of the workspace's ideas). */
export async function ideaScoreHistory(db: Db, workspaceId: string, id: string) {
  await readIdea(db, workspaceId, id);
  return { items: await scoreHistory(db, workspaceId, id) };
}

/** "Why this score" of an idea under its product's active framework. */
export async function explainIdeaScore(db: Db, workspaceId: string, id: string, revenue = false) {
  const idea = await readIdea(db, workspaceId, id);
  const product = await getProduct(db, workspaceId, idea.productId);
  return explainScore(db, workspaceId, idea, product.framework, revenue);
}

/** Column values of an idea's framework inputs, and the scores they give. */
export function inputColumns(inputs: Partial<FrameworkInputs>, base?: FrameworkInputs) {
  const merged = { ...(base ?? {}), ...inputs } as FrameworkInputs;
  for (const k of INPUT_KEYS) merged[k] ??= null;
  const s = inputScores(merged);
  return { inputs: merged, scores: { scoreRice: s.rice, scoreIce: s.ice, scoreWsjf: s.wsjf } };
}

export type NewIdea = Required<Omit<CreateIdea, "inputs">> & { inputs: Partial<FrameworkInputs> };

/** Creates ideas in one product (one or thousands: numbers are reserved in one step). Ranks are refreshed once. */
export async function insertNewIdeas(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  items: NewIdea[],
  { refresh = true } = {},
) {
  const first = await reserveIdeaNumbers(db, ctx.workspaceId, productId, items.length);
  const ids = await insertNumberedIdeas(db, ctx, productId, items, first);
  if (refresh) await refreshProductScores(db, ctx.workspaceId, productId);
  return ids;
}

/** Inserts ideas with numbers first, first + 1, … (reserved by reserveIdeaNumbers) and their input scores, unranked. */
export async function insertNumberedIdeas(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  items: NewIdea[],
  first: number,
) {
  const columns = items.map((it) => inputColumns(it.inputs));
  const rows = items.map((it, i) => ({
    workspaceId: ctx.workspaceId,
    productId,
    number: first + i,
    title: it.title,
    description: it.description,
    status: it.status,
    ownerId: it.ownerId,
    tags: [...new Set(it.tags)],
    links: it.links.map((l) => ({ url: l.url, title: l.title ?? "" })),
    createdBy: ctx.userId,
    ...columns[i].inputs,
  }));
  const ids: string[] = [];
  if (rows.length > 100) await limitPendingSearchEntries(db);
  for (let i = 0; i < rows.length; i += 1000)
    ids.push(...(await insertIdeas(db, rows.slice(i, i + 1000))).map((r) => r.id));
  const scores = columns.map((c, i) => ({
    workspaceId: ctx.workspaceId,
    ideaId: ids[i],
    productId,
    ...c.scores,
  }));
  for (let i = 0; i < scores.length; i += 1000) await insertIdeaScores(db, scores.slice(i, i + 1000));
  return ids;
}

export async function createIdea(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  input: Required<CreateIdea>,
) {
  await getProduct(db, ctx.workspaceId, productId);
  if (input.ownerId) await assertMember(db, ctx.workspaceId, input.ownerId, "ownerId");
  const [id] = await insertNewIdeas(db, ctx, productId, [input]);
  if (ctx.userId) await setWatching(db, ctx.workspaceId, id, [ctx.userId], true);
  const after = await getIdea(db, ctx, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.create",
    entityType: "idea",
    entityId: id,
    after,
  });
  return after;
}

const auditable = ({ watching, watcherCount, ranks, ...rest }: IdeaBase & Partial<Idea>) => rest;

/** Updates an idea (send the version you read); scores and ranks follow its new inputs and status. */
export async function updateIdea(db: Db, ctx: WorkspaceContext, id: string, input: UpdateIdea) {
  const before = await readIdea(db, ctx.workspaceId, id);
  if (before.mergedIntoId) throw conflict("This idea was merged; edit the idea it was merged into");
  await lockProductScores(db, ctx.workspaceId, before.productId);
  const { version, inputs, tags, ...set } = input;
  if (set.ownerId) await assertMember(db, ctx.workspaceId, set.ownerId, "ownerId");
  const cols = inputs ? inputColumns(inputs, before.inputs) : null;
  const ok = await updateIdeaRow(db, ctx.workspaceId, id, version, {
    ...set,
    ...(tags ? { tags: [...new Set(tags)] } : {}),
    ...cols?.inputs,
  });
  if (!ok) throw staleVersion("The idea");
  if (cols) await updateInputScores(db, ctx.workspaceId, id, cols.scores);
  if (inputs || set.status) await refreshProductScores(db, ctx.workspaceId, before.productId);
  const after = await getIdea(db, ctx, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.update",
    entityType: "idea",
    entityId: id,
    before: auditable(before),
    after: auditable(after),
  });
  return after;
}

export async function deleteIdea(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await readIdea(db, ctx.workspaceId, id);
  await lockProductScores(db, ctx.workspaceId, before.productId);
  await deleteIdeaRow(db, ctx.workspaceId, id);
  await refreshProductScores(db, ctx.workspaceId, before.productId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.delete",
    entityType: "idea",
    entityId: id,
    before: auditable(before),
  });
}

/** Holds an idea at a rank whatever its score, with the reason shown next to it; null unpins. */
export async function pinIdea(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  pin: { rank: number; reason: string } | null,
) {
  const before = await readIdea(db, ctx.workspaceId, id);
  if (before.mergedIntoId) throw conflict("This idea was merged");
  await lockProductScores(db, ctx.workspaceId, before.productId);
  await updateIdeaRow(db, ctx.workspaceId, id, null, {
    pinnedRank: pin?.rank ?? null,
    pinReason: pin?.reason ?? null,
  });
  await refreshProductScores(db, ctx.workspaceId, before.productId);
  const after = await getIdea(db, ctx, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: pin ? "idea.pin" : "idea.unpin",
    entityType: "idea",
    entityId: id,
    before: { pinnedRank: before.pinnedRank, pinReason: before.pinReason, rank: before.rank },
    after: { pinnedRank: after.pinnedRank, pinReason: after.pinReason, rank: after.rank },
  });
  return after;
}

/**
 * Merges a duplicate into a survivor of the same product: ratings (the survivor's own win on conflicts),
 * round membership, comments, watchers, links and tags move; the duplicate stays as a "merged" redirect.
 */
export async function mergeIdea(db: Db, ctx: WorkspaceContext, id: string, intoId: string) {
  if (id === intoId) throw invalid({ intoId: "An idea cannot be merged into itself" });
  // The product lock first, then both ideas read under it: parallel merges (x→y and y→x) run one after the
  // other, and the second sees the first's result instead of making a cycle.
  await lockProductScores(db, ctx.workspaceId, (await readIdea(db, ctx.workspaceId, id)).productId);
  const from = await readIdea(db, ctx.workspaceId, id);
  const into = await readIdea(db, ctx.workspaceId, intoId).catch(() => {
    throw invalid({ intoId: "No such idea in this workspace" });
  });
  if (from.mergedIntoId) throw conflict("This idea was already merged");
  if (into.mergedIntoId)
    throw invalid({ intoId: "That idea was itself merged; pick the idea it was merged into" });
  if (from.productId !== into.productId) throw invalid({ intoId: "Pick an idea of the same product" });
  await moveIdeaData(db, ctx.workspaceId, id, intoId);
  const links = [...into.links, ...from.links.filter((l) => !into.links.some((k) => k.url === l.url))].slice(
    0,
    50,
  );
  await updateIdeaRow(db, ctx.workspaceId, intoId, null, {
    links,
    tags: [...new Set([...into.tags, ...from.tags])],
  });
  await updateIdeaRow(db, ctx.workspaceId, id, null, {
    status: "merged",
    mergedIntoId: intoId,
    pinnedRank: null,
    pinReason: null,
    commentCount: 0,
  });
  await rescoreIdeas(db, ctx.workspaceId, into.productId, [intoId]);
  const after = await getIdea(db, ctx, intoId);
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    {
      action: "idea.merge",
      entityType: "idea",
      entityId: id,
      before: auditable(from),
      after: { mergedIntoId: intoId },
    },
    {
      action: "idea.absorb",
      entityType: "idea",
      entityId: intoId,
      before: auditable(into),
      after: auditable(after),
    },
  );
  return after;
}

/** Bulk edit of up to 1,000 ideas in one product; one audit entry per idea. */
export async function bulkEditIdeas(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  ids: string[],
  set: { status?: string; ownerId?: string | null; addTags?: string[]; removeTags?: string[] },
) {
  await getProduct(db, ctx.workspaceId, productId);
  if (set.ownerId) await assertMember(db, ctx.workspaceId, set.ownerId, "set.ownerId");
  if (Object.values(set).every((v) => v === undefined)) throw invalid({ set: "Choose something to change" });
  const unique = [...new Set(ids)];
  await lockProductScores(db, ctx.workspaceId, productId);
  const before = await selectIdeasByIds(db, ctx.workspaceId, unique);
  const known = new Set(before.filter((b) => b.productId === productId).map((b) => b.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length)
    throw notFoundField("ids", `Not ideas of this product: ${missing.slice(0, 5).join(", ")}`);
  const updated = await bulkUpdateIdeas(db, ctx.workspaceId, productId, unique, set);
  if (set.status) await refreshProductScores(db, ctx.workspaceId, productId);
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    ...before
      .filter((b) => b.productId === productId && !b.mergedIntoId)
      .map((b) => ({
        action: "idea.bulk_update",
        entityType: "idea",
        entityId: b.id,
        before: { status: b.status, ownerId: b.ownerId, tags: b.tags },
        after: set,
      })),
  );
  return { updated };
}

export async function watchIdea(db: Db, ctx: WorkspaceContext, id: string, on: boolean) {
  await readIdea(db, ctx.workspaceId, id);
  await setWatching(db, ctx.workspaceId, id, [ctx.userId as string], on);
  return { watching: on };
}

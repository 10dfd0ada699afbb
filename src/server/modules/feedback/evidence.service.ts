import {
  type CreateLink,
  type Evidence,
  type FeedbackLink,
  FeedbackQuerySchema,
} from "../../../shared/feedback.schemas.ts";
import { customerDemand, type DemandEntry, IMPORTANCES, type Importance } from "../../../shared/feedback.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { invalid, notFound, notFoundField } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getCompany, getPerson, presentCompany, seesRevenue } from "../customers/customers.service.ts";
import { readIdea } from "../ideas/ideas.service.ts";
import { getProduct } from "../products/products.service.ts";
import { settleComputedScores, touchBacklogs } from "../scoring/scoring.service.ts";
import {
  countLinksOfItem,
  deleteLinkRow,
  selectEvidence,
  selectIdeasOfPerson,
  selectLinksOfItems,
  selectProductDemand,
  selectQuotes,
  upsertLink,
} from "./evidence.queries.ts";
import { getItem, listFeedback, setItemStatus } from "./feedback.service.ts";

const QUOTES = 5;

export async function linksOfItem(db: Db, workspaceId: string, itemId: string) {
  const rows = await selectLinksOfItems(db, workspaceId, [itemId]);
  return rows.map((r) => isoColumns(r, "createdAt"));
}

/** An item with its links to ideas. */
export async function getItemDetail(db: Db, workspaceId: string, id: string) {
  const item = await getItem(db, workspaceId, id);
  return { ...item, links: await linksOfItem(db, workspaceId, id) };
}

/**
 * Links an item (or a span of it) to an idea of this workspace as evidence; linking again updates the span
 * and importance. The item becomes `linked` (unless archived or spam: a person chose that).
 */
export async function linkToIdea(db: Db, ctx: WorkspaceContext, itemId: string, input: CreateLink) {
  const item = await getItem(db, ctx.workspaceId, itemId);
  await readIdea(db, ctx.workspaceId, input.ideaId).catch(() => {
    throw notFoundField("ideaId");
  });
  if (input.end !== null && input.end > item.text.length)
    throw invalid({ end: `The span ends after the text (${item.text.length} characters)` });
  const link = await upsertLink(db, {
    workspaceId: ctx.workspaceId,
    itemId,
    ideaId: input.ideaId,
    spanStart: input.start,
    spanEnd: input.end,
    importance: input.importance,
    createdBy: ctx.userId,
  });
  await touchBacklogs(db, ctx.workspaceId, "ideas", [input.ideaId]);
  if (item.status === "new" || item.status === "triaged")
    await setItemStatus(db, ctx.workspaceId, itemId, "linked");
  const links: FeedbackLink[] = await linksOfItem(db, ctx.workspaceId, itemId);
  const after = links.find((l) => l.id === link.id) as FeedbackLink;
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: link.created ? "feedback.link" : "feedback.relink",
    entityType: "feedback",
    entityId: itemId,
    before: { status: item.status },
    after,
  });
  return { link: after, created: link.created };
}

/** Removes a link; an item left without links goes back from linked to triaged. */
export async function unlinkIdea(db: Db, ctx: WorkspaceContext, itemId: string, linkId: string) {
  const item = await getItem(db, ctx.workspaceId, itemId);
  const gone = await deleteLinkRow(db, ctx.workspaceId, itemId, linkId);
  if (!gone) throw notFound("Link");
  await touchBacklogs(db, ctx.workspaceId, "ideas", [gone.ideaId]);
  if (item.status === "linked" && (await countLinksOfItem(db, ctx.workspaceId, itemId)) === 0)
    await setItemStatus(db, ctx.workspaceId, itemId, "triaged");
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "feedback.unlink",
    entityType: "feedback",
    entityId: itemId,
    before: gone,
  });
}

const entry = (rank: number, arr: string | null): DemandEntry => ({
  importance: IMPORTANCES[Math.max(0, Math.min(2, rank - 1))] as Importance,
  arr: arr === null ? null : Number(arr),
});

/** An idea's evidence: counts, demand, ARR by segment (with customers.revenue), mixes, latest quotes. */
export async function ideaEvidence(db: Db, ctx: WorkspaceContext, ideaId: string): Promise<Evidence> {
  await readIdea(db, ctx.workspaceId, ideaId);
  const { totals, mixes, voices } = await selectEvidence(db, ctx.workspaceId, ideaId);
  const quotes = await selectQuotes(db, ctx.workspaceId, ideaId, QUOTES);
  const demand = customerDemand(
    voices.map((v) => ({
      importance: v.importance as Importance,
      arr: v.arr === null ? null : Number(v.arr),
    })),
  );
  const evidence: Evidence = {
    ideaId,
    feedbackCount: totals.items,
    customers: totals.customers,
    companies: totals.companies,
    demand,
    importance: mixes.filter((m) => m.kind === "importance").map(({ key, count }) => ({ key, count })),
    sentiment: mixes.filter((m) => m.kind === "sentiment").map(({ key, count }) => ({ key, count })),
    quotes: quotes.map((q) => isoColumns(q, "receivedAt")),
  };
  if (seesRevenue(ctx)) {
    const bySegment = new Map<string, NonNullable<Evidence["arrBySegment"]>[number]>();
    for (const v of voices.filter((x) => x.company)) {
      const k = `${v.segment}\u0000${v.currency}`;
      const s = bySegment.get(k) ?? { segment: v.segment, currency: v.currency, arr: 0, companies: 0 };
      s.arr += v.arr === null ? 0 : Number(v.arr);
      s.companies++;
      bySegment.set(k, s);
    }
    evidence.arrBySegment = [...bySegment.values()].sort((a, b) => b.arr - a.arr);
  }
  return evidence;
}

/**
 * Demand of every idea with evidence in a product (one query; backlog columns): items, distinct companies,
 * the 0–10 customer demand, and Σ ARR of the distinct companies with customers.revenue.
 */
export async function productDemand(db: Db, ctx: WorkspaceContext, productId: string) {
  await getProduct(db, ctx.workspaceId, productId);
  const rows = await selectProductDemand(db, ctx.workspaceId, productId);
  const revenue = seesRevenue(ctx);
  return {
    items: rows
      .map((r) => {
        const entries = r.voices.map(([rank, arr]) => entry(rank, arr));
        const row: {
          ideaId: string;
          feedbackCount: number;
          companies: number;
          demand: number;
          arr?: number;
        } = {
          ideaId: r.ideaId,
          feedbackCount: r.items,
          companies: r.companies,
          demand: customerDemand(entries),
        };
        if (revenue) row.arr = entries.reduce((s, e) => s + (e.arr ?? 0), 0);
        return row;
      })
      .sort((a, b) => b.demand - a.demand || a.ideaId.localeCompare(b.ideaId)),
  };
}

/** A customer's page: the person, their company, their latest feedback, the ideas it supports. */
export async function personPage(db: Db, ctx: WorkspaceContext, personId: string) {
  const person = await getPerson(db, ctx.workspaceId, personId);
  const company = person.companyId
    ? presentCompany(await getCompany(db, ctx.workspaceId, person.companyId), ctx)
    : null;
  const [feedback, ideas] = await Promise.all([
    listFeedback(db, ctx.workspaceId, FeedbackQuerySchema.parse({ personId, limit: 50 })),
    selectIdeasOfPerson(db, ctx.workspaceId, personId),
  ]);
  return { person, company, feedback: feedback.items, ideas };
}

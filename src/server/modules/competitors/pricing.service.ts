import type {
  CreatePricingPlan,
  PricePoint,
  PricingPlan,
  UpdatePricingPlan,
} from "../../../shared/competitors.schemas.ts";
import type { Actor, WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import type { BillingPeriod } from "../../db/schema.competitors.ts";
import { conflict, notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getCompetitor, lockCompetitorOf } from "./competitors.service.ts";
import {
  deletePlanRow,
  insertPlan,
  insertPricePoint,
  type PlanRow,
  type PricePointRow,
  selectHistory,
  selectPlan,
  selectPlanIdByName,
  selectPlans,
  updatePlanRow,
} from "./pricing.queries.ts";

/**
 * Pricing: a competitor's plans, each with its current price, and every observed price kept as a dated history
 * row (entered by hand, or read by monitoring from a pricing page through recordObservedPrices).
 */

const money = (v: string | number | null) => (v === null ? null : Number(v));
const toPlan = (r: PlanRow): PricingPlan => ({
  ...isoColumns(r, "createdAt", "updatedAt"),
  price: money(r.price),
});
const toPoint = (r: PricePointRow): PricePoint => ({ ...isoColumns(r, "observedAt"), price: money(r.price) });
const taken = () => conflict("This competitor has a plan with this name already", { name: "already taken" });

export async function getPlan(db: Db, workspaceId: string, id: string) {
  const r = await selectPlan(db, workspaceId, id);
  if (!r) throw notFound("Pricing plan");
  return toPlan(r);
}

/** A competitor's plans: current ones in their order, archived ones last. */
export async function listPlans(db: Db, workspaceId: string, competitorId: string) {
  await getCompetitor(db, workspaceId, competitorId);
  return { items: (await selectPlans(db, workspaceId, competitorId)).map(toPlan) };
}

/** Every observed price of a competitor's plans, oldest first (the price chart's points). */
export async function priceHistory(db: Db, workspaceId: string, competitorId: string) {
  await getCompetitor(db, workspaceId, competitorId);
  return { items: (await selectHistory(db, workspaceId, competitorId)).map(toPoint) };
}

type PriceFields = { price: number | null; currency: string; unit: string; billingPeriod: BillingPeriod };
const samePrice = (a: PriceFields, b: PriceFields) =>
  a.price === b.price &&
  a.currency === b.currency &&
  a.unit === b.unit &&
  a.billingPeriod === b.billingPeriod;

/** Adds a plan and its first history row (origin manual). */
export async function createPlan(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  input: CreatePricingPlan,
  clock: Clock,
) {
  await lockCompetitorOf(db, ctx.workspaceId, competitorId);
  if (await selectPlanIdByName(db, ctx.workspaceId, competitorId, input.name)) throw taken();
  let id: string;
  try {
    id = await insertPlan(db, { workspaceId: ctx.workspaceId, competitorId, ...input });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  await insertPricePoint(db, {
    workspaceId: ctx.workspaceId,
    planId: id,
    price: input.price,
    currency: input.currency,
    unit: input.unit,
    billingPeriod: input.billingPeriod,
    observedAt: input.observedAt ?? clock.now().toISOString(),
    origin: "manual",
    sourceUrl: input.sourceUrl,
    changeId: null,
    createdBy: ctx.userId,
  });
  const plan = await getPlan(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "pricing.plan_create",
    entityType: "pricing_plan",
    entityId: id,
    after: plan,
  });
  return plan;
}

/** Edits a plan (send its version); a new price, currency, unit or period appends a dated history row. */
export async function updatePlan(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdatePricingPlan,
  clock: Clock,
) {
  const first = await getPlan(db, ctx.workspaceId, id);
  await lockCompetitorOf(db, ctx.workspaceId, first.competitorId);
  const before = await getPlan(db, ctx.workspaceId, id);
  const name = input.name ?? before.name;
  if (name.toLowerCase() !== before.name.toLowerCase()) {
    const other = await selectPlanIdByName(db, ctx.workspaceId, before.competitorId, name);
    if (other && other !== id) throw taken();
  }
  const next: PriceFields = {
    price: input.price === undefined ? before.price : input.price,
    currency: input.currency ?? before.currency,
    unit: input.unit ?? before.unit,
    billingPeriod: input.billingPeriod ?? before.billingPeriod,
  };
  const now = clock.now().toISOString();
  const ok = await updatePlanRow(db, ctx.workspaceId, id, input.version, {
    name,
    ...next,
    archived: input.archived ?? before.archived,
    position: input.position ?? before.position,
    now,
  });
  if (!ok) throw staleVersion("This pricing plan");
  if (!samePrice(before, next))
    await insertPricePoint(db, {
      workspaceId: ctx.workspaceId,
      planId: id,
      ...next,
      observedAt: input.observedAt ?? now,
      origin: "manual",
      sourceUrl: input.sourceUrl ?? null,
      changeId: null,
      createdBy: ctx.userId,
    });
  const after = await getPlan(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: samePrice(before, next) ? "pricing.plan_update" : "pricing.price_change",
    entityType: "pricing_plan",
    entityId: id,
    before,
    after,
  });
  return after;
}

/** Deletes a plan with its history. */
export async function deletePlan(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getPlan(db, ctx.workspaceId, id);
  await lockCompetitorOf(db, ctx.workspaceId, before.competitorId);
  await deletePlanRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "pricing.plan_delete",
    entityType: "pricing_plan",
    entityId: id,
    before,
  });
}

/** A price read from a competitor's pricing page. */
export interface ObservedPrice {
  plan: string;
  price: number | null;
  currency: string;
  period: BillingPeriod;
  unit?: string;
}

const SYSTEM: Actor = { userId: null, via: "system" };

/**
 * Records the prices monitoring read from a pricing page, inside the caller's transaction: plans are matched by
 * name (case-insensitive), missing ones created; a history row (origin monitor) is appended, and the plan
 * updated, only when the price, currency, period or unit differs from the plan's current one. Returns what it did.
 */
export async function recordObservedPrices(
  db: Db,
  ctx: string | (Actor & { workspaceId: string }),
  competitorId: string,
  prices: ObservedPrice[],
  /** changeId: the change the prices were read on; null for a page's first snapshot (no change yet). */
  meta: { changeId: string | null; sourceUrl: string; observedAt: Date },
) {
  const workspaceId = typeof ctx === "string" ? ctx : ctx.workspaceId;
  const actor: Actor = typeof ctx === "string" ? SYSTEM : { userId: ctx.userId, via: ctx.via };
  await lockCompetitorOf(db, workspaceId, competitorId);
  const observedAt = meta.observedAt.toISOString();
  const created: string[] = [];
  const changed: string[] = [];
  const seen = new Set<string>();
  // One read of the competitor's plans instead of two queries per observed price.
  const existing = new Map(
    (await selectPlans(db, workspaceId, competitorId)).map((r) => [r.name.toLowerCase(), toPlan(r)]),
  );
  for (const p of prices) {
    const name = p.plan.trim().slice(0, 200);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const price = p.price === null || !Number.isFinite(p.price) ? null : Math.round(p.price * 100) / 100;
    if (price !== null && (price < 0 || price > 999_999_999_999)) continue;
    const currency = /^[A-Za-z]{3}$/.test(p.currency.trim()) ? p.currency.trim().toUpperCase() : "USD";
    const before = existing.get(name.toLowerCase()) ?? null;
    const next: PriceFields = {
      price,
      currency,
      unit: p.unit?.trim().slice(0, 100) || before?.unit || "flat",
      billingPeriod: p.period,
    };
    let planId = before?.id;
    if (!before) {
      planId = await insertPlan(db, { workspaceId, competitorId, name, ...next });
      created.push(planId);
    } else if (!samePrice(before, next)) {
      await updatePlanRow(db, workspaceId, before.id, null, {
        name: before.name,
        ...next,
        archived: before.archived,
        position: before.position,
        now: observedAt,
      });
      changed.push(before.id);
    } else continue;
    await insertPricePoint(db, {
      workspaceId,
      planId: planId!,
      ...next,
      observedAt,
      origin: "monitor",
      sourceUrl: meta.sourceUrl,
      changeId: meta.changeId,
      createdBy: null,
    });
    const after = await getPlan(db, workspaceId, planId!);
    await recordAudit(db, workspaceId, actor, {
      action: before ? "pricing.price_change" : "pricing.plan_create",
      entityType: "pricing_plan",
      entityId: planId!,
      before: before ?? undefined,
      after: { ...after, changeId: meta.changeId, sourceUrl: meta.sourceUrl },
    });
  }
  return { created, changed };
}

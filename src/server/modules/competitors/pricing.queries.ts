import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** The only SQL of pricing plans and their price history. */

export type PlanRow = {
  id: string;
  competitorId: string;
  name: string;
  price: string | number | null;
  currency: string;
  unit: string;
  billingPeriod: "month" | "year" | "once" | "other";
  archived: boolean;
  position: number;
  createdAt: string | Date;
  updatedAt: string | Date;
  version: number;
};

const PLAN = `SELECT id, competitor_id AS "competitorId", name, price::text AS price, currency, unit,
    billing_period AS "billingPeriod", archived, position, created_at AS "createdAt", updated_at AS "updatedAt", version
  FROM pricing_plans`;

export const selectPlans = (db: Db, workspaceId: string, competitorId: string) =>
  rawRows<PlanRow>(
    db,
    `${PLAN} WHERE workspace_id = $1 AND competitor_id = $2 ORDER BY archived, position, lower(name), id`,
    [workspaceId, competitorId],
  );

export async function selectPlan(db: Db, workspaceId: string, id: string) {
  const [r] = await rawRows<PlanRow>(db, `${PLAN} WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return r ?? null;
}

export async function selectPlanIdByName(db: Db, workspaceId: string, competitorId: string, name: string) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `SELECT id FROM pricing_plans WHERE workspace_id = $1 AND competitor_id = $2 AND lower(name) = lower($3)`,
    [workspaceId, competitorId, name],
  );
  return r?.id ?? null;
}

export async function insertPlan(
  db: Db,
  row: {
    workspaceId: string;
    competitorId: string;
    name: string;
    price: number | null;
    currency: string;
    unit: string;
    billingPeriod: string;
  },
) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO pricing_plans (workspace_id, competitor_id, name, price, currency, unit, billing_period, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position) + 1, 0) FROM pricing_plans
       WHERE workspace_id = $1 AND competitor_id = $2)) RETURNING id`,
    [row.workspaceId, row.competitorId, row.name, row.price, row.currency, row.unit, row.billingPeriod],
  );
  return r.id;
}

/** Writes a plan when `version` matches (null: whatever it is, for the monitor); false on a stale write. */
export async function updatePlanRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: {
    name: string;
    price: number | null;
    currency: string;
    unit: string;
    billingPeriod: string;
    archived: boolean;
    position: number;
    now: string;
  },
) {
  const rows = await rawRows(
    db,
    `UPDATE pricing_plans SET name = $4, price = $5, currency = $6, unit = $7, billing_period = $8, archived = $9,
       position = $10, updated_at = $11, version = version + 1
     WHERE workspace_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3) RETURNING id`,
    [
      workspaceId,
      id,
      version,
      set.name,
      set.price,
      set.currency,
      set.unit,
      set.billingPeriod,
      set.archived,
      set.position,
      set.now,
    ],
  );
  return rows.length > 0;
}

export const deletePlanRow = (db: Db, workspaceId: string, id: string) =>
  rawRows(db, `DELETE FROM pricing_plans WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);

export const insertPricePoint = (
  db: Db,
  row: {
    workspaceId: string;
    planId: string;
    price: number | null;
    currency: string;
    unit: string;
    billingPeriod: string;
    observedAt: string;
    origin: "manual" | "monitor";
    sourceUrl: string | null;
    changeId: string | null;
    createdBy: string | null;
  },
) =>
  rawRows(
    db,
    `INSERT INTO pricing_history (workspace_id, plan_id, price, currency, unit, billing_period, observed_at, origin,
       source_url, change_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      row.workspaceId,
      row.planId,
      row.price,
      row.currency,
      row.unit,
      row.billingPeriod,
      row.observedAt,
      row.origin,
      row.sourceUrl,
      row.changeId,
      row.createdBy,
    ],
  );

export type PricePointRow = {
  id: string;
  planId: string;
  planName: string;
  price: string | number | null;
  currency: string;
  unit: string;
  billingPeriod: "month" | "year" | "once" | "other";
  observedAt: string | Date;
  origin: "manual" | "monitor";
  sourceUrl: string | null;
  changeId: string | null;
};

/** Every observed price of a competitor's plans, oldest first. */
export const selectHistory = (db: Db, workspaceId: string, competitorId: string) =>
  rawRows<PricePointRow>(
    db,
    `SELECT h.id, h.plan_id AS "planId", p.name AS "planName", h.price::text AS price, h.currency, h.unit,
       h.billing_period AS "billingPeriod", h.observed_at AS "observedAt", h.origin, h.source_url AS "sourceUrl",
       h.change_id AS "changeId"
     FROM pricing_history h JOIN pricing_plans p ON p.workspace_id = h.workspace_id AND p.id = h.plan_id
     WHERE h.workspace_id = $1 AND p.competitor_id = $2 ORDER BY h.observed_at, h.created_at, h.id LIMIT 5000`,
    [workspaceId, competitorId],
  );

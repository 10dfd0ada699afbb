import { z } from "zod";
import {
  BATTLECARD_SECTIONS,
  BattlecardSchema,
  BattlecardSectionSchema,
  CreatePricingPlanSchema,
  CreateSwotCardSchema,
  PriceHistorySchema,
  PricingPlanListSchema,
  PricingPlanSchema,
  SwotCardSchema,
  SwotListSchema,
  UpdateBattlecardSectionSchema,
  UpdatePricingPlanSchema,
  UpdateSwotCardSchema,
} from "../../../shared/competitors.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { createPlan, deletePlan, getPlan, listPlans, priceHistory, updatePlan } from "./pricing.service.ts";
import {
  createCard,
  deleteCard,
  getBattlecard,
  getCard,
  listCards,
  putBattlecardSection,
  updateCard,
} from "./swot.service.ts";

const tags = ["competitors"];
const base = "/workspaces/:wid/competitors/:id";
const SectionParams = WsIdParams.extend({ section: z.enum(BATTLECARD_SECTIONS) });

/** A competitor's SWOT cards, pricing plans and history, and battlecard. */
export function competitorContentRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  // ---- SWOT ----
  app.get(
    `${base}/swot`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "The competitor's SWOT cards: strengths, weaknesses, opportunities, threats, each in order",
        params: WsIdParams,
        response: { 200: SwotListSchema },
      },
    },
    async (req) => listCards(db, wsOf(req).workspaceId, req.params.id),
  );
  app.post(
    `${base}/swot`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Add a SWOT card at the end of its quadrant, with its source (URL, date, detected change)",
        params: WsIdParams,
        body: CreateSwotCardSchema,
        response: { 201: SwotCardSchema },
      },
    },
    async (req, reply) => {
      const card = await db.transaction((tx) => createCard(tx, wsOf(req), req.params.id, req.body));
      return reply.status(201).send(card);
    },
  );
  app.get(
    "/workspaces/:wid/swot-cards/:id",
    {
      config: { auth: "competitors.read" },
      schema: { tags, summary: "A SWOT card", params: WsIdParams, response: { 200: SwotCardSchema } },
    },
    async (req) => getCard(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/swot-cards/:id",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Edit a SWOT card, or move it to another quadrant and/or position (send its version)",
        params: WsIdParams,
        body: UpdateSwotCardSchema,
        response: { 200: SwotCardSchema },
      },
    },
    async (req) => db.transaction((tx) => updateCard(tx, wsOf(req), req.params.id, req.body, clock)),
  );
  app.delete(
    "/workspaces/:wid/swot-cards/:id",
    {
      config: { auth: "competitors.write" },
      schema: { tags, summary: "Delete a SWOT card", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteCard(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );

  // ---- pricing ----
  app.get(
    `${base}/plans`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "The competitor's pricing plans with their current price (archived ones last)",
        params: WsIdParams,
        response: { 200: PricingPlanListSchema },
      },
    },
    async (req) => listPlans(db, wsOf(req).workspaceId, req.params.id),
  );
  app.post(
    `${base}/plans`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Add a pricing plan; its price is the first point of its history",
        params: WsIdParams,
        body: CreatePricingPlanSchema,
        response: { 201: PricingPlanSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      const plan = await db.transaction((tx) => createPlan(tx, wsOf(req), req.params.id, req.body, clock));
      return reply.status(201).send(plan);
    },
  );
  app.get(
    `${base}/price-history`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "Every observed price of the competitor's plans, oldest first, by hand or from monitoring",
        params: WsIdParams,
        response: { 200: PriceHistorySchema },
      },
    },
    async (req) => priceHistory(db, wsOf(req).workspaceId, req.params.id),
  );
  app.get(
    "/workspaces/:wid/pricing-plans/:id",
    {
      config: { auth: "competitors.read" },
      schema: { tags, summary: "A pricing plan", params: WsIdParams, response: { 200: PricingPlanSchema } },
    },
    async (req) => getPlan(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/pricing-plans/:id",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Edit a pricing plan (send its version); a new price, currency, unit or period is appended to its history",
        params: WsIdParams,
        body: UpdatePricingPlanSchema,
        response: { 200: PricingPlanSchema },
      },
    },
    async (req) => db.transaction((tx) => updatePlan(tx, wsOf(req), req.params.id, req.body, clock)),
  );
  app.delete(
    "/workspaces/:wid/pricing-plans/:id",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Delete a pricing plan with its history (archive it to keep the history)",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deletePlan(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );

  // ---- battlecard ----
  app.get(
    `${base}/battlecard`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "The competitor's battlecard: why we win, why we lose, objection handling, landmines (Markdown)",
        params: WsIdParams,
        response: { 200: BattlecardSchema },
      },
    },
    async (req) => getBattlecard(db, wsOf(req).workspaceId, req.params.id),
  );
  app.put(
    `${base}/battlecard/:section`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Write one battlecard section in Markdown (version 0 the first time, then the version read)",
        params: SectionParams,
        body: UpdateBattlecardSectionSchema,
        response: { 200: BattlecardSectionSchema, 409: ErrorResponse },
      },
    },
    async (req) =>
      db.transaction((tx) =>
        putBattlecardSection(tx, wsOf(req), req.params.id, req.params.section, req.body, clock),
      ),
  );
}

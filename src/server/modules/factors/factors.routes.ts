import { z } from "zod";
import {
  FactorQuerySchema,
  FactorSetSchema,
  PutFactorsSchema,
  RecomputeResultSchema,
} from "../../../shared/ideas.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { listProductIds } from "../products/products.service.ts";
import { recomputeWeighted } from "../scoring/scoring.service.ts";
import { dropFactorOverride, getFactorSet, productsFollowing, putFactors } from "./factors.service.ts";

const tags = ["factors"];

export function factorRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/factors",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "Scoring factors: a product's own set, else the workspace's defaults",
        params: WsParams,
        querystring: FactorQuerySchema,
        response: { 200: FactorSetSchema },
      },
    },
    async (req) => getFactorSet(db, wsOf(req).workspaceId, req.query.productId ?? null),
  );
  app.put(
    "/workspaces/:wid/factors",
    {
      config: { auth: "factors.write" },
      schema: {
        tags,
        summary: "Replace a factor set; every affected score is recomputed (past ratings are kept)",
        params: WsParams,
        body: PutFactorsSchema,
        response: { 200: RecomputeResultSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        const ctx = wsOf(req);
        const set = await putFactors(tx, ctx, req.body);
        const t0 = performance.now();
        const products = await productsFollowing(
          tx,
          ctx.workspaceId,
          set.productId && set.scope === "product" ? set.productId : null,
          () => listProductIds(tx, ctx.workspaceId),
        );
        const ideas = await recomputeWeighted(tx, ctx.workspaceId, products);
        return { ...set, recomputed: { ideas, ms: Math.round(performance.now() - t0) } };
      }),
  );
  app.delete(
    "/workspaces/:wid/products/:pid/factors",
    {
      config: { auth: "factors.write" },
      schema: {
        tags,
        summary: "Drop a product's own factors: it follows the workspace's defaults again",
        params: WsParams.extend({ pid: z.uuid() }),
        response: { 200: FactorSetSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        const set = await dropFactorOverride(tx, wsOf(req), req.params.pid);
        await recomputeWeighted(tx, wsOf(req).workspaceId, [req.params.pid]);
        return set;
      }),
  );
}

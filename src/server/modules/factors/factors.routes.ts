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
import { dropFactorOverrideAndRescore, replaceFactors } from "../scoring/scoring.service.ts";
import { readFactorSet } from "./factors.service.ts";

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
    async (req) => readFactorSet(db, wsOf(req).workspaceId, req.query.productId ?? null),
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
    async (req) => db.transaction((tx) => replaceFactors(tx, wsOf(req), req.body)),
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
    async (req) => db.transaction((tx) => dropFactorOverrideAndRescore(tx, wsOf(req), req.params.pid)),
  );
}

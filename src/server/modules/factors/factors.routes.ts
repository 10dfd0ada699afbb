import { z } from "zod";
import {
  FactorQuerySchema,
  FactorSetSchema,
  PutFactorsSchema,
  PutScoreCountingSchema,
  RecomputeResultSchema,
  ScoreCountingSchema,
} from "../../../shared/ideas.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../plugins/openapi.ts";
import { getProduct } from "../products/products.service.ts";
import { getScoreCounting } from "../scoring/scoring.service.ts";
import { setScoreCountingInSteps } from "./factors.counting.ts";
import { dropFactorOverrideInSteps, replaceFactorsInSteps } from "./factors.recompute.ts";
import { readFactorSet } from "./factors.service.ts";

const tags = ["factors"];

export function factorRoutes(app: ZodApp, { db, database, clock }: RouteDeps) {
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
    // Long work on PGlite: the set is written at once, the scores in short steps (factors.recompute.ts).
    async (req) => replaceFactorsInSteps(database, wsOf(req), req.body, clock),
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
    async (req) => dropFactorOverrideInSteps(database, wsOf(req), req.params.pid, clock),
  );
  app.get(
    "/workspaces/:wid/products/:pid/score-counting",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "How the product's scoring rounds count (replace or combine), and who changed it last",
        params: WsParams.extend({ pid: z.uuid() }),
        response: { 200: ScoreCountingSchema },
      },
    },
    async (req) => {
      const { workspaceId } = wsOf(req);
      await getProduct(db, workspaceId, req.params.pid);
      return getScoreCounting(db, workspaceId, req.params.pid);
    },
  );
  app.put(
    "/workspaces/:wid/products/:pid/score-counting",
    {
      config: { auth: "factors.write" },
      schema: {
        tags,
        summary: "Change how the product's rounds count: every rated idea is re-scored (audited, in steps)",
        params: WsParams.extend({ pid: z.uuid() }),
        body: PutScoreCountingSchema,
        response: {
          409: ErrorResponse,
          200: ScoreCountingSchema.extend({
            recomputed: z.object({ ideas: z.number().int(), ms: z.number().int() }),
          }),
        },
      },
    },
    async (req) => setScoreCountingInSteps(database, wsOf(req), req.params.pid, req.body, clock),
  );
}

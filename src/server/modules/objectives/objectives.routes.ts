import { z } from "zod";
import {
  CoverageSchema,
  CreateKeyResultSchema,
  CreateObjectiveSchema,
  type Objective,
  ObjectiveQuerySchema,
  ObjectiveSchema,
  UpdateKeyResultSchema,
  UpdateObjectiveSchema,
} from "../../../shared/roadmap.schemas.ts";
import { IdSchema } from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import { readIdea } from "../ideas/ideas.service.ts";
import { objectiveCoverage } from "./coverage.service.ts";
import {
  addKeyResult,
  createObjective,
  deleteKeyResult,
  deleteObjective,
  getObjective,
  ideaObjectiveIds,
  listObjectives,
  setIdeaObjectives,
  updateKeyResult,
  updateObjective,
} from "./objectives.service.ts";

const tags = ["objectives"];
/**
 * Checks the answer against its schema inside the transaction: if it cannot be sent, nothing is committed
 * (before, a key result that made progress NaN was stored and then answered 500, and stayed stored).
 */
const sendable = (o: Objective) => ObjectiveSchema.parse(o);
const IdList = z.object({ objectiveIds: z.array(IdSchema).max(50) });

export function objectiveRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/objectives",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Objectives (company and product) with key results and progress",
        params: WsParams,
        querystring: ObjectiveQuerySchema,
        response: { 200: z.object({ items: z.array(ObjectiveSchema) }) },
      },
    },
    async (req) => ({ items: await listObjectives(db, wsOf(req).workspaceId, req.query) }),
  );
  app.post(
    "/workspaces/:wid/objectives",
    {
      config: { auth: "objectives.write" },
      schema: {
        tags,
        summary: "Create an objective, optionally with key results",
        params: WsParams,
        body: CreateObjectiveSchema,
        response: { 201: ObjectiveSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction(async (tx) => sendable(await createObjective(tx, wsOf(req), req.body)))),
  );
  app.get(
    "/workspaces/:wid/objectives/coverage",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary:
          "Objectives with no planned work, planned items serving no objective, capacity share per objective",
        params: WsParams,
        querystring: z.object({ productId: IdSchema.optional() }),
        response: { 200: CoverageSchema },
      },
    },
    async (req) => objectiveCoverage(db, wsOf(req).workspaceId, req.query.productId),
  );
  app.get(
    "/workspaces/:wid/objectives/:id",
    {
      config: { auth: "roadmaps.read" },
      schema: { tags, summary: "An objective", params: WsIdParams, response: { 200: ObjectiveSchema } },
    },
    async (req) => getObjective(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/objectives/:id",
    {
      config: { auth: "objectives.write" },
      schema: {
        tags,
        summary: "Update an objective (send the version you read)",
        params: WsIdParams,
        body: UpdateObjectiveSchema,
        response: { 200: ObjectiveSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => sendable(await updateObjective(tx, wsOf(req), req.params.id, req.body))),
  );
  app.delete(
    "/workspaces/:wid/objectives/:id",
    {
      config: { auth: "objectives.write" },
      schema: { tags, summary: "Delete an objective", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteObjective(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.post(
    "/workspaces/:wid/objectives/:id/key-results",
    {
      config: { auth: "objectives.write" },
      schema: {
        tags,
        summary: "Add a key result",
        params: WsIdParams,
        body: CreateKeyResultSchema,
        response: { 201: ObjectiveSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await db.transaction(async (tx) =>
            sendable(await addKeyResult(tx, wsOf(req), req.params.id, req.body)),
          ),
        ),
  );
  app.patch(
    "/workspaces/:wid/key-results/:id",
    {
      config: { auth: "objectives.write" },
      schema: {
        tags,
        summary: "Edit a key result or record its progress (send the version you read)",
        params: WsIdParams,
        body: UpdateKeyResultSchema,
        response: { 200: ObjectiveSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => sendable(await updateKeyResult(tx, wsOf(req), req.params.id, req.body))),
  );
  app.delete(
    "/workspaces/:wid/key-results/:id",
    {
      config: { auth: "objectives.write" },
      schema: {
        tags,
        summary: "Delete a key result",
        params: WsIdParams,
        response: { 200: ObjectiveSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => sendable(await deleteKeyResult(tx, wsOf(req), req.params.id))),
  );
  app.get(
    "/workspaces/:wid/ideas/:id/objectives",
    {
      config: { auth: "roadmaps.read" },
      schema: { tags, summary: "Objectives an idea serves", params: WsIdParams, response: { 200: IdList } },
    },
    async (req) => {
      await readIdea(db, wsOf(req).workspaceId, req.params.id);
      return { objectiveIds: await ideaObjectiveIds(db, wsOf(req).workspaceId, req.params.id) };
    },
  );
  app.put(
    "/workspaces/:wid/ideas/:id/objectives",
    {
      config: { auth: "objectives.write" },
      schema: {
        tags,
        summary: "Link an idea to objectives (replaces its links)",
        params: WsIdParams,
        body: IdList,
        response: { 200: IdList },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        await readIdea(tx, wsOf(req).workspaceId, req.params.id);
        return { objectiveIds: await setIdeaObjectives(tx, wsOf(req), req.params.id, req.body.objectiveIds) };
      }),
  );
}

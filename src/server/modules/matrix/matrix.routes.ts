import { z } from "zod";
import {
  CreateMatrixRowSchema,
  IdeaCompetitorsSchema,
  LinkRowIdeaSchema,
  MatrixCellParams,
  MatrixCellSchema,
  MatrixQuerySchema,
  MatrixRowSchema,
  MatrixSchema,
  PutMatrixCellSchema,
  ReorderMatrixSchema,
  RowsFromIdeasResultSchema,
  RowsFromIdeasSchema,
  UpdateMatrixRowSchema,
} from "../../../shared/matrix.schemas.ts";
import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  createRow,
  createRowsFromIdeas,
  deleteMatrixRow,
  getMatrixJson,
  ideaCompetitors,
  linkRowToIdea,
  putCell,
  reorderMatrix,
  updateMatrixRow,
  verifyCell,
} from "./matrix.service.ts";

const tags = ["matrix"];
const ProductParams = WsParams.extend({ pid: z.uuid() });

/** The feature matrix (docs/COMPETITORS.md "Feature matrix"): rows of capabilities, our cell and competitors'. */
export function matrixRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/products/:pid/matrix",
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "A product's feature matrix: columns (its competitors), rows by theme with our cell and theirs, stale cells flagged; view=gaps (they have it, we don't: most-covered first, then by the idea's score) or differentiators",
        params: ProductParams,
        querystring: MatrixQuerySchema,
        response: { 200: MatrixSchema },
      },
    },
    async (req, reply) => {
      // JSON text from a cache checked against the matrix's fingerprint (getMatrixJson), past the zod serializer:
      // 3,000 cells through it cost more than the query, and the object is built field by field from the schema's
      // fields (toRows, toCell), so nothing else can leak.
      const body = await getMatrixJson(
        db,
        wsOf(req).workspaceId,
        req.params.pid,
        req.query.view,
        clock.now(),
      );
      return sendRaw(reply.type("application/json; charset=utf-8"), body);
    },
  );
  app.post(
    "/workspaces/:wid/products/:pid/matrix/rows",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Add a row: free-standing, from an idea or from a roadmap item of the product (named after it unless a name is given)",
        params: ProductParams,
        body: CreateMatrixRowSchema,
        response: { 201: MatrixRowSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createRow(tx, wsOf(req), req.params.pid, req.body, clock.now()))),
  );
  app.post(
    "/workspaces/:wid/products/:pid/matrix/rows/from-ideas",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Add a row for each of these ideas (ideas that already have a row are skipped)",
        params: ProductParams,
        body: RowsFromIdeasSchema,
        response: { 201: RowsFromIdeasResultSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await db.transaction((tx) =>
            createRowsFromIdeas(tx, wsOf(req), req.params.pid, req.body, clock.now()),
          ),
        ),
  );
  app.put(
    "/workspaces/:wid/products/:pid/matrix/order",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Reorder rows: the ids in their new order get positions 0, 1, … (others keep theirs)",
        params: ProductParams,
        body: ReorderMatrixSchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => reorderMatrix(tx, wsOf(req), req.params.pid, req.body.ids));
      return reply.status(204).send();
    },
  );
  app.patch(
    "/workspaces/:wid/matrix/rows/:id",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Update a row (send the version you read): name, theme, description, idea, roadmap item, our own cell (verified now)",
        params: WsIdParams,
        body: UpdateMatrixRowSchema,
        response: { 200: MatrixRowSchema },
      },
    },
    async (req) =>
      db.transaction((tx) => updateMatrixRow(tx, wsOf(req), req.params.id, req.body, clock.now())),
  );
  app.delete(
    "/workspaces/:wid/matrix/rows/:id",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Delete a row and its cells",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteMatrixRow(tx, wsOf(req), req.params.id, clock.now()));
      return reply.status(204).send();
    },
  );
  app.put(
    "/workspaces/:wid/matrix/rows/:id/cells/:competitorId",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Set a cell: a competitor's (linked to the row's product) or ours (competitorId \"ours\"): status, note, source URL; verified now unless verified is false; changeId names the detected change it comes from",
        params: MatrixCellParams,
        body: PutMatrixCellSchema,
        response: { 200: MatrixCellSchema, 409: ErrorResponse },
      },
    },
    async (req) =>
      db.transaction((tx) =>
        putCell(tx, wsOf(req), req.params.id, req.params.competitorId, req.body, clock.now()),
      ),
  );
  app.post(
    "/workspaces/:wid/matrix/rows/:id/cells/:competitorId/verify",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Mark a cell verified now, as it is",
        params: MatrixCellParams,
        response: { 200: MatrixCellSchema },
      },
    },
    async (req) =>
      db.transaction((tx) => verifyCell(tx, wsOf(req), req.params.id, req.params.competitorId, clock.now())),
  );
  app.post(
    "/workspaces/:wid/matrix/rows/:id/idea",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Link a row (a gap) to an idea: an existing idea of the product (ideaId), or a new idea made from the row (needs ideas.write too)",
        params: WsIdParams,
        body: LinkRowIdeaSchema,
        response: { 200: MatrixRowSchema },
      },
    },
    async (req) => db.transaction((tx) => linkRowToIdea(tx, wsOf(req), req.params.id, req.body, clock.now())),
  );
  app.get(
    "/workspaces/:wid/ideas/:id/competitors",
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "How many of the product's competitors have an idea (over the matrix rows linked to it): have, partial, of total",
        params: WsIdParams,
        response: { 200: IdeaCompetitorsSchema },
      },
    },
    async (req) => ideaCompetitors(db, wsOf(req).workspaceId, req.params.id, clock.now()),
  );
}

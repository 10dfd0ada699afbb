import { z } from "zod";
import {
  BatchResultSchema,
  CreateFeedbackSchema,
  CreateLinkSchema,
  DemandSchema,
  EvidenceSchema,
  FeedbackBatchSchema,
  FeedbackCountsSchema,
  FeedbackDetailSchema,
  FeedbackLinkSchema,
  FeedbackPageSchema,
  FeedbackQuerySchema,
  IngestResultSchema,
  PersonPageDataSchema,
  UpdateFeedbackSchema,
} from "../../../shared/feedback.schemas.ts";
import { FeedbackImportResultSchema, ImportFeedbackSchema } from "../../../shared/imports.schemas.ts";
import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import { withRoomyHeap } from "../../lib/heap.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import {
  getItemDetail,
  ideaEvidence,
  linkToIdea,
  personPage,
  productDemand,
  unlinkIdea,
} from "./evidence.service.ts";
import { importFeedbackCsv } from "./feedback.csv.ts";
import {
  deleteFeedback,
  feedbackCounts,
  ingestFeedback,
  ingestOne,
  listFeedbackJson,
  updateFeedback,
} from "./feedback.service.ts";

const tags = ["feedback"];
const ProductParams = WsParams.extend({ pid: z.uuid() });
const LinkParams = WsIdParams.extend({ linkId: z.uuid() });

export function feedbackRoutes(app: ZodApp, { db, database, clock }: RouteDeps) {
  app.post(
    "/workspaces/:wid/feedback/import",
    {
      config: { auth: "feedback.write" },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary:
          "Import feedback from CSV with a column mapping (dry run first: per-row errors and the counts, nothing written); idempotent by the external id column or the row's content",
        params: WsParams,
        body: ImportFeedbackSchema,
        response: { 200: FeedbackImportResultSchema },
      },
    },
    // Checked and analysed outside any transaction, written in short steps on PGlite (lib/steps.ts).
    async (req) => withRoomyHeap(() => importFeedbackCsv(database, wsOf(req), req.body, clock)),
  );
  app.post(
    "/workspaces/:wid/feedback",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary:
          "Capture or ingest one item: 201 when new; a re-delivery (same source, sourceId, externalId) answers 200 with the stored item",
        params: WsParams,
        body: CreateFeedbackSchema,
        response: { 200: IngestResultSchema, 201: IngestResultSchema },
      },
    },
    async (req, reply) => {
      const item = await ingestOne(database, wsOf(req), req.body, clock);
      return reply.status(item.created ? 201 : 200).send(item);
    },
  );
  app.post(
    "/workspaces/:wid/feedback/batch",
    {
      config: { auth: "feedback.write" },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary:
          "Ingest up to 1,000 items, all or nothing (field errors name the row: items.3.text); idempotent by source, sourceId and externalId",
        params: WsParams,
        body: FeedbackBatchSchema,
        response: { 200: BatchResultSchema },
      },
    },
    async (req) =>
      withRoomyHeap(() => ingestFeedback(database, wsOf(req), req.body.items, clock), req.body.items.length),
  );
  app.get(
    "/workspaces/:wid/feedback",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "The inbox: newest first, filtered, keyset-paged (nextCursor)",
        params: WsParams,
        querystring: FeedbackQuerySchema,
        response: { 200: FeedbackPageSchema },
      },
    },
    // Served from a cache keyed by the workspace's feedback revision (listFeedbackJson): already-validated JSON text.
    async (req, reply) =>
      sendRaw(
        reply.type("application/json; charset=utf-8"),
        await listFeedbackJson(db, wsOf(req).workspaceId, req.query),
      ),
  );
  app.get(
    "/workspaces/:wid/feedback/counts",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "Items and unread items per status",
        params: WsParams,
        response: { 200: FeedbackCountsSchema },
      },
    },
    async (req) => feedbackCounts(db, wsOf(req).workspaceId),
  );
  app.get(
    "/workspaces/:wid/feedback/:id",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "A feedback item with its links to ideas",
        params: WsIdParams,
        response: { 200: FeedbackDetailSchema },
      },
    },
    async (req) => getItemDetail(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/feedback/:id",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary:
          "Triage an item: status, tags, assignee, customer, company, sentiment, read (send the version you read)",
        params: WsIdParams,
        body: UpdateFeedbackSchema,
        response: { 200: FeedbackDetailSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        await updateFeedback(tx, wsOf(req), req.params.id, req.body, clock);
        return getItemDetail(tx, wsOf(req).workspaceId, req.params.id);
      }),
  );
  app.delete(
    "/workspaces/:wid/feedback/:id",
    {
      config: { auth: "feedback.write" },
      schema: { tags, summary: "Delete a feedback item", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteFeedback(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.post(
    "/workspaces/:wid/feedback/:id/links",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary:
          "Link the item (or a span of it) to an idea as evidence (201; 200 when it updated an existing link)",
        params: WsIdParams,
        body: CreateLinkSchema,
        response: { 200: FeedbackLinkSchema, 201: FeedbackLinkSchema },
      },
    },
    async (req, reply) => {
      const r = await db.transaction((tx) => linkToIdea(tx, wsOf(req), req.params.id, req.body));
      return reply.status(r.created ? 201 : 200).send(r.link);
    },
  );
  app.delete(
    "/workspaces/:wid/feedback/:id/links/:linkId",
    {
      config: { auth: "feedback.write" },
      schema: { tags, summary: "Remove a link to an idea", params: LinkParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => unlinkIdea(tx, wsOf(req), req.params.id, req.params.linkId));
      return reply.status(204).send();
    },
  );
  app.get(
    "/workspaces/:wid/ideas/:id/evidence",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "An idea's evidence: counts, customer demand (0–10), ARR by segment (customers.revenue), mixes, quotes",
        params: WsIdParams,
        response: { 200: EvidenceSchema },
      },
    },
    async (req) => ideaEvidence(db, wsOf(req), req.params.id),
  );
  app.get(
    "/workspaces/:wid/products/:pid/demand",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "Customer demand of every idea with evidence in a product, highest first",
        params: ProductParams,
        response: { 200: DemandSchema },
      },
    },
    async (req) => productDemand(db, wsOf(req), req.params.pid),
  );
  app.get(
    "/workspaces/:wid/people/:id/page",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags: ["customers"],
        summary: "A customer's page: person, company, latest feedback, ideas their feedback supports",
        params: WsIdParams,
        response: { 200: PersonPageDataSchema },
      },
    },
    async (req) => personPage(db, wsOf(req), req.params.id),
  );
}

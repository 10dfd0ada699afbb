import { z } from "zod";
import {
  CompanyPageSchema,
  CompanySchema,
  CreateCompanySchema,
  CreatePersonSchema,
  ListQuerySchema,
  MergePersonSchema,
  PeopleQuerySchema,
  PersonPageSchema,
  PersonSchema,
  UpdateCompanySchema,
  UpdatePersonSchema,
  UpsertPersonSchema,
} from "../../../shared/feedback.schemas.ts";
import { CustomerImportResultSchema, ImportCustomersSchema } from "../../../shared/imports.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { importCustomers } from "./customers.csv.ts";
import {
  createCompany,
  createPerson,
  deleteCompany,
  deletePerson,
  getCompany,
  getPerson,
  listCompanies,
  listPeople,
  listSegments,
  mergePerson,
  presentCompany,
  revenueBySegment,
  updateCompany,
  updatePerson,
  upsertPerson,
} from "./customers.service.ts";

const tags = ["customers"];
const RevenueSchema = z.object({
  items: z.array(
    z.object({
      segment: z.string().nullable(),
      currency: z.string().nullable(),
      arr: z.number(),
      mrr: z.number(),
      companies: z.number().int(),
    }),
  ),
});

export function customerRoutes(app: ZodApp, { db, database }: RouteDeps) {
  app.get(
    "/workspaces/:wid/segments",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "The company segments in use, with how many companies each (no revenue)",
        params: WsParams,
        response: {
          200: z.object({
            items: z.array(z.object({ segment: z.string(), companies: z.number().int() })),
          }),
        },
      },
    },
    async (req) => listSegments(db, wsOf(req).workspaceId),
  );
  app.post(
    "/workspaces/:wid/customers/import",
    {
      config: { auth: "customers.write" },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary:
          "Import companies and people from CSV with a column mapping (dry run first: per-row errors and the counts, nothing written); upserts by external id or e-mail, companies by domain or name",
        params: WsParams,
        body: ImportCustomersSchema,
        response: { 200: CustomerImportResultSchema },
      },
    },
    // Checked outside any transaction, written in short steps on PGlite (lib/steps.ts).
    async (req) => importCustomers(database, wsOf(req), req.body),
  );
  app.get(
    "/workspaces/:wid/companies",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "Companies, newest first, searchable by name or domain (ARR/MRR only with customers.revenue)",
        params: WsParams,
        querystring: ListQuerySchema,
        response: { 200: CompanyPageSchema },
      },
    },
    async (req) => listCompanies(db, wsOf(req), req.query),
  );
  app.post(
    "/workspaces/:wid/companies",
    {
      config: { auth: "customers.write" },
      schema: {
        tags,
        summary: "Add a company",
        params: WsParams,
        body: CreateCompanySchema,
        response: { 201: CompanySchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createCompany(tx, wsOf(req), req.body))),
  );
  app.get(
    "/workspaces/:wid/companies/:id",
    {
      config: { auth: "feedback.read" },
      schema: { tags, summary: "A company", params: WsIdParams, response: { 200: CompanySchema } },
    },
    async (req) => presentCompany(await getCompany(db, wsOf(req).workspaceId, req.params.id), wsOf(req)),
  );
  app.patch(
    "/workspaces/:wid/companies/:id",
    {
      config: { auth: "customers.write" },
      schema: {
        tags,
        summary: "Update a company (send the version you read; revenue fields need customers.revenue)",
        params: WsIdParams,
        body: UpdateCompanySchema,
        response: { 200: CompanySchema },
      },
    },
    async (req) => db.transaction((tx) => updateCompany(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/companies/:id",
    {
      config: { auth: "customers.manage" },
      schema: {
        tags,
        summary: "Delete a company (its people and feedback stay)",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteCompany(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.get(
    "/workspaces/:wid/revenue",
    {
      config: { auth: "customers.revenue" },
      schema: {
        tags,
        summary: "ARR and MRR of the workspace's companies per segment and currency",
        params: WsParams,
        response: { 200: RevenueSchema },
      },
    },
    async (req) => revenueBySegment(db, wsOf(req).workspaceId),
  );

  app.get(
    "/workspaces/:wid/people",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "Customers (people), newest first, searchable by name, e-mail or external id",
        params: WsParams,
        querystring: PeopleQuerySchema,
        response: { 200: PersonPageSchema },
      },
    },
    async (req) => listPeople(db, wsOf(req).workspaceId, req.query),
  );
  app.post(
    "/workspaces/:wid/people",
    {
      config: { auth: "customers.write" },
      schema: {
        tags,
        summary: "Add a customer (409 when the e-mail or external id is taken)",
        params: WsParams,
        body: CreatePersonSchema,
        response: { 201: PersonSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createPerson(tx, wsOf(req), req.body))),
  );
  app.put(
    "/workspaces/:wid/people",
    {
      config: { auth: "customers.write" },
      schema: {
        tags,
        summary: "Create or update a customer matched by external id, else e-mail (201 created, 200 updated)",
        params: WsParams,
        body: UpsertPersonSchema,
        response: { 200: PersonSchema, 201: PersonSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      const r = await db.transaction((tx) => upsertPerson(tx, wsOf(req), req.body));
      return reply.status(r.created ? 201 : 200).send(r.person);
    },
  );
  app.get(
    "/workspaces/:wid/people/:id",
    {
      config: { auth: "feedback.read" },
      schema: { tags, summary: "A customer", params: WsIdParams, response: { 200: PersonSchema } },
    },
    async (req) => getPerson(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/people/:id",
    {
      config: { auth: "customers.write" },
      schema: {
        tags,
        summary: "Update a customer (send the version you read)",
        params: WsIdParams,
        body: UpdatePersonSchema,
        response: { 200: PersonSchema },
      },
    },
    async (req) => db.transaction((tx) => updatePerson(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/people/:id",
    {
      config: { auth: "customers.manage" },
      schema: {
        tags,
        summary: "Delete a customer (their feedback stays, without author)",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deletePerson(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.post(
    "/workspaces/:wid/people/:id/merge",
    {
      config: { auth: "customers.manage" },
      schema: {
        tags,
        summary: "Merge this duplicate customer into another: feedback moves, the duplicate is deleted",
        params: WsIdParams,
        body: MergePersonSchema,
        response: { 200: PersonSchema },
      },
    },
    async (req) => db.transaction((tx) => mergePerson(tx, wsOf(req), req.params.id, req.body.intoId)),
  );
}

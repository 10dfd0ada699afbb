import type { FastifyRequest } from "fastify";
import { z } from "zod";
import {
  EmailSchema,
  NameSchema,
  OutboxMessageSchema,
  PasswordSchema,
  SlugSchema,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { AppError } from "../../errors.ts";
import { jobHandlersFor } from "../../jobs.ts";
import { ErrorResponse } from "../../plugins/openapi.ts";
import { seedDemoIfEmpty } from "../../seed/demo.ts";
import { importWorkspaceInSteps, resolveWorkspaceOrOnly } from "../transfer/transfer.service.ts";
import { isLocalCliRequest } from "./cli.credential.ts";
import {
  createOwnerAccount,
  migrateAndReport,
  operatorOutbox,
  resetAccountPassword,
  runAllDueJobs,
} from "./cli.service.ts";

const tags = ["cli"];
const description =
  "Local command line only: the `bcli_` secret of `<dataDir>/cli-credential`, sent from this machine (loopback)";
// The local credential is a bearer secret (never a cookie).
const security = [{ bearer: [] }];
const Loose = z.record(z.string(), z.unknown());
// A workspace document may be large; the credential is checked before the body is read (onRequest).
const IMPORT_BODY_LIMIT = 1024 * 1024 * 1024;

async function localOnly(req: FastifyRequest) {
  const h = req.headers.authorization;
  if (!h?.startsWith("Bearer ") || !isLocalCliRequest(req, h.slice(7).trim()))
    throw new AppError("unauthenticated", "Only the local command line may call this");
}

/**
 * What `baton` needs from the Baton that holds its PGlite directory beyond the REST API: the workspace of
 * --workspace (or the only one), and the operator's commands. Reached only with the local credential (auth "cli").
 */
export function cliRoutes(app: ZodApp, { db, database, config, clock }: RouteDeps) {
  app.get(
    "/cli/workspace",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "The workspace of an id or slug, or the instance's only one",
        description,
        security,
        querystring: z.object({ ref: z.string().max(200).optional() }),
        response: {
          200: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
          404: ErrorResponse,
        },
      },
    },
    async (req) => {
      const ws = await resolveWorkspaceOrOnly(db, req.query.ref);
      return { id: ws.id, slug: ws.slug, name: ws.name };
    },
  );
  app.post(
    "/cli/admin/owner",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "Create an account and a workspace it owns (baton admin create-owner)",
        description,
        security,
        body: z.object({
          email: EmailSchema,
          name: NameSchema,
          password: PasswordSchema,
          workspace: NameSchema,
          slug: SlugSchema.optional(),
          instanceAdmin: z.boolean().optional(),
        }),
        response: { 200: Loose, 409: ErrorResponse },
      },
    },
    async (req) => createOwnerAccount(db, req.body),
  );
  app.post(
    "/cli/admin/password",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "Set an account's password and end its sessions (baton admin reset-password)",
        description,
        security,
        body: z.object({ email: EmailSchema, password: PasswordSchema }),
        response: { 200: z.object({ name: z.string(), email: z.string() }) },
      },
    },
    async (req) => resetAccountPassword(db, req.body.email, req.body.password),
  );
  app.get(
    "/cli/admin/outbox",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "Recent mail of the instance or of a workspace (baton admin outbox)",
        description,
        security,
        querystring: z.object({
          workspace: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(10),
        }),
        response: {
          200: z.object({ items: z.array(OutboxMessageSchema), workspaceName: z.string().nullable() }),
          404: ErrorResponse,
        },
      },
    },
    async (req) => operatorOutbox(db, req.query.workspace, req.query.limit),
  );
  app.post(
    "/cli/jobs/run",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "Run every due job once (baton jobs run)",
        description,
        security,
        response: { 200: z.object({ ran: z.number().int() }) },
      },
    },
    async () => ({ ran: await runAllDueJobs(db, clock, jobHandlersFor(config)) }),
  );
  app.post(
    "/cli/migrate",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "Apply pending migrations (baton migrate)",
        description,
        security,
        response: {
          200: z.object({
            added: z.number().int(),
            applied: z.number().int(),
            latest: z.string().nullable(),
          }),
        },
      },
    },
    async () => migrateAndReport(database),
  );
  app.post(
    "/cli/seed/demo",
    {
      config: { auth: "cli" },
      schema: {
        tags,
        summary: "Fill an empty Baton with the demo workspace (baton seed demo)",
        description,
        security,
        response: { 200: Loose },
      },
    },
    // Long work in a serving Baton: each phase waits for the requests queued before it (DECISIONS #25).
    async () => database.inBackground(() => seedDemoIfEmpty(db, () => database.yieldToInteractive())),
  );
  app.post(
    "/cli/import",
    {
      config: { auth: "cli" },
      bodyLimit: IMPORT_BODY_LIMIT,
      onRequest: localOnly,
      schema: {
        tags,
        summary: "Create a workspace from an export document (baton import)",
        description,
        security,
        body: z.object({
          document: z.unknown(),
          slug: z.string().max(200).optional(),
          name: z.string().max(200).optional(),
        }),
        response: { 200: Loose, 409: ErrorResponse },
      },
    },
    async (req) => ({
      // In short steps on PGlite, so the server keeps answering (DECISIONS.md #25).
      ...(await importWorkspaceInSteps(database, req.body.document, {
        slug: req.body.slug,
        name: req.body.name,
        clock,
      })),
    }),
  );
}

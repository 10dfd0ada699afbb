import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps, RouteDeps } from "./app.ts";
import { trustProxyOption } from "./config.ts";
import { systemClock } from "./lib/clock.ts";
import { auditRoutes } from "./modules/audit/audit.routes.ts";
import { authRoutes } from "./modules/auth/auth.routes.ts";
import { resolvePrincipal } from "./modules/auth/auth.service.ts";
import { capacityRoutes } from "./modules/capacity/capacity.routes.ts";
import { changelogRoutes } from "./modules/changelog/changelog.routes.ts";
import { isCliSecret, localCliContext } from "./modules/cli/cli.credential.ts";
import { cliRoutes } from "./modules/cli/cli.routes.ts";
import { competitorRoutes } from "./modules/competitors/competitors.routes.ts";
import { customerRoutes } from "./modules/customers/customers.routes.ts";
import { factorRoutes } from "./modules/factors/factors.routes.ts";
import { feedbackRoutes } from "./modules/feedback/feedback.routes.ts";
import { themeRoutes } from "./modules/feedback/themes.routes.ts";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { holidayRoutes } from "./modules/holidays/holidays.routes.ts";
import { ideaRoutes } from "./modules/ideas/ideas.routes.ts";
import { invitationRoutes } from "./modules/invitations/invitations.routes.ts";
import { loopRoutes } from "./modules/loop/loop.routes.ts";
import { closeMailTransports } from "./modules/mail/mail.service.ts";
import { mailInRoutes } from "./modules/mailin/mailin.routes.ts";
import { matrixRoutes } from "./modules/matrix/matrix.routes.ts";
import { memberRoutes } from "./modules/members/members.routes.ts";
import { changeRoutes } from "./modules/monitoring/changes.routes.ts";
import { monitorRoutes } from "./modules/monitoring/monitoring.routes.ts";
import { notificationRoutes } from "./modules/notifications/notifications.routes.ts";
import { objectiveRoutes } from "./modules/objectives/objectives.routes.ts";
import { outboxRoutes } from "./modules/outbox/outbox.routes.ts";
import { productRoutes } from "./modules/products/products.routes.ts";
import { roadmapItemRoutes } from "./modules/roadmaps/items.routes.ts";
import { finishItemsOfShippedIdeas } from "./modules/roadmaps/items.service.ts";
import { roadmapRoutes } from "./modules/roadmaps/roadmaps.routes.ts";
import { roundRoutes } from "./modules/rounds/rounds.routes.ts";
import { signoffRoutes } from "./modules/signoffs/signoffs.routes.ts";
import { sourceRoutes } from "./modules/sources/sources.routes.ts";
import { teamRoutes } from "./modules/teams/teams.routes.ts";
import { tokenRoutes } from "./modules/tokens/tokens.routes.ts";
import { transferRoutes } from "./modules/transfer/transfer.routes.ts";
import { workspaceRoutes } from "./modules/workspaces/workspaces.routes.ts";
import { registerAuth } from "./plugins/auth.ts";
import { registerBodyParsers } from "./plugins/body.ts";
import { registerDocs } from "./plugins/docs.ts";
import { registerErrorHandler } from "./plugins/errors.ts";
import { registerOpenApi } from "./plugins/openapi.ts";
import { registerSecurityHeaders } from "./plugins/security.ts";
import { registerWeb } from "./plugins/web.ts";

/** Builds the whole Fastify app; tests call this and use app.inject() or listen on 127.0.0.1. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    ajv: { customOptions: { coerceTypes: false } },
  });
  registerBodyParsers(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await registerSecurityHeaders(app);
  app.addHook("onClose", async () => closeMailTransports());

  await registerOpenApi(app);
  registerDocs(app);
  // The default hook: @fastify/cookie 11.0 writes Set-Cookie in the onSend hook that `hook: false` leaves out.
  await app.register(cookie);
  const authOptions = { clock, sessionDays: config.sessionDays };
  registerAuth(app, {
    principal: (cred, wid) => resolvePrincipal(database.db, authOptions, cred, wid),
    isCliSecret,
    cliContext: (req, secret, need, wid) => localCliContext(req, database.db, secret, need, wid),
  });

  const rd: RouteDeps = { db: database.db, database, config, clock };
  await app.register(
    async (api) => {
      const z = api.withTypeProvider<ZodTypeProvider>();
      api.get("/openapi.json", { config: { auth: "public" }, schema: { hide: true } }, () => app.swagger());
      healthRoutes(z, rd);
      authRoutes(z, rd);
      workspaceRoutes(z, rd);
      memberRoutes(z, rd);
      invitationRoutes(z, rd);
      tokenRoutes(z, rd);
      productRoutes(z, rd);
      teamRoutes(z, rd);
      auditRoutes(z, rd);
      outboxRoutes(z, rd);
      transferRoutes(z, rd);
      factorRoutes(z, rd);
      ideaRoutes(z, { ...rd, followStatus: finishItemsOfShippedIdeas });
      roundRoutes(z, rd);
      notificationRoutes(z, rd);
      objectiveRoutes(z, rd);
      capacityRoutes(z, rd);
      holidayRoutes(z, rd);
      roadmapRoutes(z, rd);
      roadmapItemRoutes(z, rd);
      signoffRoutes(z, rd);
      customerRoutes(z, rd);
      feedbackRoutes(z, rd);
      themeRoutes(z, rd);
      sourceRoutes(z, rd);
      monitorRoutes(z, rd);
      mailInRoutes(z, rd);
      changelogRoutes(z, rd);
      loopRoutes(z, rd);
      changeRoutes(z, rd);
      competitorRoutes(z, rd);
      matrixRoutes(z, rd);
      cliRoutes(z, rd);
    },
    { prefix: "/api/v1" },
  );
  await registerWeb(app, config.webDir);
  return app;
}

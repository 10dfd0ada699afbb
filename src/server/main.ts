import { loadConfig } from "./config.ts";
import type { Database } from "./db/client.ts";
import { analyzeStaleTables, startMaintenance } from "./db/maintenance.ts";
import { migrate } from "./db/migrate.ts";
import { openConfiguredDatabase } from "./db/open.ts";
import { systemClock } from "./lib/clock.ts";
import { boundHeapGrowth } from "./lib/heap.ts";
import { removeCliCredential, writeCliCredential } from "./modules/cli/cli.credential.ts";

export { openConfiguredDatabase };

/** Starts Baton: database, migrations (under an advisory lock), HTTP server, clean shutdown on signals. */
export async function startServer(
  config = loadConfig(),
  opts: { onReady?: (database: Database) => Promise<void> } = {},
) {
  boundHeapGrowth();
  // Load the web stack while the database opens: both take about a second.
  const appModule = import("./build.ts");
  appModule.catch(() => {}); // awaited below; don't let an early failure go unhandled meanwhile
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    // PGlite's tables get statistics before the first request (only those never analyzed or much changed).
    await analyzeStaleTables(database);
    if (opts.onReady) await opts.onReady(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const { buildApp } = await appModule;
  const app = await buildApp({ database, config });
  const { startJobRunner } = await import("./modules/jobs/jobs.service.ts");
  const { jobHandlersFor } = await import("./jobs.ts");
  const runner =
    config.jobPollMs > 0
      ? startJobRunner(database, systemClock, jobHandlersFor(config), config.jobPollMs)
      : null;
  if (config.smtpUrl && runner) {
    // Mail waits in the outbox and is retried, so an unreachable server only warrants a warning.
    const { verifyMail } = await import("./modules/mail/mail.service.ts");
    verifyMail(config).catch((e) => app.log.warn({ err: e }, "SMTP_URL: the mail server did not answer"));
  }
  app.addHook("onClose", async () => runner?.stop());
  const maintenance = startMaintenance(database, (err) => app.log.warn({ err }, "analyzing tables failed"));
  app.addHook("onClose", async () => maintenance.stop());
  if (config.smtpInPort !== undefined) {
    // E-mail in: Baton's own SMTP listener (SMTP_IN_PORT); closed with the app, before the database.
    const { startMailIn } = await import("./modules/mailin/mailin.smtp.ts");
    // A port already taken: stop what started (the job runner, the database and its data-dir lock) before failing.
    const mailIn = await startMailIn(database, config, systemClock, app.log).catch(async (err) => {
      await app.close();
      await database.close();
      throw err;
    });
    app.log.info({ port: mailIn.port }, "e-mail in: listening for mail");
    app.addHook("onClose", async () => mailIn.close());
  }
  // The local CLI credential goes first on shutdown: a command started now opens the directory itself.
  const embedded = !config.databaseUrl;
  if (embedded) app.addHook("onClose", async () => removeCliCredential(config.dataDir));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    if (embedded) removeCliCredential(config.dataDir);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  // `baton` commands on this data directory talk to this server (the directory is locked): see modules/cli.
  const loopback = loopbackHost(config.host);
  if (embedded && loopback) writeCliCredential(config.dataDir, `http://${loopback}:${listeningPort(app)}`);
  return { app, database, config };
}

/** The port the server listens on (PORT=0 picks a free one). */
function listeningPort(app: { server: { address(): unknown } }) {
  const addr = app.server.address() as { port: number } | string | null;
  return addr && typeof addr === "object" ? addr.port : 0;
}

/** How this machine reaches a server bound to `host` over loopback; null when it is bound elsewhere only. */
function loopbackHost(host: string) {
  if (host === "::1") return "[::1]";
  return ["0.0.0.0", "::", "127.0.0.1", "localhost"].includes(host) ? "127.0.0.1" : null;
}

import path from "node:path";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** Public URL used in links inside mail (invitations, password resets). */
  publicUrl: string;
  bodyLimit: number;
  sessionDays: number;
  trustProxy: boolean;
  logLevel: string;
  webDir: string;
  /** How often the durable job runner looks for due jobs (round deadlines, reminders); 0 disables it. */
  jobPollMs: number;
  /** SMTP server for outgoing mail (smtp://user:pass@host:587 or smtps://…); without it mail stays in the outbox. */
  smtpUrl?: string;
  /** The From of outgoing mail. */
  mailFrom: string;
}

/** Configuration from the environment; every key is in the README's table. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  const host = env.HOST ?? "127.0.0.1";
  return {
    port,
    host,
    dataDir: path.resolve(env.BATON_DATA_DIR ?? ".baton-data"),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: (env.BATON_PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`).replace(
      /\/$/,
      "",
    ),
    bodyLimit: Number(env.BATON_BODY_LIMIT ?? 1_048_576),
    sessionDays: Number(env.BATON_SESSION_DAYS ?? 14),
    trustProxy: env.BATON_TRUST_PROXY === "1" || env.BATON_TRUST_PROXY === "true",
    logLevel: env.LOG_LEVEL ?? "warn",
    jobPollMs: Number(env.BATON_JOB_POLL_MS ?? 5000),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || "Baton <baton@localhost>",
    webDir: path.resolve(env.BATON_WEB_DIR ?? path.join(import.meta.dirname, "../../dist/web")),
  };
}

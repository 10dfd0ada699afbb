import { isIP } from "node:net";
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
  /**
   * Which proxies in front of Baton to believe about the client's address and protocol: false (none),
   * a hop count (1: the one proxy in front; the client is the rightmost X-Forwarded-For entry), or the
   * proxies' addresses/CIDRs. Never "all": the leftmost X-Forwarded-For entry is written by the client.
   */
  trustProxy: false | number | string[];
  logLevel: string;
  webDir: string;
  /** How often the durable job runner looks for due jobs (round deadlines, reminders); 0 disables it. */
  jobPollMs: number;
  /** SMTP server for outgoing mail (smtp://user:pass@host:587 or smtps://…); without it mail stays in the outbox. */
  smtpUrl?: string;
  /** The From of outgoing mail. */
  mailFrom: string;
  /** E-mail in: the port Baton's SMTP listener takes (0: any free one); off when SMTP_IN_PORT is unset. */
  smtpInPort?: number;
  /** The address the SMTP listener binds to (default HOST). */
  smtpInHost: string;
  /** The domain of the inbound addresses (feedback+<token>@domain): SMTP_IN_DOMAIN, else BATON_PUBLIC_URL's host. */
  smtpInDomain: string;
  /** The largest message the listener accepts (bytes); larger ones get 552. */
  smtpInMaxBytes: number;
}

/** Configuration from the environment; every key is in the README's table. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  const host = env.HOST ?? "127.0.0.1";
  const publicUrl = (
    env.BATON_PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`
  ).replace(/\/$/, "");
  return {
    port,
    host,
    dataDir: path.resolve(env.BATON_DATA_DIR ?? ".baton-data"),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl,
    bodyLimit: Number(env.BATON_BODY_LIMIT ?? 1_048_576),
    sessionDays: Number(env.BATON_SESSION_DAYS ?? 14),
    trustProxy: parseTrustProxy(env.BATON_TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? "warn",
    jobPollMs: Number(env.BATON_JOB_POLL_MS ?? 5000),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || "Baton <baton@localhost>",
    smtpInPort: env.SMTP_IN_PORT ? Number(env.SMTP_IN_PORT) : undefined,
    smtpInHost: env.SMTP_IN_HOST || host,
    smtpInDomain: (env.SMTP_IN_DOMAIN || hostOf(publicUrl)).toLowerCase(),
    smtpInMaxBytes: Number(env.SMTP_IN_MAX_BYTES ?? 25 * 1024 * 1024),
    webDir: path.resolve(env.BATON_WEB_DIR ?? path.join(import.meta.dirname, "../../dist/web")),
  };
}

/** The host name of a URL ("localhost" when it has none). */
function hostOf(url: string) {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
}

/** BATON_TRUST_PROXY: off (unset, 0, false), a hop count (1 or true: one proxy; 2 …), or a comma list of proxy addresses/CIDRs. */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "0" || v === "false" || v === "off") return false;
  if (v === "true" || v === "on") return 1;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [addr, bits, extra] = entry.split("/");
    const family = isIP(addr);
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !okBits || extra !== undefined) {
      throw new Error(
        `BATON_TRUST_PROXY: "${entry}" is not an IP address or CIDR; use a hop count (1) or proxy addresses (10.0.0.1,10.1.0.0/16)`,
      );
    }
  }
  return list;
}

/**
 * Fastify's trustProxy option for the setting. A hop count becomes a function trusting the first n hops
 * (the socket's peer, then X-Forwarded-For from the right): Fastify 5 takes a bare number as "trust none".
 */
export function trustProxyOption(
  t: Config["trustProxy"],
): false | string[] | ((addr: string, hop: number) => boolean) {
  if (typeof t === "number") return (_addr, hop) => hop < t;
  return t;
}

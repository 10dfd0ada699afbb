import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FastifyRequest } from "fastify";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { newSecret, safeEqual, sha256 } from "../../lib/crypto.ts";
import { getWorkspace } from "../workspaces/workspaces.service.ts";

/**
 * The local CLI credential (docs/DECISIONS.md #24): a Baton serving a PGlite data directory writes
 * `<dataDir>/cli-credential` (mode 0600: only the machine's user running it can read it) with its URL and a
 * random secret, and keeps only the secret's hash. `baton` commands run on the same directory read the file and
 * call this server from loopback; the credential acts as the instance operator (like the CLI on the database).
 */
export const CLI_CREDENTIAL_FILE = "cli-credential";
export const CLI_SECRET_PREFIX = "bcli_";

export interface CliCredential {
  /** Where the server listens, reachable from this machine (127.0.0.1). */
  url: string;
  secret: string;
  pid: number;
}

// One server per process; null until it listens (and again after shutdown): then no local credential works.
let acceptedHash: string | null = null;

export const cliCredentialPath = (dataDir: string) => path.join(dataDir, CLI_CREDENTIAL_FILE);

/** Creates a fresh credential for this process's server: written atomically with mode 0600; only its hash is kept. */
export function writeCliCredential(dataDir: string, url: string): string {
  const file = cliCredentialPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const cred: CliCredential = { url, secret: newSecret(CLI_SECRET_PREFIX), pid: process.pid };
  rmSync(tmp, { force: true });
  try {
    writeFileSync(tmp, `${JSON.stringify(cred)}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(tmp, 0o600); // whatever the umask
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  acceptedHash = sha256(cred.secret);
  return file;
}

/** Forgets the credential and removes its file (clean shutdown). */
export function removeCliCredential(dataDir: string) {
  acceptedHash = null;
  rmSync(cliCredentialPath(dataDir), { force: true });
}

/** The credential file of a data directory, or null when there is none; unreadable → a clear error. */
export function readCliCredential(dataDir: string): CliCredential | null {
  const file = cliCredentialPath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "EACCES")
      throw new AppError(
        "forbidden",
        `Cannot read ${file}: only the user running that Baton may use its command line; run baton as that user`,
      );
    throw err;
  }
  let cred: CliCredential | null = null;
  try {
    cred = JSON.parse(text) as CliCredential;
  } catch {
    // reported below
  }
  if (typeof cred?.url !== "string" || typeof cred?.secret !== "string")
    throw new Error(`${file} is not a Baton CLI credential`);
  return cred;
}

export const isCliSecret = (secret: string) => secret.startsWith(CLI_SECRET_PREFIX);

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Whether a request carries this server's local credential and comes straight from this machine: the socket's
 * peer is loopback (not req.ip, which a trusted proxy may set) and no proxy forwarded it; compared in constant time.
 */
export function isLocalCliRequest(req: FastifyRequest, secret: string): boolean {
  if (!acceptedHash) return false;
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return false;
  if (req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined) return false;
  return safeEqual(sha256(secret), acceptedHash);
}

/**
 * The context of a request authenticated by the local credential, for auth.ts: the instance operator, owner of
 * every workspace (the CLI's rights on the database); null for "cli" and public routes. Refused: a wrong credential
 * or one from elsewhere (401), account routes (403), a workspace that does not exist (404).
 */
export async function localCliContext(
  req: FastifyRequest,
  db: Db,
  secret: string,
  need: string,
  wid: string | null,
): Promise<WorkspaceContext | null> {
  if (!isLocalCliRequest(req, secret))
    throw new AppError(
      "unauthenticated",
      "Wrong or stale local CLI credential, or not sent from this machine",
    );
  if (need === "cli" || need === "public") return null;
  if (need === "user" || need === "session")
    throw forbidden("The local CLI credential reaches workspace routes only, not accounts");
  if (!wid) throw notFound("Workspace");
  await getWorkspace(db, wid);
  return { workspaceId: wid, role: "owner", userId: null, via: "cli" };
}

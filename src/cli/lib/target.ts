import { loadConfig } from "../../server/config.ts";
import { dataDirHolder } from "../../server/db/open.ts";
import { AppError, invalid } from "../../server/errors.ts";
import { readCliCredential } from "../../server/modules/cli/cli.credential.ts";

export type Target =
  | { kind: "direct" }
  | { kind: "local"; url: string; token: string; pid: number }
  | { kind: "remote"; url: string; token: string };

/** Whether a command goes to a remote Baton (--url/BATON_URL). */
export const isRemote = () => Boolean(process.env.BATON_URL?.trim());

/**
 * Where a command goes: --url/--token (BATON_URL/BATON_TOKEN) → that Baton's API; DATABASE_URL → PostgreSQL
 * directly; a PGlite data directory held by a live Baton → that Baton, with the credential it left there (only
 * its user can read it); a free directory → opened directly.
 */
export function resolveTarget(env = process.env): Target {
  const url = env.BATON_URL?.trim();
  const token = env.BATON_TOKEN?.trim();
  if (url) {
    if (!token)
      throw invalid(
        { "--token": "give a personal API token (bt_…, made in Settings → API tokens) or set BATON_TOKEN" },
        "--url needs a token",
      );
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid({ "--url": "give the Baton's address, e.g. https://baton.example.com" });
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw invalid({ "--url": "give an http:// or https:// address" });
    return { kind: "remote", url: url.replace(/\/+$/, ""), token };
  }
  if (token) throw invalid({ "--url": "give the Baton's address with --token (or set BATON_URL)" });
  const config = loadConfig(env);
  if (config.databaseUrl) return { kind: "direct" };
  const pid = dataDirHolder(config.dataDir);
  if (pid === null) return { kind: "direct" };
  const cred = readCliCredential(config.dataDir);
  if (!cred)
    throw new AppError(
      "conflict",
      `Another Baton (pid ${pid}) is using ${config.dataDir} and offers no command line: it is still starting (try again in a moment), or it listens only on a HOST this machine cannot reach over loopback`,
    );
  return { kind: "local", url: cred.url, token: cred.secret, pid };
}

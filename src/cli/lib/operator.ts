import { loadConfig } from "../../server/config.ts";
import type { Database } from "../../server/db/client.ts";
import { openConfiguredDatabase } from "../../server/db/open.ts";
import { forbidden } from "../../server/errors.ts";
import { apiClient } from "./backend.http.ts";
import { withDatabase } from "./database.ts";
import { resolveTarget } from "./target.ts";

/**
 * An instance operator's command (`admin …`, `import`, `jobs run`, `migrate`, `seed demo`): on the database
 * directly, or through the local-only /cli routes of the Baton holding the data directory. Never remotely:
 * personal API tokens act within one workspace, not on the instance.
 */
export async function withOperator<T>(
  command: string,
  /** "raw": the database as it is, neither migrated nor checked (for `migrate` itself). */
  mode: "read" | "write" | "raw",
  direct: (database: Database) => Promise<T>,
  local: (call: ReturnType<typeof apiClient>) => Promise<T>,
): Promise<T> {
  const target = resolveTarget();
  if (target.kind === "remote")
    throw forbidden(
      `\`baton ${command}\` administers the instance: run it on the machine of that Baton (without --url/BATON_URL)`,
    );
  if (target.kind === "local") return local(apiClient(target));
  if (mode !== "raw") return withDatabase(mode, direct);
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await direct(database);
  } finally {
    await database.close();
  }
}

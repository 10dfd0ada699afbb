import { migrateAndReport } from "../../server/modules/cli/cli.service.ts";
import { describeDatabase } from "../lib/database.ts";
import { withOperator } from "../lib/operator.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `baton migrate` (when a Baton holds the data directory, it migrates: it did already at its start). */
export async function runMigrate() {
  type Level = Awaited<ReturnType<typeof migrateAndReport>>;
  const after = await withOperator("migrate", "raw", migrateAndReport, (call) =>
    call<Level>("POST", "/cli/migrate"),
  );
  console.log(
    `${describeDatabase()}: ${after.added ? `applied ${plural(after.added, "migration")}` : "already up to date"}; level ${after.latest} (${plural(after.applied, "migration")})`,
  );
}

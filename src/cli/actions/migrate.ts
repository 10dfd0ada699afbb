import { loadConfig } from "../../server/config.ts";
import { migrate, migrationLevel } from "../../server/db/migrate.ts";
import { openConfiguredDatabase } from "../../server/db/open.ts";
import { describeDatabase } from "../lib/database.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `baton migrate` */
export async function runMigrate() {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    const before = await migrationLevel(database);
    const after = await migrate(database);
    const added = after.applied - before.applied;
    console.log(
      `${describeDatabase()}: ${added ? `applied ${plural(added, "migration")}` : "already up to date"}; level ${after.latest} (${plural(after.applied, "migration")})`,
    );
  } finally {
    await database.close();
  }
}

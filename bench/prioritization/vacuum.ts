// Diagnostic only: VACUUM ANALYZE on a PGlite data directory (BATON_DATA_DIR), run while no server uses it.
// PGlite has no autovacuum, so every score/rank recompute leaves dead row versions behind; this shows what
// the backlog would cost on a vacuumed table.
import { loadConfig } from "../../src/server/config.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";

const database = await openConfiguredDatabase(loadConfig());
try {
  const t0 = performance.now();
  await database.pglite?.exec("VACUUM ANALYZE");
  console.log(`VACUUMED in ${Math.round(performance.now() - t0)} ms`);
} finally {
  await database.close();
}

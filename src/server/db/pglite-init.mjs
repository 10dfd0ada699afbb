// Creates a PGlite data directory (initdb) and exits: run by open.ts in a child process. Plain JavaScript that
// imports only the package, so it runs from the sources, the bundled CLI and tests alike (like the workers).
// initdb grows the WASM heap and Node's allocator to ~900 MB; in Baton's own process ~200 MB of that stayed
// resident for good (glibc keeps the freed pages), while a child returns it all when it exits.
import { PGlite } from "@electric-sql/pglite";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: pglite-init.mjs <data dir>");
  process.exit(2);
}
const db = await PGlite.create({ dataDir });
await db.close();

// The worker thread of monitoring.pool.ts: a check's parsing, masking, hashing and diffing (monitoring.work.ts),
// off the main thread, which keeps the network, the database and the requests. Bundled by lib/worker-pool.ts.
import { serveWorker } from "../../lib/worker-serve.ts";
import { runWork, type WorkTask } from "./monitoring.work.ts";

serveWorker<WorkTask>(runWork);

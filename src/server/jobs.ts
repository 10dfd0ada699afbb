import type { JobHandlers } from "./modules/jobs/jobs.service.ts";
import { roundJobHandlers } from "./modules/rounds/rounds.results.ts";

/** Every durable job kind and its handler; modules add theirs here. */
export const jobHandlers: JobHandlers = { ...roundJobHandlers };

import type { Db } from "../db/client.ts";

/** Placeholder until the demo seed lands. */
export async function seedDemoIfEmpty(_db: Db) {}

// The roadmap dataset on each database: bench/roadmap/seed.ts through bench/lib/dataset.ts. Seeding takes
// seconds, so nothing is cached (the data depends on today's month anyway).

import { type Dataset as SeededDataset, type Seeder, seedPglite, seedPostgres } from "../lib/dataset.ts";
import type { ThrowawayPg } from "../lib/pg.ts";
import type { BenchContext } from "../lib/report.ts";
import type { SeedResult } from "./types.ts";

const SEEDER: Seeder = { script: "bench/roadmap/seed.ts", outVar: "BENCH_ROADMAP_SEED_OUT", tag: "roadmap" };

export type Dataset = SeededDataset<SeedResult>;

export const preparePglite = (ctx: BenchContext) => seedPglite<SeedResult>(ctx, SEEDER);

export const preparePostgres = (ctx: BenchContext, pg: ThrowawayPg, name: string) =>
  seedPostgres<SeedResult>(ctx, SEEDER, pg, name);

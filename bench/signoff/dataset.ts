// The sign-off dataset on each database: bench/signoff/seed.ts through bench/lib/dataset.ts (without the
// bench's SMTP_URL, if set).
import { type Dataset as SeededDataset, type Seeder, seedPglite, seedPostgres } from "../lib/dataset.ts";
import type { ThrowawayPg } from "../lib/pg.ts";
import type { BenchContext } from "../lib/report.ts";
import type { SignoffSeed } from "./types.ts";

const SEEDER: Seeder = {
  script: "bench/signoff/seed.ts",
  outVar: "BENCH_SIGNOFF_SEED_OUT",
  tag: "signoff",
  unset: ["SMTP_URL"],
};

export type Dataset = SeededDataset<SignoffSeed>;

export const preparePglite = (ctx: BenchContext) => seedPglite<SignoffSeed>(ctx, SEEDER);

export const preparePostgres = (ctx: BenchContext, pg: ThrowawayPg, name: string) =>
  seedPostgres<SignoffSeed>(ctx, SEEDER, pg, name);

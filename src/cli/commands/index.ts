import type { Command } from "commander";
import { registerAdmin } from "./admin.ts";
import { registerCompetitors } from "./competitors.ts";
import { registerFeedback } from "./feedback.ts";
import { registerMigrate } from "./migrate.ts";
import { registerPrioritization } from "./prioritization.ts";
import { registerRoadmaps } from "./roadmaps.ts";
import { registerSeed } from "./seed.ts";
import { registerSources } from "./sources.ts";
import { registerStart } from "./start.ts";
import { registerTransfer } from "./transfer.ts";

export function registerCommands(program: Command) {
  registerStart(program);
  registerMigrate(program);
  registerAdmin(program);
  registerSeed(program);
  registerTransfer(program);
  registerPrioritization(program);
  registerRoadmaps(program);
  registerSources(program);
  registerFeedback(program);
  registerCompetitors(program);
}

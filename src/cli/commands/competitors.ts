import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";
import { collectList } from "../lib/scope.ts";

const competitors = () => import("../actions/competitors.ts");

const WORKSPACE = ["--workspace <id|slug>", "the workspace (default: the only one of this Baton)"] as const;
const FORMAT = ["--format <format>", "table, csv or json", "table"] as const;

/** `baton competitors list` and `baton changes list` (`baton sources check` is registered with `sources`). */
export function registerCompetitors(program: Command) {
  program
    .command("competitors")
    .description("Competitors: profiles, monitored sources and detected changes (docs/COMPETITORS.md)")
    .command("list")
    .description(
      "Competitors by name: status, our products they compete with, monitored sources (failing ones), changes of the last 7 days",
    )
    .option("--status <status>", "active, watch or archived")
    .option("--product <product>", "only competitors of this product (its id or name)")
    .option(...FORMAT)
    .option(...WORKSPACE)
    .action(lazy(competitors, "runCompetitorsList"));
  program
    .command("changes")
    .description("Changes detected on competitors' monitored pages and feeds")
    .command("list")
    .description("Reported changes since a date or a duration ago, newest first (every page of them)")
    .option(
      "--since <when>",
      "a duration back from now (90m, 24h, 7d, 2w), a day (2026-11-30) or an ISO instant",
      "7d",
    )
    .option("--competitor <competitor>", "only this competitor's changes (its id or name)")
    .option(
      "--category <category>",
      "pricing, product, messaging, hiring or other (repeatable, or a,b)",
      collectList,
    )
    .option("--importance <importance>", "high, normal or low (repeatable, or a,b)", collectList)
    .option("--state <state>", "new, reviewed or noise (repeatable, or a,b)", collectList)
    .option("--limit <n>", "at most this many changes (default: all)")
    .option(...FORMAT)
    .option(...WORKSPACE)
    .action(lazy(competitors, "runChangesList"));
}

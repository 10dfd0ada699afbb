import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

const sources = () => import("../actions/sources.ts");
const competitors = () => import("../actions/competitors.ts");

const WORKSPACE = ["--workspace <id|slug>", "the workspace (default: the only one of this Baton)"] as const;

export function registerSources(program: Command) {
  const cmd = program
    .command("sources")
    .description(
      "Polled feedback sources (feeds, Hacker News, Mastodon, GitHub issues, App Store reviews: list, poll) and competitors' monitored sources (check)",
    );
  cmd
    .command("list")
    .description("Every source with its schedule, last poll, error and items imported")
    .option("--format <format>", "table, csv or json", "table")
    .option(...WORKSPACE)
    .action(lazy(sources, "runSourcesList"));
  cmd
    .command("poll")
    .argument("<source>", "the source's id, or its name (see `baton sources list`)")
    .description("Poll a source now and print what came in (or the error now recorded on the source)")
    .option("--json", "print the result as JSON")
    .option(...WORKSPACE)
    .action(lazy(sources, "runSourcesPoll"));
  cmd
    .command("check")
    .argument("[source]", "the monitored source's id, or its name (a competitor's page, feed, sitemap …)")
    .description(
      "Check a COMPETITOR's monitored source now (web page, feed, sitemap, JSON, GitHub releases, App Store) and print the outcome: changed (with % and summary), unchanged, not modified, or the error now recorded on it (exit code 1). With --all, queue a check of every enabled source (or --competitor's) that is not already due, and print how many: Baton runs them in the background. Feedback sources are polled with `sources poll`",
    )
    .option("--all", "every enabled monitored source (with --competitor: that competitor's) instead of one")
    .option(
      "--competitor <competitor>",
      "the competitor whose source it is (its id or name), when names repeat; with --all, whose sources to check",
    )
    .option("--json", "print the result as JSON")
    .option(...WORKSPACE)
    .action(lazy(competitors, "runSourcesCheck"));
}

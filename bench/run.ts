// `npm run bench` runs every section; `npm run bench -- foundation` runs one (`foundation:web` one part of it).
// its own block in bench/RESULTS.md, so sections added by later issues keep each other's figures.
// Exit code: non-zero only when a measurement crashed (a missed budget is a FAIL row, not an error).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { availability } from "./availability.bench.ts";
import { competitors } from "./competitors.bench.ts";
import { feedback } from "./feedback.bench.ts";
import { foundation } from "./foundation.bench.ts";
import { cleanupAllSync, installCleanupHandlers, ROOT, runSync } from "./lib/proc.ts";
import {
  type BenchContext,
  consoleTable,
  machineInfo,
  type Row,
  type Section,
  sectionMarkdown,
} from "./lib/report.ts";
import { matrix } from "./matrix.bench.ts";
import { prioritization } from "./prioritization.bench.ts";
import { roadmap } from "./roadmap.bench.ts";
import { signoff } from "./signoff.bench.ts";
import { similar } from "./similar.bench.ts";

const SECTIONS: Section[] = [
  foundation,
  prioritization,
  roadmap,
  signoff,
  availability,
  similar,
  feedback,
  matrix,
  competitors,
];
const RESULTS = path.join(import.meta.dirname, "RESULTS.md");
const WATCHDOG_MS = 45 * 60_000;

const HEADER = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); each section is replaced when it is run again.
PASS/FAIL: a budget was measured; INFO: a figure without a budget; SKIP: not measurable on this machine;
ERROR: the measurement broke (see the figure). A missed budget does not fail the run.
`;

/** Writes RESULTS.md in the repository's Markdown style (Biome pads the tables), so `biome check` stays clean. */
function writeResults(doc: string) {
  writeFileSync(RESULTS, doc);
  const biome = path.join(ROOT, "node_modules/@biomejs/biome/bin/biome");
  if (existsSync(biome)) runSync(process.execPath, [biome, "format", "--write", RESULTS], 60_000);
}

function replaceBlock(doc: string, name: string, body: string) {
  const start = `<!-- section:${name} -->`;
  const end = `<!-- /section:${name} -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) return doc.slice(0, i) + block + doc.slice(j + end.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}

async function main() {
  installCleanupHandlers();
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 60_000} min, giving up`);
    cleanupAllSync();
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const wanted = [...new Set(args.map((a) => a.split(":")[0]))];
  const partsOf = (name: string) =>
    args.filter((a) => a.startsWith(`${name}:`)).map((a) => a.slice(name.length + 1));
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length) {
    console.error(
      `bench: unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.name).join(", ")}`,
    );
    process.exit(2);
  }
  const run = wanted.length ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
  const machine = machineInfo();
  const crashes: string[] = [];
  const t0 = performance.now();
  const ctx: BenchContext = {
    machine,
    parts: [],
    wants(part) {
      return this.parts.length === 0 || this.parts.includes(part);
    },
    markCrashed: (reason) => {
      crashes.push(reason);
      console.error(`bench: ${reason.split("\n").slice(0, 8).join("\n  ")}`);
    },
    log: (msg) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`),
  };

  let doc = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : HEADER;
  // Later runs re-read the formatted file: the block markers survive formatting.
  if (!doc.startsWith("# Benchmark results")) doc = HEADER;
  const summary: { section: string; table: string; r: Row }[] = [];
  for (const section of run) {
    ctx.log(`section ${section.name}: ${section.title}`);
    const s0 = performance.now();
    // "foundation" alone (or with "foundation" also given) runs every part.
    ctx.parts = args.includes(section.name) ? [] : partsOf(section.name);
    try {
      const res = await section.run(ctx);
      for (const t of res.tables)
        for (const r of t.rows) summary.push({ section: section.name, table: t.title, r });
      const md = sectionMarkdown(section, res, (performance.now() - s0) / 1000);
      if (ctx.parts.length === 0) {
        doc = replaceBlock(doc, section.name, md);
        writeResults(doc);
      } else {
        console.log(`\n${md}\n(partial run: ${RESULTS} not updated)`);
      }
    } catch (err) {
      ctx.markCrashed(`section ${section.name} crashed: ${(err as Error).stack ?? err}`);
    }
  }
  console.log(`\n${consoleTable(summary)}\n`);
  console.log(
    `bench: ${((performance.now() - t0) / 1000).toFixed(0)} s; results in ${path.relative(process.cwd(), RESULTS)}`,
  );
  cleanupAllSync();
  if (crashes.length) {
    console.error(`bench: ${crashes.length} measurement(s) crashed (see above and the ERROR rows)`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  cleanupAllSync();
  process.exit(1);
});

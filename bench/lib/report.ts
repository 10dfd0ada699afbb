import { execFileSync } from "node:child_process";
import os from "node:os";
import { ROOT } from "./proc.ts";

/**
 * PASS/FAIL: a budget was measured. INFO: a figure without a budget (a ceiling, a first start).
 * SKIP: could not be measured here (e.g. no PostgreSQL). ERROR: the measurement itself broke.
 */
export type Status = "PASS" | "FAIL" | "INFO" | "SKIP" | "ERROR";

export interface Row {
  measure: string;
  figure: string;
  budget: string;
  status: Status;
  conditions: string;
  date: string;
}

/** One budget: a table of rows plus free-form notes (details, individual samples, diagnostics). */
export interface BudgetTable {
  title: string;
  rows: Row[];
  notes: string[];
}

export interface SectionResult {
  /** Machine and code conditions common to the whole section. */
  conditions: string;
  tables: BudgetTable[];
  /** Markdown printed before the tables (e.g. a summary table across databases). */
  preamble?: string[];
}

export interface BenchContext {
  machine: MachineInfo;
  /** Set when a measurement failed unexpectedly (a bench or server crash): the run exits non-zero. */
  markCrashed(reason: string): void;
  log(msg: string): void;
  /** Parts asked for with `npm run bench -- section:part` (empty: all). Partial runs do not write RESULTS.md. */
  parts: string[];
  wants(part: string): boolean;
}

/** A benchmark section (one per issue): `npm run bench -- <name>` runs only it. */
export interface Section {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  os: string;
  memGb: number;
  commit: string;
}

export function machineInfo(): MachineInfo {
  let commit = "unknown";
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    // What runs is the working tree: say when it differs from the commit (other work in progress).
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "bin", "package.json"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean).length;
    commit = dirty ? `${sha} + uncommitted changes in ${dirty} paths under src/, bin/` : sha;
  } catch {}
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    commit,
  };
}

export const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

export function describeMachine(m: MachineInfo) {
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memGb} GB RAM, Node ${m.node}, ${m.os}, commit ${m.commit}`;
}

export const nowStamp = () => new Date().toISOString().slice(0, 16).replace("T", " ");

export function row(r: Omit<Row, "date">): Row {
  return { ...r, date: nowStamp() };
}

/** A budget verdict: PASS when ok, FAIL otherwise. */
export const verdict = (ok: boolean): Status => (ok ? "PASS" : "FAIL");

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function tableMarkdown(t: BudgetTable) {
  const lines = [`### ${t.title}`, ""];
  if (t.rows.length) {
    lines.push("| measure | figure | budget | result | conditions | date (UTC) |");
    lines.push("|---|---|---|---|---|---|");
  }
  for (const r of t.rows) {
    const status = r.status === "PASS" || r.status === "INFO" ? r.status : `**${r.status}**`;
    lines.push(
      `| ${esc(r.measure)} | ${esc(r.figure)} | ${esc(r.budget)} | ${status} | ${esc(r.conditions)} | ${r.date} |`,
    );
  }
  if (t.notes.length) {
    if (t.rows.length) lines.push("");
    for (const n of t.notes) lines.push(`- ${n}`);
  }
  return lines.join("\n");
}

export function sectionMarkdown(section: Section, res: SectionResult, durationS: number) {
  return [
    `## ${section.title}`,
    "",
    `Run \`npm run bench -- ${section.name}\` (took ${durationS.toFixed(0)} s). Conditions: ${res.conditions}.`,
    "",
    ...(res.preamble?.length ? [...res.preamble, ""] : []),
    ...res.tables.map((t) => `${tableMarkdown(t)}\n`),
  ].join("\n");
}

/** A plain-text table for the terminal. */
export function consoleTable(rows: { section: string; table: string; r: Row }[]) {
  const header = ["section", "measure", "figure", "budget", "result"];
  const body = rows.map(({ section, r }) => [section, r.measure, r.figure, r.budget, r.status]);
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...body.map((b) => b[i].length))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i])))
      .join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(fmt)].join("\n");
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** A note on a figure measured while other processes were busy (more than 0.3 cores). */
export const noisy = (r: { otherCores: number | null }) =>
  r.otherCores !== null && r.otherCores > 0.3
    ? ` (noisy: other processes used ${r.otherCores.toFixed(1)} cores)`
    : "";

import { z } from "zod";
import type { Workspace } from "../../../shared/schemas.ts";
import { type Database, type Db, nextTurn } from "../../db/client.ts";
import { listMigrations } from "../../db/migrate.ts";
import { notFound } from "../../errors.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import { eachChunk, StepSizer } from "../../lib/steps.ts";
import { VERSION } from "../../version.ts";
import {
  countSection,
  selectSectionPage,
  selectWorkspaceByIdOrSlug,
  selectWorkspaceCapacity,
  selectWorkspaceUsers,
  selectXidHorizon,
} from "./transfer.queries.ts";
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  ExportDocumentSchema,
  SECTIONS,
  type Section,
} from "./transfer.schema.ts";
import { TABLES } from "./transfer.tables.ts";

/** Progress of an export or import, in rows over all sections. */
export interface TransferProgress {
  section: Section | "workspace";
  done: number;
  total: number;
}
export type OnProgress = (p: TransferProgress) => void;

export interface ExportOptions {
  clock?: Clock;
  onProgress?: OnProgress;
  /** Filled by exportWorkspaceInSteps: how many stepped reads it tried, and whether it fell back to one. */
  stats?: { tries: number; oneTransaction: boolean };
}

let latestMigration: string | null | undefined;
const migrationTag = () => {
  latestMigration ??= listMigrations().at(-1)?.tag ?? null;
  return latestMigration;
};

/** The workspace with this id or slug; throws not_found. */
export async function resolveWorkspace(db: Db, idOrSlug: string): Promise<Workspace> {
  const ws = await selectWorkspaceByIdOrSlug(db, idOrSlug.trim());
  if (!ws) throw notFound(`Workspace "${idOrSlug}"`);
  return ws;
}

/** Runs one read of the export in a transaction: the whole export's one, or a short one of its own. */
type Step = <T>(read: (tx: Db) => Promise<T>) => Promise<T>;

/** The whole workspace (by id or slug) as one "baton-export" document, read in one repeatable-read transaction. */
export function exportWorkspace(db: Db, idOrSlug: string, opts: ExportOptions = {}): Promise<ExportDocument> {
  return db.transaction((tx) => readDocument((read) => read(tx), idOrSlug, opts, false), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

/** Stepped tries before the export falls back to one transaction (writes kept landing in between). */
const STEPPED_TRIES = 3;

class SnapshotMoved extends Error {}

/**
 * exportWorkspace as long work (docs/DECISIONS.md #28). On PostgreSQL the same one repeatable-read transaction
 * (MVCC: it blocks nobody). On PGlite, where a transaction holds the one connection, the sections are read in
 * keyset pages, each a short read-only transaction of ~40 ms taken when no interactive query waits. The pages
 * are one consistent snapshot when no transaction id was assigned between the first and the last: every
 * transaction that writes gets one, and PGlite runs one transaction at a time, so the database did not change
 * while they were read. Each step checks the horizon before it reads; when it moved, the export starts over
 * (up to 3 tries), then falls back to one transaction.
 */
export async function exportWorkspaceInSteps(
  database: Database,
  idOrSlug: string,
  opts: ExportOptions = {},
): Promise<ExportDocument> {
  const stats = opts.stats ?? { tries: 0, oneTransaction: false };
  if (database.kind === "postgres") {
    stats.oneTransaction = true;
    return exportWorkspace(database.db, idOrSlug, opts);
  }
  return database.inBackground(async () => {
    for (let attempt = 1; attempt <= STEPPED_TRIES; attempt++) {
      stats.tries = attempt;
      let horizon: string | null = null;
      const step: Step = async (read) => {
        await database.yieldToInteractive();
        return database.db.transaction(
          async (tx) => {
            const now = await selectXidHorizon(tx);
            if (horizon === null) horizon = now;
            else if (now !== horizon) throw new SnapshotMoved();
            return read(tx);
          },
          { accessMode: "read only" },
        );
      };
      try {
        return await readDocument(step, idOrSlug, opts, true);
      } catch (err) {
        if (!(err instanceof SnapshotMoved)) throw err;
      }
    }
    stats.oneTransaction = true;
    return exportWorkspace(database.db, idOrSlug, opts);
  });
}

async function readDocument(
  step: Step,
  idOrSlug: string,
  opts: ExportOptions,
  paged: boolean,
): Promise<ExportDocument> {
  const clock = opts.clock ?? systemClock;
  const { workspace, capacity, users } = await step(async (tx) => {
    const workspace = await resolveWorkspace(tx, idOrSlug);
    const capacity = await selectWorkspaceCapacity(tx, workspace.id);
    return { workspace, capacity, users: await selectWorkspaceUsers(tx, workspace.id) };
  });
  const wid = workspace.id;
  const rowSections = SECTIONS.filter((s) => s !== "users");
  let total = 0;
  if (opts.onProgress) {
    total = 1 + users.length;
    for (const s of rowSections) total += await step((tx) => countSection(tx, s, wid));
  }
  let done = 0;
  const report = (section: TransferProgress["section"], n: number) => {
    done += n;
    opts.onProgress?.({ section, done, total });
  };
  report("workspace", 1);
  report("users", users.length);
  const sections: Partial<Record<Section, unknown[]>> = { users };
  for (const section of rowSections) {
    sections[section] = await readSection(step, section, wid, paged);
    report(section, sections[section].length);
  }
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: clock.now().toISOString(),
    source: { version: VERSION, migration: migrationTag() },
    workspace: { ...workspace, ...capacity },
    ...Object.fromEntries(SECTIONS.map((s) => [s, sections[s]])),
  } as ExportDocument;
}

/** A section's rows in its order: at once, or in keyset pages of about one step each. */
async function readSection(step: Step, section: Section, wid: string, paged: boolean) {
  const spec = TABLES[section];
  let rows: Record<string, unknown>[];
  if (!paged) rows = await step((tx) => selectSectionPage(tx, section, wid, null, null));
  else {
    rows = [];
    const sizer = new StepSizer(200, 20, 5000);
    let after: unknown[] | null = null;
    for (;;) {
      const limit = sizer.next();
      const page: Record<string, unknown>[] = await step(async (tx) => {
        const t0 = performance.now();
        const got = await selectSectionPage(tx, section, wid, after, limit);
        sizer.took(got.length, performance.now() - t0);
        return got;
      });
      for (const r of page) rows.push(r);
      if (page.length < limit) break;
      const last = page[page.length - 1];
      after = spec.key.map((k) => last[k]);
    }
  }
  // An identity column travels as the row's place in the workspace's order (1, 2, 3…), not the instance's counter.
  const seq = spec.seq;
  if (seq) for (const [i, r] of rows.entries()) r[seq] = i + 1;
  return rows;
}

/** Rows encoded and written between two turns of the event loop (~10-20 ms for wide rows). */
const JSON_CHUNK = 500;

/**
 * The document as the API answers it, `JSON.stringify(z.encode(ExportDocumentSchema, doc))` byte for byte, but
 * encoded section by section in chunks that let the event loop turn: a 20 MB document checked and written in
 * one go held the thread (and so every request) for seconds.
 */
export async function exportJson(doc: ExportDocument): Promise<string> {
  const parts: string[] = [];
  for (const [key, schema] of Object.entries(ExportDocumentSchema.shape)) {
    const value = (doc as Record<string, unknown>)[key];
    if (!(schema instanceof z.ZodArray)) {
      parts.push(`${JSON.stringify(key)}:${JSON.stringify(z.encode(schema as z.ZodType, value))}`);
      continue;
    }
    const out: string[] = [];
    await eachChunk(value as unknown[], JSON_CHUNK, (chunk) => {
      for (const row of chunk) out.push(JSON.stringify(z.encode(schema.element as z.ZodType, row)));
    });
    parts.push(`${JSON.stringify(key)}:[${out.join(",")}]`);
    await nextTurn();
  }
  return `{${parts.join(",")}}`;
}

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { NameSchema, SlugSchema, type Workspace } from "../../../shared/schemas.ts";
import type { Database, Db } from "../../db/client.ts";
import { AppError, conflict, invalid } from "../../errors.ts";
import { addMs, type Clock, systemClock } from "../../lib/clock.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { StepSizer } from "../../lib/steps.ts";
import { seedDefaultFactors } from "../factors/factors.service.ts";
import { type JobHandlers, scheduleJob, unscheduleJob } from "../jobs/jobs.service.ts";
import { type OnProgress, resolveWorkspace, type TransferProgress } from "./transfer.export.ts";
import {
  batchOf,
  chunks,
  deleteUsersWithoutWorkspace,
  deleteWorkspaceRow,
  hasOwnId,
  insertRows,
  insertWorkspaceRow,
  selectSomeWorkspaces,
  selectTakenIds,
  selectUsersByEmails,
  slugExists,
} from "./transfer.queries.ts";
import { bySeq, importRow, type Remap } from "./transfer.remap.ts";
import { SECTIONS, type Section, upgradeDocument } from "./transfer.schema.ts";
import { type IdTarget, TABLES, type TableSpec } from "./transfer.tables.ts";
import { validateExport } from "./transfer.validate.ts";

export {
  type ExportOptions,
  exportJson,
  exportWorkspace,
  exportWorkspaceInSteps,
  type OnProgress,
  resolveWorkspace,
  type TransferProgress,
} from "./transfer.export.ts";
export { parseExportText, validateExport } from "./transfer.validate.ts";

// Never matches a scrypt hash: imported accounts log in only after a password reset.
const UNUSABLE_PASSWORD = "!imported-no-password";

/**
 * The workspace a command means: the one given by id or slug, else the instance's only workspace.
 * With several and none given, the error names them.
 */
export async function resolveWorkspaceOrOnly(db: Db, idOrSlug: string | undefined): Promise<Workspace> {
  if (idOrSlug?.trim()) return resolveWorkspace(db, idOrSlug);
  const some = await selectSomeWorkspaces(db, 11);
  if (some.length === 1) return some[0];
  if (!some.length)
    throw new AppError(
      "not_found",
      "This Baton has no workspace yet; create one with `baton admin create-owner`",
    );
  const names = some.slice(0, 10).map((w) => w.slug);
  throw invalid(
    { "--workspace": `one of ${names.join(", ")}${some.length > 10 ? ", …" : ""}` },
    "This Baton has several workspaces: choose one with --workspace",
  );
}

export interface ImportOptions {
  /** The new workspace's address; defaults to the exported one. */
  slug?: string;
  /** The new workspace's name; defaults to the exported one. */
  name?: string;
  onProgress?: OnProgress;
}

export interface ImportResult {
  workspace: { id: string; name: string; slug: string };
  rows: Record<Section, number>;
  /** Accounts created by the import: they have no usable password until reset. */
  createdUsers: string[];
  /** Accounts that already existed (same e-mail) and were reused. */
  reusedUsers: string[];
  /** How many ids were taken and so replaced by new ones (references follow). */
  remappedIds: number;
  /** The file was written before scoring factors existed (format version 1): the default factors were added. */
  defaultFactors: boolean;
}

/**
 * Creates a new workspace from an export document, in one transaction: on any error nothing is written.
 * Accounts are matched by e-mail (reused) or created without a usable password; ids are kept when free
 * anywhere in the instance, else replaced consistently, so references stay intact. A version-1 document
 * (written before prioritization) gets the default scoring factors, as a new workspace does.
 */
export function importWorkspace(db: Db, input: unknown, opts: ImportOptions = {}): Promise<ImportResult> {
  return importWith(db, input, opts);
}

/**
 * importWorkspace as long work (lib/steps.ts): on PostgreSQL the same one transaction; on PGlite each batch is
 * its own statement, taken when no interactive query waits. The workspace stays invisible until the end:
 * members and jobs are written last, in one short transaction (nobody can open a workspace they are not a
 * member of, and no job runs on it before). An undo job, renewed while the import runs, deletes the
 * workspace and the accounts it created if the process dies half-way; a failure deletes them at once.
 */
export async function importWorkspaceInSteps(
  database: Database,
  input: unknown,
  opts: ImportOptions & { clock?: Clock } = {},
): Promise<ImportResult> {
  if (database.kind === "postgres") return importWith(database.db, input, opts);
  const db = database.db;
  const clock = opts.clock ?? systemClock;
  let undo: UndoPayload | null = null;
  let renewed = 0;
  const schedule = (u: UndoPayload) => {
    renewed = clock.now().getTime();
    return scheduleJob(db, {
      workspaceId: null,
      kind: UNDO_KIND,
      key: `${UNDO_KIND}:${u.workspaceId}`,
      runAt: addMs(clock.now(), UNDO_AFTER_MS).toISOString(),
      payload: u,
    });
  };
  const stepped: SteppedImport = {
    async begin(workspaceId, userIds) {
      undo = { workspaceId, userIds };
      await schedule(undo);
    },
    async pause() {
      if (undo && clock.now().getTime() - renewed > UNDO_AFTER_MS / 5) await schedule(undo);
      await database.yieldToInteractive();
    },
    async publish(write) {
      await database.yieldToInteractive();
      await db.transaction(async (tx) => {
        await write(tx);
        if (undo) await unscheduleJob(tx, `${UNDO_KIND}:${undo.workspaceId}`);
      });
    },
  };
  return database.inBackground(async () => {
    try {
      return await importWith(db, input, opts, stepped);
    } catch (err) {
      const u = undo as UndoPayload | null;
      if (u) {
        await undoImport(db, u)
          .then(() => unscheduleJob(db, `${UNDO_KIND}:${u.workspaceId}`))
          .catch(() => undefined); // the job does it otherwise
      }
      throw err;
    }
  });
}

/** How a workspace import written in steps reports its progress to importWorkspaceInSteps. */
interface SteppedImport {
  /** The workspace row exists (and these accounts will be created): schedule their undo. */
  begin(workspaceId: string, userIds: string[]): Promise<void>;
  /** Between two batches. */
  pause(): Promise<void>;
  /** Writes the held-back sections (members, jobs) in one short transaction. */
  publish(write: (tx: Db) => Promise<void>): Promise<void>;
}

const UNDO_KIND = "transfer.import.undo";
const UNDO_AFTER_MS = 5 * 60_000;
interface UndoPayload {
  workspaceId: string;
  userIds: string[];
}

/** Deletes a half-imported workspace (its rows follow by cascade) and the accounts it created. */
const undoImport = async (db: Db, u: UndoPayload) => {
  await deleteWorkspaceRow(db, u.workspaceId);
  await deleteUsersWithoutWorkspace(db, u.userIds);
};

/** The undo job: a workspace import written in steps stopped half-way (the process died). */
export const transferJobHandlers: JobHandlers = {
  [UNDO_KIND]: (db, job) => undoImport(db, job.payload as unknown as UndoPayload),
};

async function importWith(
  db: Db,
  input: unknown,
  opts: ImportOptions,
  stepped?: SteppedImport,
): Promise<ImportResult> {
  const read = validateExport(input);
  const doc = upgradeDocument(read);
  const defaultFactors = read.formatVersion === 1;
  // New values are checked like the API checks them; the exported ones were validated with the document.
  const target = z
    .object({ slug: SlugSchema.optional(), name: NameSchema.optional() })
    .safeParse({ slug: opts.slug, name: opts.name });
  if (!target.success) {
    throw invalid(
      Object.fromEntries(target.error.issues.map((i) => [String(i.path[0]), i.message])),
      "The new workspace's name or address is invalid",
    );
  }
  const slug = target.data.slug ?? doc.workspace.slug;
  const name = target.data.name ?? doc.workspace.name;
  const total = 1 + SECTIONS.reduce((n, s) => n + doc[s].length, 0);
  let done = 0;
  const progress = (section: TransferProgress["section"], n: number) => {
    done += n;
    opts.onProgress?.({ section, done, total });
  };

  // Stepped: no transaction around the whole (each statement commits), see importWorkspaceInSteps.
  const whole = <T>(body: (tx: Db) => Promise<T>) => (stepped ? body(db) : db.transaction(body));
  try {
    return await whole(async (tx) => {
      if (await slugExists(tx, slug)) {
        throw conflict(`A workspace with the address "${slug}" exists; choose another address`, {
          slug: "already taken",
        });
      }
      const all = new Map<string, string>(); // every replaced id, for audit values and ids inside texts
      const maps = {} as Record<IdTarget, Map<string, string>>;
      const claim = async (target: IdTarget, ids: string[]) => {
        const map = new Map<string, string>();
        for (const id of await selectTakenIds(tx, target, ids)) map.set(id, randomUUID());
        maps[target] = map;
        for (const [k, v] of map) all.set(k, v);
      };
      const ref = (target: IdTarget, old: string | null) =>
        old === null ? null : (maps[target]?.get(old) ?? old);
      // In batches of the section's size, in the given transaction (the whole import's, or the held-back one).
      const insertAll = async (t: Db, section: Section, rows: Record<string, unknown>[]) => {
        for (const part of chunks(rows, batchOf(section))) {
          await insertRows(t, section, part);
          progress(section, part.length);
        }
      };
      const insert = async (section: Section, rows: Record<string, unknown>[]) => {
        if (stepped) {
          // Batches sized to a short step each (wide rows such as ideas go a few dozen at a time).
          const sizer = new StepSizer(50, 10, TABLES[section].batch ?? 1000);
          for (let i = 0; i < rows.length; ) {
            const part = rows.slice(i, i + sizer.next());
            const t0 = performance.now();
            await insertRows(tx, section, part);
            sizer.took(part.length, performance.now() - t0);
            progress(section, part.length);
            i += part.length;
            await stepped.pause();
          }
          return;
        }
        await insertAll(tx, section, rows);
      };
      // Stepped: members and jobs make the workspace visible and active: they are written last, together.
      const held: ((tx: Db) => Promise<void>)[] = [];
      const insertLast = async (section: Section, rows: Record<string, unknown>[]) => {
        if (!stepped) return insert(section, rows);
        held.push((t) => insertAll(t, section, rows));
      };

      await claim("workspaces", [doc.workspace.id]);
      const wid = ref("workspaces", doc.workspace.id) as string;
      const { createdAt, updatedAt, version, capacityUnit, pointsPerPersonMonth } = doc.workspace;
      await insertWorkspaceRow(tx, {
        id: wid,
        name,
        slug,
        capacityUnit,
        pointsPerPersonMonth,
        createdAt,
        updatedAt,
        version,
      });
      await stepped?.begin(wid, []);
      progress("workspace", 1);

      const existing = await selectUsersByEmails(
        tx,
        doc.users.map((u) => u.email),
      );
      const fresh = doc.users.filter((u) => !existing.has(u.email.toLowerCase()));
      await claim(
        "users",
        fresh.map((u) => u.id),
      );
      for (const u of doc.users) {
        const found = existing.get(u.email.toLowerCase());
        if (found && found !== u.id) {
          maps.users.set(u.id, found);
          all.set(u.id, found);
        }
      }
      // Every id is claimed before any row is written: audit values and texts may name rows of any section.
      for (const section of SECTIONS)
        if (section !== "users" && hasOwnId(section))
          await claim(
            section,
            (doc[section] as { id: string }[]).map((r) => r.id),
          );

      progress("users", doc.users.length - fresh.length);
      await stepped?.begin(
        wid,
        fresh.map((u) => ref("users", u.id) as string),
      );
      await insert(
        "users",
        fresh.map((u) => ({
          id: ref("users", u.id),
          email: u.email,
          name: u.name,
          timezone: u.timezone,
          passwordHash: UNUSABLE_PASSWORD,
        })),
      );
      const remap: Remap = { wid, ref, all };
      for (const section of SECTIONS) {
        if (section === "users") continue;
        const spec: TableSpec = TABLES[section];
        const rows = (doc[section] as Record<string, unknown>[]).map((r) =>
          importRow(section, spec, r, remap),
        );
        await (spec.last ? insertLast : insert)(
          section,
          spec.seq ? bySeq(rows, doc[section], spec.seq) : rows,
        );
        if (section === "factors" && defaultFactors) await seedDefaultFactors(tx, wid);
      }

      if (stepped)
        await stepped.publish(async (t) => {
          for (const write of held) await write(t);
        });

      const rows = Object.fromEntries(SECTIONS.map((s) => [s, doc[s].length])) as Record<Section, number>;
      return {
        workspace: { id: wid, name, slug },
        rows,
        createdUsers: fresh.map((u) => u.email),
        reusedUsers: doc.users.filter((u) => existing.has(u.email.toLowerCase())).map((u) => u.email),
        remappedIds: all.size,
        defaultFactors,
      };
    });
  } catch (err) {
    // Someone created the same slug, e-mail or id while we were importing: the transaction rolled back.
    if (isUniqueViolation(err))
      throw conflict("Something with the same address, e-mail or id was created meanwhile; import again");
    throw err;
  }
}

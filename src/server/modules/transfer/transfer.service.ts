import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { NameSchema, SlugSchema, type Workspace } from "../../../shared/schemas.ts";
import type { Database, Db } from "../../db/client.ts";
import { listMigrations } from "../../db/migrate.ts";
import { AppError, conflict, invalid, notFound } from "../../errors.ts";
import { addMs, type Clock, systemClock } from "../../lib/clock.ts";
import { sha256 } from "../../lib/crypto.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { StepSizer } from "../../lib/steps.ts";
import { VERSION } from "../../version.ts";
import { seedDefaultFactors } from "../factors/factors.service.ts";
import { type JobHandlers, scheduleJob, unscheduleJob } from "../jobs/jobs.service.ts";
import {
  BATCH,
  chunks,
  countWorkspaceRows,
  deleteUsersWithoutWorkspace,
  deleteWorkspaceRow,
  type IdTable,
  type InsertRow,
  insertRows,
  insertWorkspaceRow,
  selectAuditEvents,
  selectCompanies,
  selectFactors,
  selectFeedbackItems,
  selectFeedbackLinks,
  selectIdeaComments,
  selectIdeaObjectives,
  selectIdeas,
  selectIdeaWatchers,
  selectInvitations,
  selectKeyResults,
  selectMemberships,
  selectNotifications,
  selectObjectives,
  selectOutbox,
  selectPendingJobs,
  selectPeople,
  selectPlanProposals,
  selectProducts,
  selectRatings,
  selectRoadmapChanges,
  selectRoadmapDependencies,
  selectRoadmapItemEfforts,
  selectRoadmapItemLinks,
  selectRoadmapItems,
  selectRoadmapMilestones,
  selectRoadmaps,
  selectRoadmapVersions,
  selectRoundIdeas,
  selectRounds,
  selectRoundVoters,
  selectSavedViews,
  selectSignoffApprovers,
  selectSignoffComments,
  selectSignoffEvents,
  selectSignoffs,
  selectSomeWorkspaces,
  selectTakenIds,
  selectTeamCapacity,
  selectTeamMembers,
  selectTeams,
  selectTimeOff,
  selectUsersByEmails,
  selectWorkspaceByIdOrSlug,
  selectWorkspaceCapacity,
  selectWorkspaceUsers,
  slugExists,
} from "./transfer.queries.ts";
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  SECTIONS,
  type Section,
  upgradeDocument,
} from "./transfer.schema.ts";
import { validateExport } from "./transfer.validate.ts";

export { parseExportText, validateExport } from "./transfer.validate.ts";

/** Progress of an export or import, in rows over all sections. */
export interface TransferProgress {
  section: Section | "workspace";
  done: number;
  total: number;
}
export type OnProgress = (p: TransferProgress) => void;

// Never matches a scrypt hash: imported accounts log in only after a password reset.
const UNUSABLE_PASSWORD = "!imported-no-password";

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

/** The whole workspace (by id or slug) as one "baton-export" document, read from one consistent snapshot. */
export async function exportWorkspace(
  db: Db,
  idOrSlug: string,
  opts: { clock?: Clock; onProgress?: OnProgress } = {},
): Promise<ExportDocument> {
  const clock = opts.clock ?? systemClock;
  return db.transaction(
    async (tx) => {
      const workspace = await resolveWorkspace(tx, idOrSlug);
      const wid = workspace.id;
      const counts = await countWorkspaceRows(tx, wid);
      const users = await selectWorkspaceUsers(tx, wid);
      const total = 1 + users.length + Object.values(counts).reduce((a, b) => a + b, 0);
      let done = 0;
      const step = <T>(section: TransferProgress["section"], rows: T[]) => {
        done += rows.length;
        opts.onProgress?.({ section, done, total });
        return rows;
      };
      step("workspace", [workspace]);
      step("users", users);
      const capacity = await selectWorkspaceCapacity(tx, wid);
      const doc = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        exportedAt: clock.now().toISOString(),
        source: { version: VERSION, migration: migrationTag() },
        workspace: { ...workspace, ...capacity },
        users,
        memberships: step("memberships", await selectMemberships(tx, wid)),
        products: step("products", await selectProducts(tx, wid)),
        teams: step("teams", await selectTeams(tx, wid)),
        teamMembers: step("teamMembers", await selectTeamMembers(tx, wid)),
        invitations: step("invitations", await selectInvitations(tx, wid)),
        auditEvents: step("auditEvents", await selectAuditEvents(tx, wid)),
        outbox: step("outbox", await selectOutbox(tx, wid)),
        factors: step("factors", await selectFactors(tx, wid)),
        ideas: step("ideas", await selectIdeas(tx, wid)),
        rounds: step("rounds", await selectRounds(tx, wid)),
        roundIdeas: step("roundIdeas", await selectRoundIdeas(tx, wid)),
        roundVoters: step("roundVoters", await selectRoundVoters(tx, wid)),
        ratings: step("ratings", await selectRatings(tx, wid)),
        ideaComments: step("ideaComments", await selectIdeaComments(tx, wid)),
        ideaWatchers: step("ideaWatchers", await selectIdeaWatchers(tx, wid)),
        savedViews: step("savedViews", await selectSavedViews(tx, wid)),
        notifications: step("notifications", await selectNotifications(tx, wid)),
        jobs: step("jobs", await selectPendingJobs(tx, wid)),
        objectives: step("objectives", await selectObjectives(tx, wid)),
        keyResults: step("keyResults", await selectKeyResults(tx, wid)),
        ideaObjectives: step("ideaObjectives", await selectIdeaObjectives(tx, wid)),
        teamCapacity: step("teamCapacity", await selectTeamCapacity(tx, wid)),
        timeOff: step("timeOff", await selectTimeOff(tx, wid)),
        roadmaps: step("roadmaps", await selectRoadmaps(tx, wid)),
        roadmapItems: step("roadmapItems", await selectRoadmapItems(tx, wid)),
        roadmapItemEfforts: step("roadmapItemEfforts", await selectRoadmapItemEfforts(tx, wid)),
        roadmapItemLinks: step("roadmapItemLinks", await selectRoadmapItemLinks(tx, wid)),
        roadmapDependencies: step("roadmapDependencies", await selectRoadmapDependencies(tx, wid)),
        roadmapMilestones: step("roadmapMilestones", await selectRoadmapMilestones(tx, wid)),
        roadmapChanges: step("roadmapChanges", await selectRoadmapChanges(tx, wid)),
        roadmapVersions: step("roadmapVersions", await selectRoadmapVersions(tx, wid)),
        planProposals: step("planProposals", await selectPlanProposals(tx, wid)),
        signoffs: step("signoffs", await selectSignoffs(tx, wid)),
        signoffApprovers: step("signoffApprovers", await selectSignoffApprovers(tx, wid)),
        signoffEvents: step("signoffEvents", await selectSignoffEvents(tx, wid)),
        signoffComments: step("signoffComments", await selectSignoffComments(tx, wid)),
        companies: step("companies", await selectCompanies(tx, wid)),
        people: step("people", await selectPeople(tx, wid)),
        feedbackItems: step("feedbackItems", await selectFeedbackItems(tx, wid)),
        feedbackLinks: step("feedbackLinks", await selectFeedbackLinks(tx, wid)),
      };
      return doc as ExportDocument;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
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

/** Replaces every string equal to a remapped id, deep inside audit before/after values. */
function remapDeep(value: unknown, ids: Map<string, string>): unknown {
  if (ids.size === 0 || value === null) return value;
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => remapDeep(v, ids));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remapDeep(v, ids)]));
  }
  return value;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Replaces remapped ids inside a text (a notification's link, a job's key such as "round.close:<id>"). */
const remapText = <T extends string | null>(text: T, ids: Map<string, string>): T =>
  (text === null || ids.size === 0 ? text : text.replace(UUID, (m) => ids.get(m) ?? m)) as T;

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
      const maps = {} as Record<IdTable, Map<string, string>>;
      const claim = async (table: IdTable, ids: string[]) => {
        const map = new Map<string, string>();
        for (const id of await selectTakenIds(tx, table, ids)) map.set(id, randomUUID());
        maps[table] = map;
        for (const [k, v] of map) all.set(k, v);
      };
      const id = (table: IdTable, old: string) => maps[table].get(old) ?? old;
      const ref = (table: IdTable, old: string | null) => (old === null ? null : id(table, old));
      const uid = (old: string | null) => ref("users", old);
      const insert = async <S extends Section>(section: S, rows: InsertRow<S>[]) => {
        if (stepped) {
          // Batches sized to a short step each (wide rows such as ideas go a few dozen at a time).
          const sizer = new StepSizer(50, 10, BATCH[section] ?? 1000);
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
        for (const part of chunks(rows, BATCH[section])) {
          await insertRows(tx, section, part);
          progress(section, part.length);
        }
      };
      // Stepped: members and jobs make the workspace visible and active: they are written last, together.
      const held: ((tx: Db) => Promise<void>)[] = [];
      const insertLast = async <S extends Section>(section: S, rows: InsertRow<S>[]) => {
        if (!stepped) return insert(section, rows);
        held.push(async (t) => {
          for (const part of chunks(rows, BATCH[section])) {
            await insertRows(t, section, part);
            progress(section, part.length);
          }
        });
      };

      await claim("workspaces", [doc.workspace.id]);
      const wid = id("workspaces", doc.workspace.id);
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
      const idsOf: [IdTable, { id: string }[]][] = [
        ["products", doc.products],
        ["teams", doc.teams],
        ["invitations", doc.invitations],
        ["auditEvents", doc.auditEvents],
        ["outbox", doc.outbox],
        ["factors", doc.factors],
        ["ideas", doc.ideas],
        ["rounds", doc.rounds],
        ["ideaComments", doc.ideaComments],
        ["savedViews", doc.savedViews],
        ["notifications", doc.notifications],
        ["jobs", doc.jobs],
        ["objectives", doc.objectives],
        ["keyResults", doc.keyResults],
        ["timeOff", doc.timeOff],
        ["roadmaps", doc.roadmaps],
        ["roadmapItems", doc.roadmapItems],
        ["roadmapMilestones", doc.roadmapMilestones],
        ["roadmapChanges", doc.roadmapChanges],
        ["roadmapVersions", doc.roadmapVersions],
        ["planProposals", doc.planProposals],
        ["signoffs", doc.signoffs],
        ["signoffEvents", doc.signoffEvents],
        ["signoffComments", doc.signoffComments],
        ["companies", doc.companies],
        ["people", doc.people],
        ["feedbackItems", doc.feedbackItems],
        ["feedbackLinks", doc.feedbackLinks],
      ];
      for (const [table, rows] of idsOf)
        await claim(
          table,
          rows.map((r) => r.id),
        );

      progress("users", doc.users.length - fresh.length);
      await stepped?.begin(
        wid,
        fresh.map((u) => uid(u.id)!),
      );
      await insert(
        "users",
        fresh.map((u) => ({
          id: uid(u.id)!,
          email: u.email,
          name: u.name,
          timezone: u.timezone,
          passwordHash: UNUSABLE_PASSWORD,
        })),
      );
      await insertLast(
        "memberships",
        doc.memberships.map((m) => ({ ...m, workspaceId: wid, userId: uid(m.userId)! })),
      );
      await insert(
        "products",
        doc.products.map((p) => ({
          ...p,
          workspaceId: wid,
          id: id("products", p.id),
          managerId: uid(p.managerId),
        })),
      );
      await insert(
        "teams",
        doc.teams.map((t) => ({ ...t, workspaceId: wid, id: id("teams", t.id), leadId: uid(t.leadId) })),
      );
      await insert(
        "teamMembers",
        doc.teamMembers.map((m) => ({
          ...m,
          workspaceId: wid,
          teamId: id("teams", m.teamId),
          userId: uid(m.userId)!,
        })),
      );
      await insert(
        "invitations",
        doc.invitations.map((i) => ({
          ...i,
          workspaceId: wid,
          id: id("invitations", i.id),
          // The token left with the source; a random hash nobody holds the token for makes the link dead.
          tokenHash: sha256(randomBytes(32).toString("hex")),
          invitedBy: uid(i.invitedBy),
          acceptedBy: uid(i.acceptedBy),
        })),
      );
      await insert(
        "auditEvents",
        doc.auditEvents.map((e) => ({
          ...e,
          workspaceId: wid,
          id: id("auditEvents", e.id),
          actorId: uid(e.actorId),
          entityId: e.entityId === null ? null : (all.get(e.entityId) ?? e.entityId),
          before: remapDeep(e.before ?? null, all),
          after: remapDeep(e.after ?? null, all),
        })),
      );
      await insert(
        "outbox",
        // Mail links name the workspace and its rows (a sign-off's page): like notification links, they follow.
        doc.outbox.map((m) => ({
          ...m,
          workspaceId: wid,
          id: id("outbox", m.id),
          text: remapText(m.text, all),
        })),
      );

      // ---- prioritization ----
      await insert(
        "factors",
        doc.factors.map((f) => ({
          ...f,
          workspaceId: wid,
          id: id("factors", f.id),
          productId: ref("products", f.productId),
        })),
      );
      if (defaultFactors) await seedDefaultFactors(tx, wid);
      await insert(
        "ideas",
        doc.ideas.map((i) => ({
          ...i,
          workspaceId: wid,
          id: id("ideas", i.id),
          productId: id("products", i.productId),
          ownerId: uid(i.ownerId),
          createdBy: uid(i.createdBy),
          mergedIntoId: ref("ideas", i.mergedIntoId),
          scoredRoundId: ref("rounds", i.scoredRoundId),
          factorStats: i.factorStats.map((s) => ({ ...s, factorId: id("factors", s.factorId) })),
        })),
      );
      await insert(
        "rounds",
        doc.rounds.map((r) => ({
          ...r,
          workspaceId: wid,
          id: id("rounds", r.id),
          productId: id("products", r.productId),
          createdBy: uid(r.createdBy),
        })),
      );
      await insert(
        "roundIdeas",
        doc.roundIdeas.map((r) => ({
          workspaceId: wid,
          roundId: id("rounds", r.roundId),
          ideaId: id("ideas", r.ideaId),
        })),
      );
      await insert(
        "roundVoters",
        doc.roundVoters.map((v) => ({
          ...v,
          workspaceId: wid,
          roundId: id("rounds", v.roundId),
          userId: uid(v.userId)!,
          teamId: ref("teams", v.teamId),
        })),
      );
      await insert(
        "ratings",
        doc.ratings.map((r) => ({
          workspaceId: wid,
          roundId: id("rounds", r.roundId),
          voterId: uid(r.voterId)!,
          ideaId: id("ideas", r.ideaId),
          factorId: id("factors", r.factorId),
          value: r.value,
          abstainReason: r.abstainReason,
          updatedAt: r.updatedAt,
        })),
      );
      await insert(
        "ideaComments",
        doc.ideaComments.map((c) => ({
          ...c,
          workspaceId: wid,
          id: id("ideaComments", c.id),
          ideaId: id("ideas", c.ideaId),
          authorId: uid(c.authorId),
          mentions: c.mentions.map((m) => uid(m)!),
          roundId: ref("rounds", c.roundId),
        })),
      );
      await insert(
        "ideaWatchers",
        doc.ideaWatchers.map((w) => ({
          ...w,
          workspaceId: wid,
          ideaId: id("ideas", w.ideaId),
          userId: uid(w.userId)!,
        })),
      );
      await insert(
        "savedViews",
        doc.savedViews.map((v) => ({
          ...v,
          workspaceId: wid,
          id: id("savedViews", v.id),
          productId: id("products", v.productId),
          ownerId: uid(v.ownerId),
          config: remapDeep(v.config ?? null, all),
        })),
      );
      await insert(
        "notifications",
        doc.notifications.map((n) => ({
          ...n,
          workspaceId: wid,
          id: id("notifications", n.id),
          userId: uid(n.userId)!,
          link: remapText(n.link, all),
        })),
      );
      await insertLast(
        "jobs",
        doc.jobs.map((j) => ({
          ...j,
          workspaceId: wid,
          id: id("jobs", j.id),
          key: remapText(j.key, all),
          payload: remapDeep(j.payload ?? null, all) ?? {},
        })),
      );

      // ---- objectives and roadmaps ----
      await insert(
        "objectives",
        doc.objectives.map((o) => ({
          ...o,
          workspaceId: wid,
          id: id("objectives", o.id),
          productId: ref("products", o.productId),
          ownerId: uid(o.ownerId),
        })),
      );
      await insert(
        "keyResults",
        doc.keyResults.map((k) => ({
          ...k,
          workspaceId: wid,
          id: id("keyResults", k.id),
          objectiveId: id("objectives", k.objectiveId),
        })),
      );
      await insert(
        "ideaObjectives",
        doc.ideaObjectives.map((l) => ({
          workspaceId: wid,
          ideaId: id("ideas", l.ideaId),
          objectiveId: id("objectives", l.objectiveId),
        })),
      );
      await insert(
        "teamCapacity",
        doc.teamCapacity.map((c) => ({ ...c, workspaceId: wid, teamId: id("teams", c.teamId) })),
      );
      await insert(
        "timeOff",
        doc.timeOff.map((t) => ({ ...t, workspaceId: wid, id: id("timeOff", t.id), userId: uid(t.userId)! })),
      );
      // The calendar feed's secret was not exported: the imported roadmap's feed is off.
      await insert(
        "roadmaps",
        doc.roadmaps.map((r) => ({
          ...r,
          workspaceId: wid,
          id: id("roadmaps", r.id),
          productId: id("products", r.productId),
          feedTokenHash: null,
        })),
      );
      await insert(
        "roadmapItems",
        doc.roadmapItems.map((i) => ({
          ...i,
          workspaceId: wid,
          id: id("roadmapItems", i.id),
          roadmapId: id("roadmaps", i.roadmapId),
          ideaId: ref("ideas", i.ideaId),
        })),
      );
      await insert(
        "roadmapItemEfforts",
        doc.roadmapItemEfforts.map((e) => ({
          ...e,
          workspaceId: wid,
          itemId: id("roadmapItems", e.itemId),
          teamId: id("teams", e.teamId),
        })),
      );
      const linkTable = { objective: "objectives", key_result: "keyResults", idea: "ideas" } as const;
      await insert(
        "roadmapItemLinks",
        doc.roadmapItemLinks.map((l) => ({
          workspaceId: wid,
          itemId: id("roadmapItems", l.itemId),
          kind: l.kind,
          targetId: id(linkTable[l.kind], l.targetId),
        })),
      );
      await insert(
        "roadmapDependencies",
        doc.roadmapDependencies.map((d) => ({
          workspaceId: wid,
          roadmapId: id("roadmaps", d.roadmapId),
          beforeId: id("roadmapItems", d.beforeId),
          afterId: id("roadmapItems", d.afterId),
        })),
      );
      await insert(
        "roadmapMilestones",
        doc.roadmapMilestones.map((m) => ({
          ...m,
          workspaceId: wid,
          id: id("roadmapMilestones", m.id),
          roadmapId: id("roadmaps", m.roadmapId),
          itemId: ref("roadmapItems", m.itemId),
        })),
      );
      await insert(
        "roadmapChanges",
        doc.roadmapChanges.map((c) => ({
          ...c,
          workspaceId: wid,
          id: id("roadmapChanges", c.id),
          roadmapId: id("roadmaps", c.roadmapId),
          // A deleted item's id is not in the document: it stays as it was.
          itemId: id("roadmapItems", c.itemId),
          actorId: uid(c.actorId),
          changes: remapDeep(c.changes, all) as Record<string, unknown>,
        })),
      );
      // Snapshots and proposals name items, ideas, teams, objectives… by id: they follow remapped ids.
      // Approved versions (baselines) are written whole, once: a trigger refuses any later change to them.
      await insert(
        "roadmapVersions",
        doc.roadmapVersions.map((v) => ({
          ...v,
          workspaceId: wid,
          id: id("roadmapVersions", v.id),
          roadmapId: id("roadmaps", v.roadmapId),
          createdBy: uid(v.createdBy),
          snapshot: remapDeep(v.snapshot, all) as Record<string, unknown>,
          signoffId: ref("signoffs", v.signoffId),
        })),
      );
      await insert(
        "planProposals",
        doc.planProposals.map((p) => ({
          ...p,
          workspaceId: wid,
          id: id("planProposals", p.id),
          roadmapId: id("roadmaps", p.roadmapId),
          createdBy: uid(p.createdBy),
          settings: remapDeep(p.settings, all) as Record<string, unknown>,
          result: remapDeep(p.result, all) as Record<string, unknown>,
        })),
      );

      // ---- roadmap sign-off (share links were not exported: the imported baselines have none) ----
      const versionRef = (old: string | null) => ref("roadmapVersions", old);
      await insert(
        "signoffs",
        doc.signoffs.map((s) => ({
          ...s,
          workspaceId: wid,
          id: id("signoffs", s.id),
          roadmapId: id("roadmaps", s.roadmapId),
          versionId: id("roadmapVersions", s.versionId),
          baselineVersionId: versionRef(s.baselineVersionId),
          createdBy: uid(s.createdBy),
        })),
      );
      await insert(
        "signoffApprovers",
        doc.signoffApprovers.map((a) => ({
          ...a,
          workspaceId: wid,
          signoffId: id("signoffs", a.signoffId),
          userId: uid(a.userId)!,
          viaTeamId: ref("teams", a.viaTeamId),
          decidedVersionId: versionRef(a.decidedVersionId),
        })),
      );
      // Rows go in their order without their number: the database numbers them after every existing row.
      const bySeq = <T extends { seq: number }>(rows: T[]) => [...rows].sort((a, b) => a.seq - b.seq);
      await insert(
        "signoffEvents",
        bySeq(doc.signoffEvents).map(({ seq: _seq, ...e }) => ({
          ...e,
          workspaceId: wid,
          id: id("signoffEvents", e.id),
          signoffId: id("signoffs", e.signoffId),
          actorId: uid(e.actorId),
        })),
      );
      await insert(
        "signoffComments",
        bySeq(doc.signoffComments).map(({ seq: _seq, ...c }) => ({
          ...c,
          workspaceId: wid,
          id: id("signoffComments", c.id),
          signoffId: id("signoffs", c.signoffId),
          // An item that has left the roadmap since is not in the document: its id stays as it was.
          itemId: ref("roadmapItems", c.itemId),
          userId: uid(c.userId),
        })),
      );

      // ---- customers and feedback ----
      await insert(
        "companies",
        doc.companies.map((c) => ({ ...c, workspaceId: wid, id: id("companies", c.id) })),
      );
      await insert(
        "people",
        doc.people.map((p) => ({
          ...p,
          workspaceId: wid,
          id: id("people", p.id),
          companyId: ref("companies", p.companyId),
        })),
      );
      await insert(
        "feedbackItems",
        doc.feedbackItems.map((f) => ({
          ...f,
          workspaceId: wid,
          id: id("feedbackItems", f.id),
          personId: ref("people", f.personId),
          companyId: ref("companies", f.companyId),
          userId: uid(f.userId),
          sentimentBy: uid(f.sentimentBy),
          assigneeId: uid(f.assigneeId),
          createdBy: uid(f.createdBy),
        })),
      );
      await insert(
        "feedbackLinks",
        doc.feedbackLinks.map((l) => ({
          ...l,
          workspaceId: wid,
          id: id("feedbackLinks", l.id),
          itemId: id("feedbackItems", l.itemId),
          ideaId: id("ideas", l.ideaId),
          createdBy: uid(l.createdBy),
        })),
      );

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

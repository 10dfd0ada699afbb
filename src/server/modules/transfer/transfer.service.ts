import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { NameSchema, SlugSchema, type Workspace } from "../../../shared/schemas.ts";
import type { Db } from "../../db/client.ts";
import { listMigrations } from "../../db/migrate.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import { sha256 } from "../../lib/crypto.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { VERSION } from "../../version.ts";
import {
  chunks,
  countWorkspaceRows,
  type IdTable,
  type InsertRow,
  insertRows,
  insertWorkspaceRow,
  selectAuditEvents,
  selectInvitations,
  selectMemberships,
  selectOutbox,
  selectProducts,
  selectTakenIds,
  selectTeamMembers,
  selectTeams,
  selectUsersByEmails,
  selectWorkspaceByIdOrSlug,
  selectWorkspaceUsers,
  slugExists,
} from "./transfer.queries.ts";
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  SECTIONS,
  type Section,
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
      const doc = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        exportedAt: clock.now().toISOString(),
        source: { version: VERSION, migration: migrationTag() },
        workspace,
        users,
        memberships: step("memberships", await selectMemberships(tx, wid)),
        products: step("products", await selectProducts(tx, wid)),
        teams: step("teams", await selectTeams(tx, wid)),
        teamMembers: step("teamMembers", await selectTeamMembers(tx, wid)),
        invitations: step("invitations", await selectInvitations(tx, wid)),
        auditEvents: step("auditEvents", await selectAuditEvents(tx, wid)),
        outbox: step("outbox", await selectOutbox(tx, wid)),
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

/**
 * Creates a new workspace from an export document, in one transaction: on any error nothing is written.
 * Accounts are matched by e-mail (reused) or created without a usable password; ids are kept when free
 * anywhere in the instance, else replaced consistently, so references stay intact.
 */
export async function importWorkspace(
  db: Db,
  input: unknown,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const doc = validateExport(input);
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

  try {
    return await db.transaction(async (tx) => {
      if (await slugExists(tx, slug)) {
        throw conflict(`A workspace with the address "${slug}" exists; choose another address`, {
          slug: "already taken",
        });
      }
      const all = new Map<string, string>(); // every replaced id, for audit values
      const maps = {} as Record<IdTable, Map<string, string>>;
      const claim = async (table: IdTable, ids: string[]) => {
        const map = new Map<string, string>();
        for (const id of await selectTakenIds(tx, table, ids)) map.set(id, randomUUID());
        maps[table] = map;
        for (const [k, v] of map) all.set(k, v);
      };
      const id = (table: IdTable, old: string) => maps[table].get(old) ?? old;
      const uid = (old: string | null) => (old === null ? null : id("users", old));
      const insert = async <S extends Section>(section: S, rows: InsertRow<S>[]) => {
        for (const part of chunks(rows)) {
          await insertRows(tx, section, part);
          progress(section, part.length);
        }
      };

      await claim("workspaces", [doc.workspace.id]);
      const wid = id("workspaces", doc.workspace.id);
      const { createdAt, updatedAt, version } = doc.workspace;
      await insertWorkspaceRow(tx, { id: wid, name, slug, createdAt, updatedAt, version });
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
      progress("users", doc.users.length - fresh.length);
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

      await insert(
        "memberships",
        doc.memberships.map((m) => ({ ...m, workspaceId: wid, userId: uid(m.userId)! })),
      );
      await claim(
        "products",
        doc.products.map((p) => p.id),
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
      await claim(
        "teams",
        doc.teams.map((t) => t.id),
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
      await claim(
        "invitations",
        doc.invitations.map((i) => i.id),
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
      await claim(
        "auditEvents",
        doc.auditEvents.map((e) => e.id),
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
      await claim(
        "outbox",
        doc.outbox.map((m) => m.id),
      );
      await insert(
        "outbox",
        doc.outbox.map((m) => ({ ...m, workspaceId: wid, id: id("outbox", m.id) })),
      );

      const rows = Object.fromEntries(SECTIONS.map((s) => [s, doc[s].length])) as Record<Section, number>;
      return {
        workspace: { id: wid, name, slug },
        rows,
        createdUsers: fresh.map((u) => u.email),
        reusedUsers: doc.users.filter((u) => existing.has(u.email.toLowerCase())).map((u) => u.email),
        remappedIds: all.size,
      };
    });
  } catch (err) {
    // Someone created the same slug, e-mail or id while we were importing: the transaction rolled back.
    if (isUniqueViolation(err))
      throw conflict("Something with the same address, e-mail or id was created meanwhile; import again");
    throw err;
  }
}

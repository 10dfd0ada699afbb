import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../../shared/enums.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import { manualClock } from "../../lib/clock.ts";
import { seedDemoIfEmpty } from "../../seed/demo.ts";
import { createTestDatabase } from "../../test/db.ts";
import { acceptInvitation, createInvitation, revokeInvitation } from "../invitations/invitations.service.ts";
import { removeMember } from "../members/members.service.ts";
import { createProduct, updateProduct } from "../products/products.service.ts";
import { createTeam } from "../teams/teams.service.ts";
import { type ExportDocument, SECTIONS } from "./transfer.schema.ts";
import {
  exportWorkspace,
  importWorkspace,
  parseExportText,
  type TransferProgress,
} from "./transfer.service.ts";

// Names that break naive escaping, normalization or encoding: they must come back byte for byte.
const WEIRD = {
  product: `<script>alert("x")</script> & 'quotes' — Ünïcödé 🎻 日本語 e\u0301 ‏עברית‎`,
  description: `Line 1\r\nLine 2\t<b>bold</b> &amp; &lt;\n\u{1F3BC}\u200d zero-width: \u200b end  `,
  team: `  Équipe «QA» <img src=x onerror=alert(1)>  `,
};

const clock = manualClock("2026-03-02T09:00:00.000Z");
const auth = { clock, sessionDays: 14 };
let src: Database;
let dst: Database;
let wid: string;
let doc1: ExportDocument;
/** The document as it travels: through a JSON file. */
let text: string;
const exportProgress: TransferProgress[] = [];

async function countAll(db: Database["db"]) {
  const tables = {
    users: schema.users,
    workspaces: schema.workspaces,
    memberships: schema.memberships,
    products: schema.products,
    teams: schema.teams,
    teamMembers: schema.teamMembers,
    invitations: schema.invitations,
    auditEvents: schema.auditEvents,
    outbox: schema.outbox,
  };
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries(tables)) out[k] = await db.$count(t);
  return out;
}

/** Adds what the demo lacks: invitations of every status, mail, a former member still referenced, odd text. */
async function enrich(db: Database["db"], workspaceId: string, ownerId: string) {
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" as Role };
  const url = "http://baton.test";
  await createInvitation(db, clock, url, ctx, {
    email: "pending@example.test",
    role: "stakeholder",
    expiresInDays: 7,
  });
  const revoked = await createInvitation(db, clock, url, ctx, {
    email: "revoked@example.test",
    role: "viewer",
    expiresInDays: 7,
  });
  await revokeInvitation(db, clock, ctx, revoked.id);
  const accepted = await createInvitation(db, clock, url, ctx, {
    email: "former@example.test",
    role: "product_manager",
    expiresInDays: 7,
  });
  const { userId: formerId } = await acceptInvitation(db, auth, null, {
    token: accepted.token,
    name: "Förmer Mémber <b>",
    password: "correct horse battery",
  });
  const product = await db.transaction((tx) =>
    createProduct(tx, ctx, {
      name: WEIRD.product,
      description: WEIRD.description,
      stage: "idea",
      managerId: formerId,
    }),
  );
  await updateProduct(db, ctx, product.id, { version: 1, stage: "discovery" });
  await createTeam(db, ctx, {
    name: WEIRD.team,
    discipline: "qa",
    description: WEIRD.description,
    leadId: null,
  });
  // They leave, but still manage the product and appear in the audit log: their account must travel too.
  await removeMember(db, ctx, formerId);
  return { formerId, productId: product.id };
}

beforeAll(async () => {
  [src, dst] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const seeded = await seedDemoIfEmpty(src.db);
  if (!seeded.seeded) throw new Error("demo seed did not run");
  wid = seeded.workspace.id;
  const owner = (await src.db.select().from(schema.users)).find((u) => u.email === seeded.login.email)!;
  await enrich(src.db, wid, owner.id);
  doc1 = await exportWorkspace(src.db, wid, { clock, onProgress: (p) => exportProgress.push(p) });
  text = JSON.stringify(doc1, null, 2);
});
afterAll(async () => {
  await Promise.all([src?.close(), dst?.close()]);
});

describe("export", () => {
  it("holds the whole workspace, without secrets", () => {
    expect(doc1).toMatchObject({
      format: "baton-export",
      formatVersion: 1,
      exportedAt: "2026-03-02T09:00:00.000Z",
    });
    expect(doc1.source.migration).toMatch(/^\d{4}_/);
    expect(doc1.workspace).toMatchObject({ id: wid, name: "Northwind Labs", slug: "northwind-labs" });
    // 13 demo members + the former member, who is still referenced.
    expect(doc1.users).toHaveLength(14);
    expect(doc1.memberships).toHaveLength(13);
    expect(doc1.users.map((u) => u.email)).toContain("former@example.test");
    expect(doc1.products.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Northwind Mobile", WEIRD.product]),
    );
    expect(doc1.teams).toHaveLength(8);
    expect(doc1.teamMembers.length).toBeGreaterThanOrEqual(12);
    expect(doc1.invitations.map((i) => i.email).sort()).toEqual([
      "former@example.test",
      "pending@example.test",
      "revoked@example.test",
    ]);
    expect(doc1.outbox).toHaveLength(3);
    expect(doc1.auditEvents.some((e) => e.via === "cli" && e.action === "workspace.create")).toBe(true);
    expect(text).not.toMatch(/passwordHash|password_hash|tokenHash|token_hash|scrypt\$/);
  });

  it("reports progress by section, up to the total number of rows", () => {
    const rows = 1 + SECTIONS.reduce((n, section) => n + doc1[section].length, 0);
    expect(exportProgress.map((p) => p.section)).toEqual(["workspace", ...SECTIONS]);
    expect(exportProgress.every((p) => p.total === rows)).toBe(true);
    expect(exportProgress.at(-1)?.done).toBe(rows);
  });
});

describe("import into a fresh Baton", () => {
  it("round-trips exactly: export → import → export gives the same document", async () => {
    const before = await countAll(dst.db);
    const result = await importWorkspace(dst.db, JSON.parse(text));
    expect(result.workspace).toEqual({ id: wid, name: "Northwind Labs", slug: "northwind-labs" });
    expect(result.remappedIds).toBe(0);
    expect(result.createdUsers).toHaveLength(14);
    expect(result.reusedUsers).toEqual([]);
    const doc2 = await exportWorkspace(dst.db, wid, { clock: manualClock("2030-01-01T00:00:00.000Z") });
    expect(doc2.exportedAt).toBe("2030-01-01T00:00:00.000Z");
    expect(JSON.stringify({ ...doc2, exportedAt: doc1.exportedAt }, null, 2)).toBe(text);
    const after = await countAll(dst.db);
    expect(after.users - before.users).toBe(14);
    expect(after.auditEvents - before.auditEvents).toBe(doc1.auditEvents.length);
  });

  it("keeps unicode and HTML byte for byte", async () => {
    const doc2 = await exportWorkspace(dst.db, wid);
    expect(doc2.products.find((p) => p.name === WEIRD.product)?.description).toBe(WEIRD.description);
    expect(doc2.teams.find((t) => t.name === WEIRD.team)?.description).toBe(WEIRD.description);
    expect(doc2.users.find((u) => u.email === "former@example.test")?.name).toBe("Förmer Mémber <b>");
    expect(doc2.users.find((u) => u.email === "chloe.martin@northwind.test")?.name).toBe("Chloé Martin");
  });

  it("gives imported accounts no usable password and dead invitation links", async () => {
    const rows = await dst.db.select().from(schema.users);
    expect(rows.every((u) => !u.passwordHash.startsWith("scrypt$") && !u.isInstanceAdmin)).toBe(true);
    const srcHashes = new Set((await src.db.select().from(schema.invitations)).map((i) => i.tokenHash));
    const dstHashes = (await dst.db.select().from(schema.invitations)).map((i) => i.tokenHash);
    expect(dstHashes).toHaveLength(3);
    expect(dstHashes.some((h) => srcHashes.has(h))).toBe(false);
  });
});

/** Replaces every id by what it names (e-mail, product name, …), so two copies compare by meaning. */
function byMeaning(doc: ExportDocument) {
  const label = new Map<string, string>([[doc.workspace.id, "WORKSPACE"]]);
  for (const u of doc.users) label.set(u.id, `user:${u.email}`);
  for (const p of doc.products) label.set(p.id, `product:${p.name}`);
  for (const t of doc.teams) label.set(t.id, `team:${t.name}`);
  for (const i of doc.invitations) label.set(i.id, `invitation:${i.email}`);
  for (const e of doc.auditEvents) label.set(e.id, `audit:${e.action}@${e.at}`);
  for (const m of doc.outbox) label.set(m.id, `mail:${m.subject}@${m.createdAt}`);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return label.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(walk).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const { exportedAt: _e, workspace, ...rest } = doc;
  return walk({ ...rest, workspace: { ...workspace, name: "-", slug: "-" } });
}

describe("import into the same Baton", () => {
  let copy: ExportDocument;
  let result: Awaited<ReturnType<typeof importWorkspace>>;

  beforeAll(async () => {
    result = await importWorkspace(src.db, parseExportText(text), {
      slug: "northwind-copy",
      name: "Northwind (copy)",
    });
    copy = await exportWorkspace(src.db, result.workspace.id, { clock });
  });

  it("creates a new workspace with new ids, reusing the accounts", () => {
    expect(result.workspace.id).not.toBe(wid);
    expect(copy.workspace).toMatchObject({ name: "Northwind (copy)", slug: "northwind-copy" });
    expect(result.createdUsers).toEqual([]);
    expect(result.reusedUsers).toHaveLength(14);
    // workspace + every product, team, invitation, audit event and message got a new id.
    const n = 1 + doc1.products.length + doc1.teams.length + doc1.invitations.length;
    expect(result.remappedIds).toBe(n + doc1.auditEvents.length + doc1.outbox.length);
    const oldIds = new Set(
      [...doc1.products, ...doc1.teams, ...doc1.auditEvents, ...doc1.outbox].map((r) => r.id),
    );
    for (const r of [...copy.products, ...copy.teams, ...copy.auditEvents, ...copy.outbox])
      expect(oldIds.has(r.id)).toBe(false);
    expect(copy.users).toEqual(doc1.users);
  });

  it("keeps every reference intact (the copy means the same as the original)", () => {
    expect(byMeaning(copy)).toEqual(byMeaning(doc1));
    // Spot checks: audit entries point at the new rows, inside their before/after too.
    const product = copy.products.find((p) => p.name === WEIRD.product)!;
    const created = copy.auditEvents.find((e) => e.action === "product.create" && e.entityId === product.id);
    expect(created?.after).toMatchObject({
      id: product.id,
      managerId: doc1.users.find((u) => u.email === "former@example.test")?.id,
    });
    expect(copy.auditEvents.some((e) => e.entityId === wid || JSON.stringify(e.after).includes(wid))).toBe(
      false,
    );
  });

  it("leaves the original untouched", async () => {
    const again = await exportWorkspace(src.db, wid, { clock });
    expect(JSON.stringify(again, null, 2)).toBe(text);
  });

  it("refuses a taken address, and writes nothing", async () => {
    const before = await countAll(src.db);
    await expect(importWorkspace(src.db, JSON.parse(text))).rejects.toMatchObject({
      code: "conflict",
      fields: { slug: "already taken" },
    });
    expect(await countAll(src.db)).toEqual(before);
  });
});

describe("import where a new account's id is taken by another account", () => {
  it("gives the account a new id and follows it everywhere", async () => {
    // dst holds the round-tripped workspace: every id of the document is taken there.
    const d = JSON.parse(text) as ExportDocument;
    const grace = d.users.find((u) => u.email === "grace.oconnell@northwind.test")!;
    grace.email = "grace@elsewhere.test";
    const result = await importWorkspace(dst.db, d, { slug: "northwind-3" });
    expect(result.createdUsers).toEqual(["grace@elsewhere.test"]);
    expect(result.reusedUsers).toHaveLength(13);
    const copy = await exportWorkspace(dst.db, result.workspace.id);
    const newGrace = copy.users.find((u) => u.email === "grace@elsewhere.test")!;
    expect(newGrace.id).not.toBe(grace.id);
    expect(copy.memberships.find((m) => m.userId === newGrace.id)?.role).toBe("viewer");
    expect(copy.memberships.some((m) => m.userId === grace.id)).toBe(false);
    const added = copy.auditEvents.find((e) => e.action === "member.add" && e.entityId === newGrace.id);
    expect(added?.after).toEqual({ role: "viewer" });
  });
});

describe("refusals: nothing is written", () => {
  const attempt = async (input: unknown) => {
    const before = await countAll(dst.db);
    let error: AppError | undefined;
    try {
      await importWorkspace(dst.db, typeof input === "string" ? parseExportText(input) : input, {
        slug: "never",
      });
    } catch (err) {
      error = err as AppError;
    }
    expect(await countAll(dst.db)).toEqual(before);
    expect(error).toBeInstanceOf(AppError);
    return error!;
  };
  const mutate = (fn: (d: any) => void) => {
    const d = JSON.parse(text);
    fn(d);
    return d;
  };

  it("a damaged (truncated) file", async () => {
    const e = await attempt(text.slice(0, text.length / 2));
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.fields?.file).toBeTruthy();
  });

  it("a foreign JSON file", async () => {
    expect((await attempt('{"name":"some-package","version":"1.0.0"}')).fields).toEqual({
      format: 'missing (a Baton export has "format": "baton-export")',
    });
    expect((await attempt("[1,2,3]")).message).toMatch(/not a Baton export/);
    expect((await attempt(mutate((d) => (d.format = "trello-export")))).fields?.format).toMatch(
      /"trello-export"/,
    );
  });

  it("a newer format version", async () => {
    const e = await attempt(mutate((d) => (d.formatVersion = 2)));
    expect(e.message).toMatch(/newer Baton \(format version 2\)/);
    expect(e.fields?.formatVersion).toBeTruthy();
  });

  it("invalid rows, with the path of each problem", async () => {
    const e = await attempt(
      mutate((d) => {
        d.products[1].stage = "booming";
        d.teams[0].leadId = "not-a-uuid";
        delete d.users[2].email;
        d.memberships[0].extra = true;
        d.outbox[0].text = "nul \u0000 byte";
      }),
    );
    expect(e.message).toMatch(/invalid: 5 problems; nothing was imported/);
    expect(Object.keys(e.fields ?? {}).sort()).toEqual([
      "memberships[0]",
      "outbox[0].text",
      "products[1].stage",
      "teams[0].leadId",
      "users[2].email",
    ]);
    expect(e.fields?.["memberships[0]"]).toMatch(/"extra"/);
  });

  it("references that point nowhere", async () => {
    const e = await attempt(
      mutate((d) => {
        d.teamMembers[0].userId = "0190a0a0-0000-4000-8000-000000000000";
        d.memberships = d.memberships.filter((m: { role: string }) => m.role !== "owner");
      }),
    );
    expect(e.message).toMatch(/inconsistent/);
    expect(e.fields).toMatchObject({
      "teamMembers[0].userId": expect.stringMatching(/is not a member/),
      memberships: expect.stringMatching(/owner/),
    });
  });

  it("an invalid new address or name", async () => {
    const before = await countAll(dst.db);
    await expect(
      importWorkspace(dst.db, JSON.parse(text), { slug: "no spaces!", name: " " }),
    ).rejects.toMatchObject({
      code: "validation",
      fields: { slug: expect.any(String), name: expect.any(String) },
    });
    expect(await countAll(dst.db)).toEqual(before);
  });

  it("a failure halfway through the transaction rolls everything back", async () => {
    const before = await countAll(dst.db);
    let sections: string[] = [];
    await expect(
      importWorkspace(dst.db, JSON.parse(text), {
        slug: "halfway",
        onProgress: (p) => {
          sections.push(p.section);
          if (p.section === "auditEvents") throw new Error("disk on fire");
        },
      }),
    ).rejects.toThrow("disk on fire");
    sections = [...new Set(sections)];
    expect(sections).toEqual([
      "workspace",
      "users",
      "memberships",
      "products",
      "teams",
      "teamMembers",
      "invitations",
      "auditEvents",
    ]);
    expect(await countAll(dst.db)).toEqual(before);
  });
});

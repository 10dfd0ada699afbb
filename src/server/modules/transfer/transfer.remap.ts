import { randomBytes } from "node:crypto";
import { sha256 } from "../../lib/crypto.ts";
import type { Section } from "./transfer.schema.ts";
import type { IdTarget, TableSpec } from "./transfer.tables.ts";

/** How an import's rows find their new ids: the new workspace, each target's replaced ids, all of them. */
export interface Remap {
  wid: string;
  ref: (target: IdTarget, old: string | null) => string | null;
  /** Every replaced id, for values that may name a row of any section. */
  all: Map<string, string>;
}

/** Replaces every string equal to a remapped id, deep inside stored JSON (audit values, snapshots). */
export function remapDeep(value: unknown, ids: Map<string, string>): unknown {
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
export const remapText = <T extends string | null>(text: T, ids: Map<string, string>): T =>
  (text === null || ids.size === 0 ? text : text.replace(UUID, (m) => ids.get(m) ?? m)) as T;

type Row = Record<string, unknown>;
const linkTarget = { objective: "objectives", key_result: "keyResults", idea: "ideas" } as const;

/**
 * Values a table list entry cannot say: fresh secrets, ids inside arrays, a reference whose section depends on
 * another column.
 */
const SPECIAL: Partial<Record<Section, (r: Row, out: Row, m: Remap) => void>> = {
  // The token left with the source; a random hash nobody holds the token for makes the link dead.
  invitations: (_r, out) => {
    out.tokenHash = sha256(randomBytes(32).toString("hex"));
  },
  // An audit entry names a row of any section (or something else: kept).
  auditEvents: (r, out, m) => {
    const e = r.entityId as string | null;
    out.entityId = e === null ? null : (m.all.get(e) ?? e);
  },
  ideas: (r, out, m) => {
    out.factorStats = (r.factorStats as { factorId: string }[]).map((s) => ({
      ...s,
      factorId: m.ref("factors", s.factorId),
    }));
  },
  ideaComments: (r, out, m) => {
    out.mentions = (r.mentions as string[]).map((u) => m.ref("users", u));
  },
  jobs: (r, out, m) => {
    out.payload = remapDeep(r.payload ?? null, m.all) ?? {};
  },
  // The calendar feed's secret was not exported: the imported roadmap's feed is off.
  roadmaps: (_r, out) => {
    out.feedTokenHash = null;
  },
  roadmapItemLinks: (r, out, m) => {
    out.targetId = m.ref(linkTarget[r.kind as keyof typeof linkTarget], r.targetId as string);
  },
};

/** A document row as the table's insert: in the new workspace, references following replaced ids. */
export function importRow(section: Section, spec: TableSpec, r: Row, m: Remap): Row {
  const out: Row = { ...r, workspaceId: m.wid };
  if ("id" in r) out.id = m.ref(section, r.id as string);
  for (const [col, target] of Object.entries(spec.refs ?? {}))
    out[col] = m.ref(target, r[col] as string | null);
  for (const col of spec.deep ?? []) out[col] = remapDeep(r[col] ?? null, m.all);
  for (const col of spec.texts ?? []) out[col] = remapText(r[col] as string | null, m.all);
  SPECIAL[section]?.(r, out, m);
  if (spec.seq) delete out[spec.seq];
  return out;
}

/**
 * Rows numbered by an identity column go in the order of their place in the file, without their number: the
 * database numbers them after every existing row, so the order survives and no sequence is reset.
 */
export function bySeq(rows: Row[], source: readonly unknown[], seq: string): Row[] {
  const place = (i: number) => (source[i] as Row)[seq] as number;
  return rows
    .map((row, i) => ({ row, at: place(i) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.row);
}

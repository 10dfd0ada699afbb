import { readdirSync } from "node:fs";
import path from "node:path";
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { getTableConfig, PgTable, pgTable, uuid } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { sectionKeys } from "./transfer.queries.ts";
import {
  SECTIONS,
  type Section,
  V1_SECTIONS,
  V2_SECTIONS,
  V3_SECTIONS,
  V4_SECTIONS,
  V5_SECTIONS,
  V6_SECTIONS,
  V7_SECTIONS,
} from "./transfer.schema.ts";
import { EXCLUDED_TABLES, TABLES } from "./transfer.tables.ts";

/**
 * Every table must be in export/import (the standing rule): each table of src/server/db/schema*.ts is a section
 * of TABLES, carried by one (idea_scores on ideas), or excluded with a reason; each column of a section's table
 * travels or is skipped with a reason. A module that adds a table or a column without telling the transfer
 * fails here, not in a restore.
 */

const dbDir = path.resolve(import.meta.dirname, "../../db");

/** Every drizzle table of every schema*.ts file, by SQL name. */
async function schemaTables(): Promise<Map<string, PgTable>> {
  const out = new Map<string, PgTable>();
  for (const file of readdirSync(dbDir).filter((f) => /^schema(\..+)?\.ts$/.test(f))) {
    const mod = (await import(path.join(dbDir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (is(value, PgTable)) out.set(getTableName(value), value);
  }
  return out;
}

const sectionOfTable = new Map<string, Section>(SECTIONS.map((s) => [getTableName(TABLES[s].table), s]));
const carried = new Set(SECTIONS.flatMap((s) => (TABLES[s].join ? [getTableName(TABLES[s].join)] : [])));

/** Tables neither exported (as a section or carried by one) nor excluded with a reason. */
function uncoveredTables(tables: Iterable<string>): string[] {
  return [...tables]
    .filter((t) => !sectionOfTable.has(t) && !carried.has(t) && !(t in EXCLUDED_TABLES))
    .sort();
}

describe("the transfer's table list", () => {
  it("covers every table of the database schema: exported, carried by a section, or excluded with a reason", async () => {
    const tables = await schemaTables();
    expect(tables.size).toBeGreaterThan(40);
    expect(uncoveredTables(tables.keys())).toEqual([]);
    // Exclusions name real tables, and nothing is both exported and excluded.
    for (const name of Object.keys(EXCLUDED_TABLES)) expect(tables.has(name), name).toBe(true);
    for (const name of sectionOfTable.keys()) expect(name in EXCLUDED_TABLES, name).toBe(false);
  });

  it("fails for a new table that is in neither list", async () => {
    const fresh = pgTable("customer_surveys", { workspaceId: uuid("workspace_id"), id: uuid("id") });
    const tables = await schemaTables();
    expect(uncoveredTables([...tables.keys(), getTableName(fresh)])).toEqual(["customer_surveys"]);
  });

  it("exports every column of a section's table, or skips it with a reason", () => {
    for (const section of SECTIONS) {
      const spec = TABLES[section];
      const keys = new Set(sectionKeys(section));
      const columns = getTableColumns(spec.table);
      const joined = spec.join ? getTableColumns(spec.join) : {};
      const travel = Object.entries({ ...joined, ...columns })
        .filter(([name, c]) => name !== "workspaceId" && !c.generated && !spec.skip?.[name])
        // The joined table's key is the row's own id.
        .filter(([name]) => !(spec.join && name === "ideaId"))
        .map(([name]) => name);
      expect(travel.filter((k) => !keys.has(k)).sort(), `${section}: columns not exported`).toEqual([]);
      expect(
        [...keys].filter((k) => !travel.includes(k)).sort(),
        `${section}: keys without a column`,
      ).toEqual([]);
      for (const name of Object.keys(spec.skip ?? {}))
        expect(name in columns, `${section}.${name}`).toBe(true);
      for (const name of [
        ...spec.key,
        ...Object.keys(spec.refs ?? {}),
        ...(spec.orNull ?? []),
        ...(spec.deep ?? []),
        ...(spec.texts ?? []),
      ])
        expect(keys.has(name), `${section}.${name} is an exported key`).toBe(true);
    }
  });

  it("remaps every foreign key: each referencing column names its target section (or the users)", () => {
    for (const section of SECTIONS) {
      const spec = TABLES[section];
      for (const fk of getTableConfig(spec.table).foreignKeys) {
        const ref = fk.reference();
        const target = getTableName(ref.foreignTable);
        if (target === "workspaces") continue;
        // A reference to a row keyed by its user (a membership) is remapped as a user.
        const byUser = ref.foreignColumns.some((c) => c.name === "user_id");
        const expected = target === "users" || byUser ? "users" : sectionOfTable.get(target);
        for (const col of ref.columns.filter((c) => c.name !== "workspace_id")) {
          // The extra-config builder hands out its own column objects: match by SQL name.
          const key =
            Object.entries(getTableColumns(spec.table)).find(([, c]) => c.name === col.name)?.[0] ?? "";
          expect(spec.refs?.[key], `${section}.${key} → ${target}`).toBe(expected);
        }
      }
    }
    // References without a foreign key that may dangle are exported as null; each names its section.
    for (const section of SECTIONS)
      for (const col of TABLES[section].orNull ?? []) expect(TABLES[section].refs?.[col]).toBeDefined();
  });

  it("lists the sections in import order, each with the format version that added it", () => {
    expect(Object.keys(TABLES)).toEqual([...SECTIONS]);
    const since = (v: number) => SECTIONS.filter((s) => TABLES[s].since <= v);
    expect(since(1)).toEqual(V1_SECTIONS);
    expect(since(2)).toEqual(V2_SECTIONS);
    expect(since(3)).toEqual(V3_SECTIONS);
    expect(since(4)).toEqual(V4_SECTIONS);
    expect(since(5)).toEqual(V5_SECTIONS);
    expect(since(6)).toEqual(V6_SECTIONS);
    expect(since(7)).toEqual(V7_SECTIONS);
    // A reference points at a section written before it (or at its own, for merged ideas).
    for (const [i, section] of SECTIONS.entries())
      for (const [col, target] of Object.entries(TABLES[section].refs ?? {})) {
        const j = SECTIONS.indexOf(target as Section);
        const late = j > i && !TABLES[section].orNull?.includes(col);
        expect(late, `${section}.${col} → ${target}`).toBe(false);
      }
  });
});

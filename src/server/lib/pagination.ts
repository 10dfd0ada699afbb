import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { parseCursor } from "../../shared/primitives.schemas.ts";
import { invalid } from "../errors.ts";

/** Keyset cursors over (created_at DESC, id DESC): stable under inserts, O(limit) per page. */
export interface Cursor {
  at: string;
  id: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  // The same check as the query schema's CursorSchema: a cursor that decodes must also be castable in SQL.
  const cursor = parseCursor(raw);
  if (!cursor) throw invalid({ cursor: "Malformed cursor" });
  return cursor;
}

/** WHERE fragment for rows after the cursor, in descending order. */
export function afterCursor(at: AnyColumn, id: AnyColumn, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

/** Fetch limit+1 rows, then call this: it trims the extra row and computes the next cursor. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => Cursor) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1])) : null };
}

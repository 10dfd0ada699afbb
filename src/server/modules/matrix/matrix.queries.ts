import type { CellStatus } from "../../../shared/matrix.ts";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/**
 * The feature matrix's SQL. Reads of competitors and competitor_products (owned by the competitors module) are
 * plain reads of their columns here: the matrix's columns are the competitors linked to the product, not archived.
 */

export interface RawColumn {
  id: string;
  name: string;
  status: string;
}

/** Whether the product exists, and the matrix's columns (competitors linked to it, not archived, by name). */
export async function selectProductColumns(db: Db, workspaceId: string, productId: string) {
  const rows = await rawRows<RawColumn & { product: boolean }>(
    db,
    `SELECT true AS product, c.id, c.name, c.status
     FROM products p
     LEFT JOIN competitor_products cp ON cp.workspace_id = p.workspace_id AND cp.product_id = p.id
     LEFT JOIN competitors c ON c.workspace_id = cp.workspace_id AND c.id = cp.competitor_id AND c.status <> 'archived'
     WHERE p.workspace_id = $1 AND p.id = $2
     ORDER BY lower(c.name), c.id`,
    [workspaceId, productId],
    "matrix_columns",
  );
  if (!rows.length) return null;
  return rows.filter((r) => r.id !== null).map(({ id, name, status }) => ({ id, name, status }));
}

/**
 * A row as one JSON object, with its idea, score, roadmap item and competitor cells from correlated subqueries.
 * Why not joins: PGlite has no autovacuum, so without statistics the planner estimated one row everywhere and
 * joined ideas and cells by workspace_id alone (hundreds of ms at 300 × 10). A subquery per row looks up each
 * table by its full key, whatever the statistics; one JSON value also spares PGlite parsing 3,000 result rows.
 */
/**
 * What the served matrix depends on, cheaply: the product's ideas_version (its ideas' titles and scores), the count
 * and the sum of the row versions (xmin) of its rows (a sum, not the newest: two edits committing out of xid order
 * still move it) — a cell write touches its row (touchRow), and a cell goes away only with
 * its row or its competitor —, the linked competitors' and the linked roadmap items' versions, summed alike. Any write to
 * one of them changes it; null when the product is not the workspace's. (Aggregating the cells themselves cost
 * more than the rest of the request on PGlite.)
 */
export async function selectMatrixFingerprint(db: Db, workspaceId: string, productId: string) {
  const [r] = await rawRows<{ f: string }>(
    db,
    `SELECT concat_ws('/', p.ideas_version,
       (SELECT count(*) || ':' || coalesce(sum(c.xmin::text::bigint), 0) FROM capabilities c
         WHERE c.workspace_id = p.workspace_id AND c.product_id = p.id),
       (SELECT count(*) || ':' || coalesce(sum(cp.xmin::text::bigint + k.xmin::text::bigint), 0)
         FROM competitor_products cp JOIN competitors k ON k.workspace_id = cp.workspace_id AND k.id = cp.competitor_id
         WHERE cp.workspace_id = p.workspace_id AND cp.product_id = p.id),
       (SELECT coalesce(sum(ri.xmin::text::bigint), 0) FROM capabilities c
         JOIN roadmap_items ri ON ri.workspace_id = c.workspace_id AND ri.id = c.roadmap_item_id
         WHERE c.workspace_id = p.workspace_id AND c.product_id = p.id AND c.roadmap_item_id IS NOT NULL)) AS f
     FROM products p WHERE p.workspace_id = $1 AND p.id = $2`,
    [workspaceId, productId],
    "matrix_fingerprint",
  );
  return r?.f ?? null;
}

/** A cell of the row was written: the row's xmin moves (the matrix's fingerprint with it); its `version` stays. */
export async function touchRow(db: Db, workspaceId: string, id: string) {
  await rawRows(db, "UPDATE capabilities SET updated_at = now() WHERE workspace_id = $1 AND id = $2", [
    workspaceId,
    id,
  ]);
}

const ROW_JSON = `json_build_object('id', c.id, 'productId', c.product_id, 'name', c.name, 'theme', c.theme,
  'description', c.description, 'ideaId', c.idea_id,
  'idea', (SELECT json_build_array(i.number, i.title) FROM ideas i WHERE i.workspace_id = c.workspace_id AND i.id = c.idea_id),
  'ideaScore', (SELECT s.score FROM idea_scores s WHERE s.workspace_id = c.workspace_id AND s.idea_id = c.idea_id),
  'roadmapItemId', c.roadmap_item_id,
  'roadmapItemTitle', (SELECT ri.title FROM roadmap_items ri WHERE ri.workspace_id = c.workspace_id AND ri.id = c.roadmap_item_id),
  'position', c.position, 'oursStatus', c.ours_status, 'oursNote', c.ours_note, 'oursSourceUrl', c.ours_source_url,
  'oursVerifiedAt', c.ours_verified_at, 'createdAt', c.created_at, 'updatedAt', c.updated_at, 'version', c.version,
  'cells', (SELECT json_agg(json_build_array(x.competitor_id, x.status, x.note, x.source_url, x.verified_at,
      x.verified_by, x.change_id, x.version))
    FROM capability_cells x WHERE x.workspace_id = c.workspace_id AND x.capability_id = c.id))`;
/** The matrix's order: theme, position, name (any case), id. */
const byThemeAndPosition = (a: RawRow, b: RawRow) =>
  a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : a.position - b.position || cmpName(a, b);
const cmpName = (a: RawRow, b: RawRow) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** A competitor's cell as the row's JSON carries it. */
export type RawCellTuple = [
  competitorId: string,
  status: CellStatus,
  note: string,
  sourceUrl: string | null,
  verifiedAt: string | null,
  verifiedBy: string | null,
  changeId: string | null,
  version: number,
];

export interface RawRow {
  id: string;
  productId: string;
  name: string;
  theme: string;
  description: string;
  ideaId: string | null;
  idea: [number, string] | null;
  ideaScore: number | null;
  roadmapItemId: string | null;
  roadmapItemTitle: string | null;
  position: number;
  oursStatus: CellStatus;
  oursNote: string;
  oursSourceUrl: string | null;
  oursVerifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  cells: RawCellTuple[] | null;
}

async function rowsWhere(db: Db, where: string, values: unknown[], name?: string) {
  const [r] = await rawRows<{ j: RawRow[] | string | null }>(
    db,
    `SELECT json_agg(${ROW_JSON}) AS j FROM capabilities c WHERE c.workspace_id = $1 AND ${where}`,
    values,
    name,
  );
  const j = r?.j ?? null;
  // Sorted here: ORDER BY inside json_agg sorts the built JSON values and doubled the query's cost.
  return ((typeof j === "string" ? JSON.parse(j) : (j ?? [])) as RawRow[]).sort(byThemeAndPosition);
}

/** Every row of a product's matrix with its cells, by theme and position (one query, one JSON value). */
export async function selectRows(db: Db, workspaceId: string, productId: string) {
  return rowsWhere(db, "c.product_id = $2", [workspaceId, productId], "matrix_rows");
}

export async function selectRowsById(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return rowsWhere(db, "c.id = ANY($2::uuid[])", [workspaceId, ids]);
}

/** The rows linked to an idea (any product of the workspace; normally the idea's own). */
export async function selectRowsOfIdea(db: Db, workspaceId: string, ideaId: string) {
  return rowsWhere(db, "c.idea_id = $2", [workspaceId, ideaId]);
}

export interface RawCell {
  capabilityId: string;
  competitorId: string;
  status: CellStatus;
  note: string;
  sourceUrl: string | null;
  verifiedAt: string | Date | null;
  verifiedBy: string | null;
  changeId: string | null;
  version: number;
}

const CELL_COLUMNS = `x.capability_id AS "capabilityId", x.competitor_id AS "competitorId", x.status, x.note,
  x.source_url AS "sourceUrl", x.verified_at AS "verifiedAt", x.verified_by AS "verifiedBy", x.change_id AS "changeId",
  x.version`;

export async function selectCell(db: Db, workspaceId: string, capabilityId: string, competitorId: string) {
  const [r] = await rawRows<RawCell>(
    db,
    `SELECT ${CELL_COLUMNS} FROM capability_cells x
     WHERE x.workspace_id = $1 AND x.capability_id = $2 AND x.competitor_id = $3`,
    [workspaceId, capabilityId, competitorId],
  );
  return r ?? null;
}

/** A competitor of the workspace, and whether it is linked to the product. */
export async function selectCompetitorForProduct(
  db: Db,
  workspaceId: string,
  competitorId: string,
  productId: string,
) {
  const [r] = await rawRows<{ id: string; name: string; status: string; linked: boolean }>(
    db,
    `SELECT c.id, c.name, c.status, EXISTS (SELECT 1 FROM competitor_products cp
       WHERE cp.workspace_id = c.workspace_id AND cp.competitor_id = c.id AND cp.product_id = $3) AS linked
     FROM competitors c WHERE c.workspace_id = $1 AND c.id = $2`,
    [workspaceId, competitorId, productId],
  );
  return r ?? null;
}

/** Whether a row with this name (any case) exists in the product, other than `self`. */
export async function nameTaken(db: Db, workspaceId: string, productId: string, name: string, self?: string) {
  const rows = await rawRows<{ id: string }>(
    db,
    `SELECT id FROM capabilities WHERE workspace_id = $1 AND product_id = $2 AND lower(name) = lower($3)
       AND ($4::uuid IS NULL OR id <> $4::uuid) LIMIT 1`,
    [workspaceId, productId, name, self ?? null],
  );
  return rows.length > 0;
}

/** Ideas of a product among `ids` that already have a row there. */
export async function ideasWithRows(db: Db, workspaceId: string, productId: string, ids: string[]) {
  const rows = await rawRows<{ ideaId: string }>(
    db,
    `SELECT DISTINCT idea_id AS "ideaId" FROM capabilities
     WHERE workspace_id = $1 AND product_id = $2 AND idea_id = ANY($3::uuid[])`,
    [workspaceId, productId, ids],
  );
  return new Set(rows.map((r) => r.ideaId));
}

/** Ideas among `ids` of a product: id, title, description. */
export async function selectIdeasOfProduct(db: Db, workspaceId: string, productId: string, ids: string[]) {
  return rawRows<{ id: string; title: string; description: string }>(
    db,
    `SELECT id, title, description FROM ideas
     WHERE workspace_id = $1 AND product_id = $2 AND id = ANY($3::uuid[]) AND status <> 'merged'`,
    [workspaceId, productId, ids],
  );
}

export interface NewRow {
  workspaceId: string;
  productId: string;
  name: string;
  theme: string;
  description: string;
  ideaId: string | null;
  roadmapItemId: string | null;
  oursStatus: CellStatus;
  oursNote: string;
  oursSourceUrl: string | null;
  oursVerifiedAt: string | null;
  createdBy: string | null;
}

/** Inserts rows at the end of their theme; a name already used in the product gives no id (null at its index). */
export async function insertRows(db: Db, rows: NewRow[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const r of rows) {
    const [x] = await rawRows<{ id: string }>(
      db,
      `INSERT INTO capabilities (workspace_id, product_id, name, theme, description, idea_id, roadmap_item_id,
         ours_status, ours_note, ours_source_url, ours_verified_at, created_by, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
         (SELECT coalesce(max(position) + 1, 0) FROM capabilities WHERE workspace_id = $1 AND product_id = $2 AND theme = $4))
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        r.workspaceId,
        r.productId,
        r.name,
        r.theme,
        r.description,
        r.ideaId,
        r.roadmapItemId,
        r.oursStatus,
        r.oursNote,
        r.oursSourceUrl,
        r.oursVerifiedAt,
        r.createdBy,
      ],
    );
    out.push(x?.id ?? null);
  }
  return out;
}

export interface RowSet {
  name?: string;
  theme?: string;
  description?: string;
  ideaId?: string | null;
  roadmapItemId?: string | null;
  oursStatus?: CellStatus;
  oursNote?: string;
  oursSourceUrl?: string | null;
  oursVerifiedAt?: string | null;
  position?: number;
}

const ROW_SET_COLUMNS: Record<keyof RowSet, string> = {
  name: "name",
  theme: "theme",
  description: "description",
  ideaId: "idea_id",
  roadmapItemId: "roadmap_item_id",
  oursStatus: "ours_status",
  oursNote: "ours_note",
  oursSourceUrl: "ours_source_url",
  oursVerifiedAt: "ours_verified_at",
  position: "position",
};

/** Updates a row when its version matches (version null: unconditionally); false when it did not. */
export async function updateRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: RowSet,
) {
  const values: unknown[] = [workspaceId, id, version];
  const parts: string[] = [];
  for (const [k, col] of Object.entries(ROW_SET_COLUMNS) as [keyof RowSet, string][]) {
    if (set[k] === undefined) continue;
    values.push(set[k]);
    parts.push(`${col} = $${values.length}`);
  }
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE capabilities SET ${[...parts, "updated_at = now()", "version = version + 1"].join(", ")}
     WHERE workspace_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3::int) RETURNING id`,
    values,
  );
  return rows.length > 0;
}

export async function deleteRow(db: Db, workspaceId: string, id: string) {
  await rawRows(db, `DELETE FROM capabilities WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

/** Sets positions 0, 1, … of the given rows of a product; returns how many it found. */
export async function reorderRows(db: Db, workspaceId: string, productId: string, ids: string[]) {
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE capabilities c SET position = o.pos - 1, updated_at = now(), version = c.version + 1
     FROM unnest($3::uuid[]) WITH ORDINALITY AS o(id, pos)
     WHERE c.workspace_id = $1 AND c.product_id = $2 AND c.id = o.id AND c.position <> o.pos - 1
     RETURNING c.id`,
    [workspaceId, productId, ids],
  );
  return rows.length;
}

export async function countRowsOfProduct(db: Db, workspaceId: string, productId: string, ids: string[]) {
  const [r] = await rawRows<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM capabilities WHERE workspace_id = $1 AND product_id = $2 AND id = ANY($3::uuid[])`,
    [workspaceId, productId, ids],
  );
  return r.n;
}

/**
 * Writes a competitor's cell. `version` null: whatever is there; 0: only when there is no cell yet; n: only when
 * the cell is at version n. Returns false when the version did not match.
 */
export async function upsertCell(
  db: Db,
  c: {
    workspaceId: string;
    capabilityId: string;
    competitorId: string;
    status: CellStatus;
    note: string;
    sourceUrl: string | null;
    /** undefined: keep the cell's verification. */
    verifiedAt?: string;
    verifiedBy?: string | null;
    /** undefined: keep the cell's change. */
    changeId?: string | null;
  },
  version: number | null,
) {
  const values = [
    c.workspaceId,
    c.capabilityId,
    c.competitorId,
    c.status,
    c.note,
    c.sourceUrl,
    c.verifiedAt ?? null,
    c.verifiedBy ?? null,
    c.changeId ?? null,
    version,
    c.verifiedAt === undefined,
    c.changeId === undefined,
  ];
  // $11: keep the verification, $12: keep the change (every parameter is referenced, typed, on both drivers).
  const SET = `status = $4::text, note = $5::text, source_url = $6::text,
    verified_at = CASE WHEN $11::bool THEN x.verified_at ELSE $7::timestamptz END,
    verified_by = CASE WHEN $11::bool THEN x.verified_by ELSE $8::uuid END,
    change_id = CASE WHEN $12::bool THEN x.change_id ELSE $9::uuid END,
    updated_at = now(), version = x.version + 1`;
  if (version === 0 || version === null) {
    const rows = await rawRows<{ version: number }>(
      db,
      `INSERT INTO capability_cells AS x (workspace_id, capability_id, competitor_id, status, note, source_url,
         verified_at, verified_by, change_id)
       VALUES ($1, $2, $3, $4::text, $5::text, $6::text, $7::timestamptz, $8::uuid, $9::uuid)
       ON CONFLICT (workspace_id, capability_id, competitor_id) DO UPDATE SET ${SET}
       WHERE $10::int IS NULL
       RETURNING x.version`,
      values,
    );
    return rows.length > 0;
  }
  const rows = await rawRows<{ version: number }>(
    db,
    `UPDATE capability_cells x SET ${SET}
     WHERE x.workspace_id = $1 AND x.capability_id = $2 AND x.competitor_id = $3 AND x.version = $10::int
     RETURNING x.version`,
    values,
  );
  return rows.length > 0;
}

/** Competitors linked to a product (not archived), for an idea's coverage. */
export async function selectColumnsOfProducts(db: Db, workspaceId: string, productId: string) {
  return (await selectProductColumns(db, workspaceId, productId)) ?? [];
}

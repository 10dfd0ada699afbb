import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** The only SQL of SWOT cards and battlecard sections. */

export type SwotRow = {
  id: string;
  competitorId: string;
  quadrant: "strength" | "weakness" | "opportunity" | "threat";
  text: string;
  sourceUrl: string | null;
  sourceDate: string | null; // to_char: YYYY-MM-DD
  changeId: string | null;
  position: number;
  createdBy: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  version: number;
};

const CARD = `SELECT id, competitor_id AS "competitorId", quadrant, text, source_url AS "sourceUrl",
    to_char(source_date, 'YYYY-MM-DD') AS "sourceDate", change_id AS "changeId", position,
    created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt", version
  FROM swot_cards`;

export const selectCards = (db: Db, workspaceId: string, competitorId: string) =>
  rawRows<SwotRow>(
    db,
    `${CARD} WHERE workspace_id = $1 AND competitor_id = $2
     ORDER BY array_position(ARRAY['strength','weakness','opportunity','threat'], quadrant), position, created_at, id`,
    [workspaceId, competitorId],
  );

export async function selectCard(db: Db, workspaceId: string, id: string) {
  const [r] = await rawRows<SwotRow>(db, `${CARD} WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return r ?? null;
}

/** The ids of a quadrant's cards in their order. */
export const selectQuadrantIds = (db: Db, workspaceId: string, competitorId: string, quadrant: string) =>
  rawRows<{ id: string }>(
    db,
    `SELECT id FROM swot_cards WHERE workspace_id = $1 AND competitor_id = $2 AND quadrant = $3
     ORDER BY position, created_at, id`,
    [workspaceId, competitorId, quadrant],
  );

export async function insertCard(
  db: Db,
  row: {
    workspaceId: string;
    competitorId: string;
    quadrant: string;
    text: string;
    sourceUrl: string | null;
    sourceDate: string | null;
    changeId: string | null;
    createdBy: string | null;
  },
) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO swot_cards (workspace_id, competitor_id, quadrant, text, source_url, source_date, change_id,
       position, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position) + 1, 0) FROM swot_cards
       WHERE workspace_id = $1 AND competitor_id = $2 AND quadrant = $3), $8) RETURNING id`,
    [
      row.workspaceId,
      row.competitorId,
      row.quadrant,
      row.text,
      row.sourceUrl,
      row.sourceDate,
      row.changeId,
      row.createdBy,
    ],
  );
  return r.id;
}

/** Writes a card's fields when `version` still matches; false on a stale write. */
export async function updateCardRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: { text: string; sourceUrl: string | null; sourceDate: string | null; quadrant: string; now: string },
) {
  const rows = await rawRows(
    db,
    `UPDATE swot_cards SET text = $4, source_url = $5, source_date = $6, quadrant = $7, updated_at = $8,
       version = version + 1
     WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
    [workspaceId, id, version, set.text, set.sourceUrl, set.sourceDate, set.quadrant, set.now],
  );
  return rows.length > 0;
}

/** Numbers the cards 0, 1, 2 … in the order given. */
export const renumberCards = (db: Db, workspaceId: string, ids: string[]) =>
  rawRows(
    db,
    `UPDATE swot_cards s SET position = o.n - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, n)
     WHERE s.workspace_id = $1 AND s.id = o.id AND s.position <> o.n - 1`,
    [workspaceId, ids],
  );

export const deleteCardRow = (db: Db, workspaceId: string, id: string) =>
  rawRows(db, `DELETE FROM swot_cards WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);

// ---- battlecards ----
export type SectionRow = {
  section: "why_we_win" | "why_we_lose" | "objections" | "landmines";
  body: string;
  updatedBy: string | null;
  updatedAt: string | Date;
  version: number;
};

export const selectSections = (db: Db, workspaceId: string, competitorId: string) =>
  rawRows<SectionRow>(
    db,
    `SELECT section, body, updated_by AS "updatedBy", updated_at AS "updatedAt", version
     FROM battlecard_sections WHERE workspace_id = $1 AND competitor_id = $2`,
    [workspaceId, competitorId],
  );

/** Writes a section the first time; false when someone wrote it meanwhile. */
export async function insertSection(
  db: Db,
  row: { workspaceId: string; competitorId: string; section: string; body: string; userId: string | null },
) {
  const rows = await rawRows(
    db,
    `INSERT INTO battlecard_sections (workspace_id, competitor_id, section, body, updated_by)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING section`,
    [row.workspaceId, row.competitorId, row.section, row.body, row.userId],
  );
  return rows.length > 0;
}

/** Rewrites a section when `version` still matches; false on a stale write. */
export async function updateSectionRow(
  db: Db,
  row: {
    workspaceId: string;
    competitorId: string;
    section: string;
    version: number;
    body: string;
    userId: string | null;
    now: string;
  },
) {
  const rows = await rawRows(
    db,
    `UPDATE battlecard_sections SET body = $5, updated_by = $6, updated_at = $7, version = version + 1
     WHERE workspace_id = $1 AND competitor_id = $2 AND section = $3 AND version = $4 RETURNING section`,
    [row.workspaceId, row.competitorId, row.section, row.version, row.body, row.userId, row.now],
  );
  return rows.length > 0;
}

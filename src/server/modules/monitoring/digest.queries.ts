import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** How many changes one digest reads at most (the mail lists fewer; the rest are counted). */
export const DIGEST_READ_LIMIT = 200;

export interface DigestChangeRow {
  id: string;
  competitorId: string;
  competitorName: string;
  monitorName: string;
  monitorUrl: string;
  detectedAt: Date | string;
  changedPercent: number;
  summary: string;
  category: string;
  importance: string;
  diff: [number, string][] | string;
}

/**
 * The reported, not-noise changes detected in [since, until) of the competitors a member watches, most
 * important first, then the largest, then the oldest.
 */
export const selectDigestChanges = (db: Db, workspaceId: string, userId: string, since: Date, until: Date) =>
  rawRows<DigestChangeRow>(
    db,
    `SELECT c.id, c.competitor_id AS "competitorId", k.name AS "competitorName", m.name AS "monitorName",
       m.url AS "monitorUrl", c.detected_at AS "detectedAt", c.changed_percent AS "changedPercent", c.summary,
       c.category, c.importance, c.diff
     FROM competitor_watchers w
     JOIN competitor_changes c ON c.workspace_id = w.workspace_id AND c.competitor_id = w.competitor_id
     JOIN competitors k ON k.workspace_id = c.workspace_id AND k.id = c.competitor_id
     JOIN monitors m ON m.workspace_id = c.workspace_id AND m.id = c.monitor_id
     WHERE w.workspace_id = $1 AND w.user_id = $2 AND c.reported AND c.state <> 'noise'
       AND c.detected_at >= $3::timestamptz AND c.detected_at < $4::timestamptz
     ORDER BY CASE c.importance WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, c.changed_percent DESC,
       c.detected_at, c.id
     LIMIT ${DIGEST_READ_LIMIT}`,
    [workspaceId, userId, since.toISOString(), until.toISOString()],
  );

import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** Told about this idea: by person, or by address (a merged or re-created customer is still told). */
const TOLD = (p: string) => `(s.person_id = ${p}.id OR lower(s.email) = lower(${p}.email))`;
const UNSUBSCRIBED = (p: string) => `(u.person_id = ${p}.id OR lower(u.email) = lower(${p}.email))`;

export interface RecipientRow {
  personId: string;
  name: string;
  email: string | null;
  companyName: string | null;
  items: number;
  itemIds: string[] | string;
  toldAt: string | Date | null;
  unsubscribed: boolean;
}

/**
 * Every customer with feedback linked to the idea (spam left out), once each however many items, with whether
 * they were told about it already and whether they unsubscribed. Ordered by id: parallel sends insert in the
 * same order and never deadlock.
 */
export const selectRecipients = (db: Db, workspaceId: string, ideaId: string) =>
  rawRows<RecipientRow>(
    db,
    `WITH linked AS (
       SELECT f.person_id, count(*)::int AS items, json_agg(f.id ORDER BY f.received_at, f.id) AS item_ids
       FROM feedback_links l JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
       WHERE l.workspace_id = $1 AND l.idea_id = $2 AND f.status <> 'spam' AND f.person_id IS NOT NULL
       GROUP BY f.person_id)
     SELECT p.id AS "personId", p.name, p.email, c.name AS "companyName", linked.items, linked.item_ids AS "itemIds",
       (SELECT min(s.created_at) FROM loop_sends s WHERE s.workspace_id = $1 AND s.idea_id = $2 AND ${TOLD("p")})
         AS "toldAt",
       EXISTS (SELECT 1 FROM customer_unsubscribes u WHERE u.workspace_id = $1 AND ${UNSUBSCRIBED("p")})
         AS unsubscribed
     FROM linked JOIN people p ON p.workspace_id = $1 AND p.id = linked.person_id
     LEFT JOIN companies c ON c.workspace_id = $1 AND c.id = p.company_id
     ORDER BY p.id`,
    [workspaceId, ideaId],
  );

/** The idea's product and workspace names (for the message's variables). */
export async function selectIdeaNames(db: Db, workspaceId: string, ideaId: string) {
  const [r] = await rawRows<{ productId: string; productName: string; workspaceName: string }>(
    db,
    `SELECT p.id AS "productId", p.name AS "productName", w.name AS "workspaceName"
     FROM ideas i JOIN products p ON p.workspace_id = i.workspace_id AND p.id = i.product_id
     JOIN workspaces w ON w.id = i.workspace_id WHERE i.workspace_id = $1 AND i.id = $2`,
    [workspaceId, ideaId],
  );
  return r ?? null;
}

export interface CampaignRow {
  id: string;
  status: "draft" | "sent";
  subject: string;
  body: string;
  changelogEntryId: string | null;
  recipients: number;
  sentAt: string | Date | null;
  sentBy: string | null;
  version: number;
}
const CAMPAIGN = `SELECT id, status, subject, body, changelog_entry_id AS "changelogEntryId", recipients,
  sent_at AS "sentAt", sent_by AS "sentBy", version FROM loop_campaigns`;

export const selectCampaigns = (db: Db, workspaceId: string, ideaId: string) =>
  rawRows<CampaignRow>(
    db,
    `${CAMPAIGN} WHERE workspace_id = $1 AND idea_id = $2 ORDER BY sent_at DESC NULLS FIRST, created_at DESC, id`,
    [workspaceId, ideaId],
  );

/** Creates the idea's draft; null when one exists already (saved meanwhile). */
export async function insertDraft(
  db: Db,
  row: {
    workspaceId: string;
    ideaId: string;
    subject: string;
    body: string;
    changelogEntryId: string | null;
    by: string | null;
  },
) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO loop_campaigns (workspace_id, idea_id, status, subject, body, changelog_entry_id, created_by)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6)
     ON CONFLICT (workspace_id, idea_id) WHERE status = 'draft' DO NOTHING RETURNING id`,
    [row.workspaceId, row.ideaId, row.subject, row.body, row.changelogEntryId, row.by],
  );
  return r?.id ?? null;
}

/** Updates the idea's draft when `version` matches; false otherwise. */
export async function updateDraft(
  db: Db,
  workspaceId: string,
  ideaId: string,
  version: number,
  set: { subject: string; body: string; changelogEntryId: string | null; now: string },
) {
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE loop_campaigns SET subject = $4, body = $5, changelog_entry_id = $6, updated_at = $7, version = version + 1
     WHERE workspace_id = $1 AND idea_id = $2 AND status = 'draft' AND version = $3 RETURNING id`,
    [workspaceId, ideaId, version, set.subject, set.body, set.changelogEntryId, set.now],
  );
  return rows.length > 0;
}

/**
 * Records a send: the idea's draft becomes the sent campaign (a parallel send waits for this row's lock, then
 * finds no draft), else a new sent campaign. Returns its id.
 */
export async function markCampaignSent(
  db: Db,
  row: {
    workspaceId: string;
    ideaId: string;
    subject: string;
    body: string;
    changelogEntryId: string | null;
    by: string | null;
    at: string;
  },
) {
  const values = [row.workspaceId, row.ideaId, row.subject, row.body, row.changelogEntryId, row.by, row.at];
  const [updated] = await rawRows<{ id: string }>(
    db,
    `UPDATE loop_campaigns SET status = 'sent', subject = $3, body = $4, changelog_entry_id = $5, sent_by = $6,
       sent_at = $7, updated_at = $7, version = version + 1
     WHERE workspace_id = $1 AND idea_id = $2 AND status = 'draft' RETURNING id`,
    values,
  );
  if (updated) return updated.id;
  const [r] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO loop_campaigns (workspace_id, idea_id, status, subject, body, changelog_entry_id, created_by,
       sent_by, sent_at, created_at, updated_at)
     VALUES ($1, $2, 'sent', $3, $4, $5, $6, $6, $7, $7, $7) RETURNING id`,
    values,
  );
  return r.id;
}

export const setCampaignRecipients = (db: Db, workspaceId: string, id: string, n: number) =>
  rawRows(db, `UPDATE loop_campaigns SET recipients = $3 WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
    n,
  ]);

/**
 * Inserts one send per person; a person already told about the idea (by a parallel send that committed first,
 * or before) is skipped by the unique key. Returns the rows inserted.
 */
export const insertSends = (
  db: Db,
  workspaceId: string,
  campaignId: string,
  ideaId: string,
  rows: { personId: string; email: string; subject: string; text: string }[],
  at: string,
) =>
  rawRows<{ id: string; personId: string }>(
    db,
    `INSERT INTO loop_sends (workspace_id, campaign_id, idea_id, person_id, email, subject, text, created_at)
     SELECT $1, $2, $3, r.person_id, r.email, r.subject, r.text, $4
     FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
       AS r(person_id, email, subject, text, n)
     ORDER BY r.n
     ON CONFLICT (workspace_id, idea_id, person_id) DO NOTHING
     RETURNING id, person_id AS "personId"`,
    [
      workspaceId,
      campaignId,
      ideaId,
      at,
      rows.map((r) => r.personId),
      rows.map((r) => r.email),
      rows.map((r) => r.subject),
      rows.map((r) => r.text),
    ],
  );

export const setSendOutbox = (db: Db, workspaceId: string, sendIds: string[], outboxIds: string[]) =>
  rawRows(
    db,
    `UPDATE loop_sends s SET outbox_id = x.outbox_id FROM unnest($2::uuid[], $3::uuid[]) AS x(id, outbox_id)
     WHERE s.workspace_id = $1 AND s.id = x.id`,
    [workspaceId, sendIds, outboxIds],
  );

export const insertSendItems = (db: Db, workspaceId: string, sendIds: string[], itemIds: string[]) =>
  rawRows(
    db,
    `INSERT INTO loop_send_items (workspace_id, send_id, item_id)
     SELECT $1, x.send_id, x.item_id FROM unnest($2::uuid[], $3::uuid[]) AS x(send_id, item_id)
     ON CONFLICT DO NOTHING`,
    [workspaceId, sendIds, itemIds],
  );

export type SendRow = {
  id: string;
  campaignId: string;
  ideaId: string;
  ideaTitle: string;
  personId: string | null;
  personName: string | null;
  email: string;
  subject: string;
  text: string;
  at: string | Date;
  delivery: "queued" | "sent" | "failed";
  itemIds: string[] | string;
};

/** Sends, newest first: of a person, of an item, or of an idea. */
export function selectSends(
  db: Db,
  workspaceId: string,
  by: { personId: string } | { itemId: string } | { ideaId: string },
) {
  const [where, value] =
    "personId" in by
      ? ["s.person_id = $2", by.personId]
      : "itemId" in by
        ? [
            "EXISTS (SELECT 1 FROM loop_send_items x WHERE x.workspace_id = s.workspace_id AND x.send_id = s.id AND x.item_id = $2)",
            by.itemId,
          ]
        : ["s.idea_id = $2", by.ideaId];
  return rawRows<SendRow>(
    db,
    `SELECT s.id, s.campaign_id AS "campaignId", s.idea_id AS "ideaId", i.title AS "ideaTitle",
       s.person_id AS "personId", p.name AS "personName", s.email, s.subject, s.text, s.created_at AS at,
       CASE WHEN o.sent_at IS NOT NULL THEN 'sent' WHEN o.last_error IS NOT NULL THEN 'failed' ELSE 'queued' END
         AS delivery,
       coalesce((SELECT json_agg(x.item_id ORDER BY x.item_id) FROM loop_send_items x
         WHERE x.workspace_id = s.workspace_id AND x.send_id = s.id), '[]'::json) AS "itemIds"
     FROM loop_sends s JOIN ideas i ON i.workspace_id = s.workspace_id AND i.id = s.idea_id
     LEFT JOIN people p ON p.workspace_id = s.workspace_id AND p.id = s.person_id
     LEFT JOIN outbox o ON o.id = s.outbox_id
     WHERE s.workspace_id = $1 AND ${where}
     ORDER BY s.created_at DESC, s.id DESC LIMIT 500`,
    [workspaceId, value],
  );
}

export async function selectUnsubscribedAt(db: Db, workspaceId: string, personId: string) {
  const [r] = await rawRows<{ at: string | Date }>(
    db,
    `SELECT u.created_at AS at FROM customer_unsubscribes u JOIN people p ON p.workspace_id = u.workspace_id
     WHERE u.workspace_id = $1 AND p.id = $2 AND ${UNSUBSCRIBED("p")} ORDER BY u.created_at LIMIT 1`,
    [workspaceId, personId],
  );
  return r?.at ?? null;
}

/** Records an unsubscription; false when the person had unsubscribed already. */
export async function insertUnsubscribe(
  db: Db,
  workspaceId: string,
  personId: string,
  email: string | null,
  at: string,
) {
  const rows = await rawRows<{ id: string }>(
    db,
    `INSERT INTO customer_unsubscribes (workspace_id, person_id, email, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, person_id) DO NOTHING RETURNING id`,
    [workspaceId, personId, email, at],
  );
  return rows.length > 0;
}

/** The workspace's name, and the person's e-mail when they are still there. */
export async function selectUnsubscribeTarget(db: Db, workspaceId: string, personId: string) {
  const [r] = await rawRows<{ workspaceName: string; email: string | null; found: boolean }>(
    db,
    `SELECT w.name AS "workspaceName", p.email, p.id IS NOT NULL AS found FROM workspaces w
     LEFT JOIN people p ON p.workspace_id = w.id AND p.id = $2 WHERE w.id = $1`,
    [workspaceId, personId],
  );
  return r ?? null;
}

/** An instance secret, created on first use; every instance on the database reads the same one. */
export async function selectOrCreateSecret(db: Db, name: string, fresh: string) {
  await rawRows(
    db,
    `INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
    [name, fresh],
  );
  const [r] = await rawRows<{ value: string }>(db, `SELECT value FROM instance_secrets WHERE name = $1`, [
    name,
  ]);
  return r.value;
}

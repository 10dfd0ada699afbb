import type { OutboxMessage } from "../../../shared/schemas.ts";
import type { Db } from "../../db/client.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { insertOutbox, selectOutbox } from "./outbox.queries.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** null for instance-level mail (password resets), read by instance admins. */
  workspaceId: string | null;
}

/**
 * Queues a message. Until SMTP delivery exists (sign-off issue), the outbox is the delivery:
 * admins read it in the UI and nothing is lost.
 */
export async function enqueueMail(db: Db, mail: Mail) {
  const [row] = await insertOutbox(db, mail);
  return row.id;
}

/** A page of mail for a workspace (or, with null, instance-level mail). */
export async function listOutbox(
  db: Db,
  workspaceId: string | null,
  q: { limit: number; cursor?: string },
): Promise<{ items: OutboxMessage[]; nextCursor: string | null }> {
  const rows = await selectOutbox(db, workspaceId, decodeCursor(q.cursor), q.limit);
  return toPage(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

import type { Db } from "../../db/client.ts";

/**
 * Called by the check engine (monitoring.check) in the transaction that stored a check's reported changes: sends
 * the immediate notifications of high-importance changes to the competitor's watchers. (Owned by the changes
 * part; the daily digest is changes.digest.)
 */
export async function notifyNewChanges(_db: Db, _workspaceId: string, _changeIds: string[]): Promise<void> {
  // Filled by the changes part of issue 14.
}

import { loadConfig } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { systemClock } from "../../lib/clock.ts";
import { type MailOut, scheduleDigestsFor } from "../notifications/notifications.mail.ts";
import { notify } from "../notifications/notifications.service.ts";
import { selectHighChangesWithWatchers, selectWatchersOfChanges } from "./changes.queries.ts";

const CATEGORY_WORDS: Record<string, string> = {
  pricing: "pricing",
  product: "product",
  messaging: "messaging",
  hiring: "hiring",
  other: "",
};

/** Short for a notification's body. */
const clip = (s: string, max = 280) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The immediate notification of reported, high-importance, not-noise changes: in-app to each watcher of the
 * competitor, and by mail per their preference (notifications.mail). `except`: the member who raised it.
 */
export async function notifyHighImportance(
  db: Db,
  workspaceId: string,
  changeIds: string[],
  out: MailOut,
  except: string | null = null,
) {
  if (!changeIds.length) return;
  const changes = await selectHighChangesWithWatchers(db, workspaceId, changeIds);
  const items = changes.flatMap((c) =>
    c.watchers
      .filter((userId) => userId !== except)
      .map((userId) => ({
        userId,
        kind: "competitor.change",
        title: `${c.competitorName}: ${CATEGORY_WORDS[c.category] ? `${CATEGORY_WORDS[c.category]} ` : ""}change on ${c.monitorName}`,
        body: clip(c.summary || "A high-importance change was detected."),
        link: `/changes/${c.id}`,
      })),
  );
  await notify(db, workspaceId, items, out);
}

/** The engine may call without `out`: the system clock and the configured public URL then. */
function outOrDefault(out?: MailOut): MailOut {
  return out ?? { clock: systemClock, publicUrl: loadConfig().publicUrl };
}

/**
 * Called by the check engine (monitoring.check) in the transaction that stored a check's reported changes: sends
 * the immediate notifications of high-importance changes to the competitor's watchers, and schedules each
 * watcher's next daily digest (at their local morning; changes.digest writes its competitor section). `out`:
 * the clock and public URL (the system clock and configured URL when omitted).
 */
export async function notifyNewChanges(
  db: Db,
  workspaceId: string,
  changeIds: string[],
  out?: MailOut,
): Promise<void> {
  if (!changeIds.length) return;
  const o = outOrDefault(out);
  await notifyHighImportance(db, workspaceId, changeIds, o);
  await scheduleDigestsFor(
    db,
    o.clock,
    workspaceId,
    await selectWatchersOfChanges(db, workspaceId, changeIds),
  );
}

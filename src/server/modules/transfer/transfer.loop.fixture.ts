import type { Role } from "../../../shared/enums.ts";
import { CreateChangelogEntrySchema } from "../../../shared/loop.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { createEntry } from "../changelog/changelog.service.ts";
import { readIdea, updateIdea } from "../ideas/ideas.service.ts";
import { saveDraft, sendLoop } from "../loop/loop.service.ts";
import { unsubscribe, unsubscribeToken } from "../loop/loop.unsubscribe.ts";

/** Text that breaks naive escaping, in changelog entries and close-the-loop messages. */
export const LOOP_WEIRD = `Shipped «it» <b>&amp;</b> "quoted" 😀 e\u0301 ‏עברית‎ {{idea}}`;

/**
 * The changelog and closing the loop for the transfer tests (after enrichFeedback): a published entry linking an
 * idea, the idea shipped and its loop closed (a sent campaign, a send with the items it answered, its outbox
 * message), a new draft, and the customer's unsubscription.
 */
export async function enrichLoop(database: Database, workspaceId: string, ownerId: string, clock: Clock) {
  const db = database.db;
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" as Role };
  const url = "http://baton.test";
  const idea = (await db.select().from(schema.ideas)).find(
    (i) => i.workspaceId === workspaceId && i.title.startsWith("Idea 1:"),
  )!;
  const entry = await db.transaction((tx) =>
    createEntry(
      tx,
      ctx,
      idea.productId,
      CreateChangelogEntrySchema.parse({
        title: `Release ${LOOP_WEIRD}`,
        body: `**Markdown** ${LOOP_WEIRD}`,
        ideaIds: [idea.id],
        status: "published",
        publishedAt: "2026-03-01T09:30:00.250Z",
      }),
      clock,
      url,
    ),
  );
  await db.transaction(async (tx) => {
    const cur = await readIdea(tx, workspaceId, idea.id);
    await updateIdea(tx, ctx, idea.id, { version: cur.version, status: "shipped" });
  });
  const message = { subject: `Done: {{idea}} ${LOOP_WEIRD}`, body: "Hi {{firstName}}: {{changelogUrl}}" };
  const sent = await db.transaction((tx) =>
    sendLoop(tx, ctx, idea.id, { ...message, changelogEntryId: entry.id }, clock, url),
  );
  await db.transaction((tx) =>
    saveDraft(
      tx,
      ctx,
      idea.id,
      { subject: "Next time", body: "Draft body", changelogEntryId: null },
      clock,
      url,
    ),
  );
  const personId = sent.recipients[0].personId;
  await db.transaction(async (tx) =>
    unsubscribe(tx, await unsubscribeToken(tx, workspaceId, personId), clock),
  );
  return { ideaId: idea.id, entryId: entry.id, campaignId: sent.campaignId, personId };
}

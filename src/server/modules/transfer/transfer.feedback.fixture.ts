import type { Role } from "../../../shared/enums.ts";
import {
  CreateCompanySchema,
  CreateFeedbackSchema,
  CreateLinkSchema,
  CreatePersonSchema,
} from "../../../shared/feedback.schemas.ts";
import { InboundMailSchema } from "../../../shared/replies.schemas.ts";
import { CreateSourceSchema } from "../../../shared/sources.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { createCompany, createPerson, deleteCompany } from "../customers/customers.service.ts";
import { linkToIdea } from "../feedback/evidence.service.ts";
import { ingestFeedback, updateFeedback } from "../feedback/feedback.service.ts";
import { createTheme, dismissSuggestion } from "../feedback/themes.service.ts";
import { ensureInbox, receiveMail } from "../mailin/mailin.service.ts";
import { createTemplate, sendReply } from "../mailin/replies.service.ts";
import { createSource } from "../sources/sources.service.ts";

/** Text that breaks naive escaping, in companies, people and feedback. */
export const FEEDBACK_WEIRD = `Feed «back» <b>&amp;</b> "quoted" 😡 e\u0301 ‏עברית‎\r\nline 2`;

/**
 * Customers and feedback of every kind for the transfer tests: companies with revenue and attributes (and one
 * deleted, so its person's company is null), people with e-mail and external id, items from a customer, a
 * colleague and an outside handle (with tags, url, an idempotency key), triaged (assignee, read, a person's
 * sentiment), and links to ideas with and without a span.
 */
export async function enrichFeedback(database: Database, workspaceId: string, ownerId: string, clock: Clock) {
  const db = database.db;
  const members = (await db.select().from(schema.memberships)).filter((m) => m.workspaceId === workspaceId);
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" as Role };
  const colleague = members.find((m) => m.userId !== ownerId)!.userId;
  const acme = await db.transaction((tx) =>
    createCompany(
      tx,
      ctx,
      CreateCompanySchema.parse({
        name: `Acme ${FEEDBACK_WEIRD}`,
        domain: "acme.example",
        segment: "Enterprise",
        plan: "gold",
        arr: 125000.5,
        mrr: 10416.71,
        currency: "eur",
        attributes: { seats: 40, trial: false, region: "EMEA «north»", note: null },
      }),
    ),
  );
  const gone = await db.transaction((tx) =>
    createCompany(tx, ctx, CreateCompanySchema.parse({ name: "Gone Ltd" })),
  );
  const ada = await db.transaction((tx) =>
    createPerson(
      tx,
      ctx,
      CreatePersonSchema.parse({
        name: `Ada ${FEEDBACK_WEIRD}`,
        email: "Ada@Acme.example",
        externalId: "crm-42",
        companyId: acme.id,
        attributes: { vip: true },
      }),
    ),
  );
  const orphan = await db.transaction((tx) =>
    createPerson(tx, ctx, CreatePersonSchema.parse({ name: "Orphan", companyId: gone.id })),
  );
  await db.transaction((tx) => deleteCompany(tx, ctx, gone.id));
  const { items } = await ingestFeedback(
    database,
    ctx,
    [
      CreateFeedbackSchema.parse({
        text: `The export is slow and I hate it. ${FEEDBACK_WEIRD}`,
        title: "Slow «export»",
        source: "email",
        sourceId: "support@acme.example",
        externalId: "<msg-1@acme.example>",
        author: { personId: ada.id },
        companyId: acme.id,
        tags: ["export", "speed"],
      }),
      CreateFeedbackSchema.parse({
        text: "Customers keep asking for offline mode.",
        source: "manual",
        author: { userId: colleague },
      }),
      CreateFeedbackSchema.parse({
        text: "Love the new roadmap view! 🎉",
        source: "mastodon",
        externalId: "109876",
        author: { handle: "@fan@social.example" },
        url: "https://social.example/@fan/109876",
        receivedAt: "2026-02-27T08:15:30.123Z",
      }),
      CreateFeedbackSchema.parse({ text: "A note from an orphan", author: { personId: orphan.id } }),
    ],
    clock,
  );
  const [slow, offline] = items.map((i) => i.id);
  await db.transaction((tx) =>
    updateFeedback(
      tx,
      ctx,
      slow,
      { version: 1, status: "triaged", assigneeId: colleague, sentiment: "negative", read: true },
      clock,
    ),
  );
  const ideas = (await db.select().from(schema.ideas)).filter((i) => i.workspaceId === workspaceId);
  const survivor = ideas.find((i) => i.title === "Offline mode")!;
  const other = ideas.find((i) => i.title.startsWith("Idea 1:"))!;
  await db.transaction((tx) =>
    linkToIdea(tx, ctx, slow, CreateLinkSchema.parse({ ideaId: other.id, start: 4, end: 10 })),
  );
  await db.transaction((tx) =>
    linkToIdea(tx, ctx, offline, CreateLinkSchema.parse({ ideaId: survivor.id, importance: "critical" })),
  );
  // A confirmed theme of two items, and an item dismissed from suggestions (format 6).
  const theme = await db.transaction((tx) =>
    createTheme(tx, ctx, `Speed ${FEEDBACK_WEIRD}`, [slow, offline]),
  );
  await db.transaction((tx) => dismissSuggestion(tx, ctx, [items[2].id]));
  // A mail conversation on an item (received mail with an attachment listed, a reply through the outbox) and a
  // reply template (format 6); the inbound address is a secret and stays behind.
  const mail = await receiveMail(
    database,
    clock,
    workspaceId,
    InboundMailSchema.parse({
      from: { address: "ada@acme.example", name: `Ada ${FEEDBACK_WEIRD}` },
      subject: `Mail ${FEEDBACK_WEIRD}`,
      text: `By mail. ${FEEDBACK_WEIRD}`,
      messageId: "<mail-1@acme.example>",
      attachments: [{ name: "shot.png", type: "image/png", size: 10_485_760 }],
    }),
  );
  await ensureInbox(db, workspaceId);
  await sendReply(
    db,
    { mailFrom: "Baton <baton@baton.test>", smtpInDomain: "in.baton.test", smtpInPort: 0 },
    clock,
    { ...ctx, role: "owner" },
    mail.itemId,
    { subject: "", text: `Thanks {{customer.name}} ${FEEDBACK_WEIRD}` },
  );
  await db.transaction((tx) =>
    createTemplate(tx, ctx, {
      name: `Thanks ${FEEDBACK_WEIRD}`,
      subject: "Re",
      body: "Hi {{customer.name}}",
    }),
  );
  // A polled source with a secret (which stays behind) and its pending poll job.
  const source = await db.transaction((tx) =>
    createSource(
      tx,
      { ...ctx, role: "owner" },
      CreateSourceSchema.parse({
        kind: "github",
        name: `Issues ${FEEDBACK_WEIRD}`,
        productId: survivor.productId,
        config: { owner: "acme", repo: "app" },
        secrets: { token: "ghp_secret_never_exported" },
      }),
      clock,
    ),
  );
  return {
    companyIds: [acme.id, gone.id],
    personIds: [ada.id, orphan.id],
    itemIds: items.map((i) => i.id),
    sourceId: source.id,
    themeId: theme.id,
  };
}

import type { LoopMessage, LoopRecipient, LoopSend, LoopState, Told } from "../../../shared/loop.schemas.ts";
import {
  defaultLoopMessage,
  fillTemplate,
  firstNameOf,
  LOOP_VARIABLES,
  type LoopValues,
  loopFooter,
  unknownVariables,
  usesVariable,
} from "../../../shared/loop.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { isoTimestamp } from "../../db/schema.ts";
import { conflict, invalid, notFound, notFoundField, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { findEntry, listEntries } from "../changelog/changelog.service.ts";
import { getPerson } from "../customers/customers.service.ts";
import { getItem } from "../feedback/feedback.service.ts";
import { readIdea } from "../ideas/ideas.service.ts";
import { enqueueMails } from "../outbox/outbox.service.ts";
import {
  type CampaignRow,
  insertDraft,
  insertSendItems,
  insertSends,
  markCampaignSent,
  type RecipientRow,
  type SendRow,
  selectCampaigns,
  selectIdeaNames,
  selectRecipients,
  selectSends,
  selectUnsubscribedAt,
  setCampaignRecipients,
  setSendOutbox,
  updateDraft,
} from "./loop.queries.ts";
import { unsubscribeToken, unsubscribeUrl } from "./loop.unsubscribe.ts";

/**
 * Closing the loop (docs/FEEDBACK.md "Close the loop"): when an idea has shipped, one message to every customer
 * whose feedback is linked to it — one per person, never twice (unique (idea, person) in loop_sends), never to
 * someone who unsubscribed — sent through the outbox (a durable mail job per message, delivered once).
 */

export const LOOP_MAIL_KIND = "loop";
const json = <T>(v: T | string): T => (typeof v === "string" ? JSON.parse(v) : v);

function statusOf(r: RecipientRow): LoopRecipient["status"] {
  if (r.toldAt) return "told";
  if (r.unsubscribed) return "unsubscribed";
  if (!r.email?.trim()) return "no_email";
  return "ready";
}

const toRecipient = (r: RecipientRow): LoopRecipient => ({
  personId: r.personId,
  name: r.name,
  email: r.email,
  companyName: r.companyName,
  items: r.items,
  status: statusOf(r),
  toldAt: r.toldAt ? isoTimestamp(r.toldAt) : null,
});

const toSend = (r: SendRow): LoopSend => ({
  ...isoColumns(r, "at"),
  itemIds: json(r.itemIds),
});

async function ideaContext(db: Db, workspaceId: string, ideaId: string) {
  const idea = await readIdea(db, workspaceId, ideaId);
  const names = await selectIdeaNames(db, workspaceId, ideaId);
  if (!names) throw notFound("Idea");
  return { idea, ...names };
}

/**
 * What the idea page's Close the loop panel shows: whether the idea shipped, the draft (the saved one, else the
 * prepared message, linking the newest published changelog entry that names the idea), every linked customer
 * with their state, and the campaigns sent with what each person got.
 */
export async function loopState(
  db: Db,
  ctx: WorkspaceContext,
  ideaId: string,
  publicUrl: string,
): Promise<LoopState> {
  const { idea, productId } = await ideaContext(db, ctx.workspaceId, ideaId);
  const [recipientRows, campaigns, sends] = [
    await selectRecipients(db, ctx.workspaceId, ideaId),
    await selectCampaigns(db, ctx.workspaceId, ideaId),
    await selectSends(db, ctx.workspaceId, { ideaId }),
  ];
  const recipients = recipientRows.map(toRecipient);
  const saved = campaigns.find((c) => c.status === "draft");
  const draft = saved
    ? {
        id: saved.id,
        subject: saved.subject,
        body: saved.body,
        changelogEntryId: saved.changelogEntryId,
        version: saved.version,
      }
    : await preparedDraft(db, ctx.workspaceId, productId, ideaId, publicUrl);
  const count = (s: LoopRecipient["status"]) => recipients.filter((r) => r.status === s).length;
  return {
    ideaId,
    ideaStatus: idea.status,
    shipped: idea.status === "shipped",
    draft,
    recipients,
    counts: {
      ready: count("ready"),
      told: count("told"),
      unsubscribed: count("unsubscribed"),
      noEmail: count("no_email"),
    },
    campaigns: campaigns
      .filter((c) => c.status === "sent")
      .map((c: CampaignRow) => ({
        id: c.id,
        subject: c.subject,
        body: c.body,
        changelogEntryId: c.changelogEntryId,
        recipients: c.recipients,
        sentAt: c.sentAt ? isoTimestamp(c.sentAt) : null,
        sentBy: c.sentBy,
        sends: sends.filter((s) => s.campaignId === c.id).map(toSend),
      })),
    variables: { ...LOOP_VARIABLES },
  };
}

async function preparedDraft(
  db: Db,
  workspaceId: string,
  productId: string,
  ideaId: string,
  publicUrl: string,
) {
  const entries = await listEntries(
    db,
    workspaceId,
    productId,
    { status: "published", ideaId, limit: 1 },
    publicUrl,
  );
  const entry = entries.items[0] ?? null;
  return { id: null, ...defaultLoopMessage(!!entry), changelogEntryId: entry?.id ?? null, version: null };
}

/** Checks a message: known variables only, and a published changelog entry of this workspace when it links one. */
async function checkMessage(db: Db, workspaceId: string, m: LoopMessage, publicUrl: string) {
  const fields: Record<string, string> = {};
  for (const key of ["subject", "body"] as const) {
    const unknown = unknownVariables(m[key]);
    if (unknown.length)
      fields[key] = `Unknown variable ${unknown.map((u) => `{{${u}}}`).join(", ")}; use ${Object.keys(
        LOOP_VARIABLES,
      )
        .map((v) => `{{${v}}}`)
        .join(", ")}`;
  }
  if (Object.keys(fields).length) throw invalid(fields);
  if (!m.changelogEntryId) {
    if (usesVariable(m.subject, "changelogUrl") || usesVariable(m.body, "changelogUrl"))
      throw invalid({ changelogEntryId: "Choose the changelog entry that {{changelogUrl}} links to" });
    return null;
  }
  const entry = await findEntry(db, workspaceId, m.changelogEntryId, publicUrl);
  if (!entry) throw notFoundField("changelogEntryId");
  return entry;
}

/** Saves the idea's draft message (the first save creates it; later ones send its version). */
export async function saveDraft(
  db: Db,
  ctx: WorkspaceContext,
  ideaId: string,
  m: LoopMessage & { version?: number },
  clock: Clock,
  publicUrl: string,
) {
  await readIdea(db, ctx.workspaceId, ideaId);
  await checkMessage(db, ctx.workspaceId, m, publicUrl);
  const set = { subject: m.subject, body: m.body, changelogEntryId: m.changelogEntryId };
  if (m.version === undefined) {
    const id = await insertDraft(db, { workspaceId: ctx.workspaceId, ideaId, ...set, by: ctx.userId });
    if (!id) throw staleVersion("This message");
  } else if (
    !(await updateDraft(db, ctx.workspaceId, ideaId, m.version, { ...set, now: clock.now().toISOString() }))
  )
    throw staleVersion("This message");
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "loop.draft",
    entityType: "idea",
    entityId: ideaId,
    after: set,
  });
  return loopState(db, ctx, ideaId, publicUrl);
}

interface Person {
  personId: string | null;
  name: string;
  email: string | null;
  companyName: string | null;
}

async function render(
  db: Db,
  workspaceId: string,
  m: LoopMessage,
  base: Omit<LoopValues, "firstName" | "name" | "company">,
  person: Person,
  publicUrl: string,
) {
  const values: LoopValues = {
    ...base,
    firstName: firstNameOf(person.name),
    name: person.name,
    company: person.companyName ?? "",
  };
  const link = person.personId
    ? unsubscribeUrl(publicUrl, await unsubscribeToken(db, workspaceId, person.personId))
    : `${publicUrl}/unsubscribe/(a personal link for each customer)`;
  return {
    subject: fillTemplate(m.subject, values).replace(/\s+/g, " ").trim(),
    text: fillTemplate(m.body, values) + loopFooter(link, base.workspace),
  };
}

async function messageBase(db: Db, workspaceId: string, ideaId: string, m: LoopMessage, publicUrl: string) {
  const ctxNames = await ideaContext(db, workspaceId, ideaId);
  const entry = await checkMessage(db, workspaceId, m, publicUrl);
  return {
    ...ctxNames,
    entry,
    base: {
      idea: ctxNames.idea.title,
      product: ctxNames.productName,
      workspace: ctxNames.workspaceName,
      changelogUrl: entry?.url ?? "",
    },
  };
}

/** The message as one customer would get it (the first one still to tell, unless personId names another). */
export async function previewLoop(
  db: Db,
  ctx: WorkspaceContext,
  ideaId: string,
  m: LoopMessage & { personId?: string },
  publicUrl: string,
) {
  const { base } = await messageBase(db, ctx.workspaceId, ideaId, m, publicUrl);
  const recipients = (await selectRecipients(db, ctx.workspaceId, ideaId)).map(toRecipient);
  const chosen = m.personId
    ? recipients.find((r) => r.personId === m.personId)
    : (recipients.find((r) => r.status === "ready") ?? recipients[0]);
  if (m.personId && !chosen)
    throw notFoundField("personId", "not a customer with feedback linked to this idea");
  const person: Person = chosen ?? {
    personId: null,
    name: "Sam Customer",
    email: null,
    companyName: "Example Co",
  };
  // The preview's unsubscribe link is a placeholder: a real one would unsubscribe the customer if clicked.
  const out = await render(db, ctx.workspaceId, m, base, { ...person, personId: null }, publicUrl);
  return { personId: chosen?.personId ?? null, to: person.email, ...out };
}

/**
 * Sends the message to every linked customer still to tell, in one transaction: the campaign, one send per
 * person (the unique key skips anyone a parallel send told first), one outbox message with its delivery job each,
 * and which items each send answers. 409 when nobody is left to tell (nothing is recorded then).
 */
export async function sendLoop(
  db: Db,
  ctx: WorkspaceContext,
  ideaId: string,
  m: LoopMessage,
  clock: Clock,
  publicUrl: string,
) {
  const { idea, base, entry } = await messageBase(db, ctx.workspaceId, ideaId, m, publicUrl);
  if (idea.status !== "shipped")
    throw conflict("Close the loop once the idea has shipped (its status, or a done roadmap item)");
  if (entry && entry.status !== "published")
    throw invalid({ changelogEntryId: "Publish this changelog entry first: its link would not open yet" });
  const rows = await selectRecipients(db, ctx.workspaceId, ideaId);
  const ready = rows.filter((r) => statusOf(r) === "ready");
  if (!ready.length) throw conflict(NOBODY);
  const at = clock.now().toISOString();
  const campaignId = await markCampaignSent(db, {
    workspaceId: ctx.workspaceId,
    ideaId,
    subject: m.subject,
    body: m.body,
    changelogEntryId: m.changelogEntryId,
    by: ctx.userId,
    at,
  });
  const mails: { personId: string; email: string; subject: string; text: string }[] = [];
  for (const r of ready) {
    const out = await render(db, ctx.workspaceId, m, base, r, publicUrl);
    mails.push({ personId: r.personId, email: (r.email as string).trim(), ...out });
  }
  const inserted = await insertSends(db, ctx.workspaceId, campaignId, ideaId, mails, at);
  // Told meanwhile by a parallel send (committed first): nothing of this one is kept.
  if (!inserted.length) throw conflict(NOBODY);
  const byPerson = new Map(mails.map((x) => [x.personId, x]));
  const sent = inserted.map((s) => ({ ...s, mail: byPerson.get(s.personId) as (typeof mails)[number] }));
  const outboxIds = await enqueueMails(
    db,
    clock,
    sent.map((s) => ({
      to: s.mail.email,
      subject: s.mail.subject,
      text: s.mail.text,
      kind: LOOP_MAIL_KIND,
      workspaceId: ctx.workspaceId,
    })),
  );
  await setSendOutbox(
    db,
    ctx.workspaceId,
    sent.map((s) => s.id),
    outboxIds,
  );
  const itemsOf = new Map(rows.map((r) => [r.personId, json(r.itemIds)]));
  const pairs = sent.flatMap((s) => (itemsOf.get(s.personId) ?? []).map((item) => [s.id, item] as const));
  await insertSendItems(
    db,
    ctx.workspaceId,
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  );
  await setCampaignRecipients(db, ctx.workspaceId, campaignId, sent.length);
  const recipients = sent.map((s) => ({ personId: s.personId, email: s.mail.email }));
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "loop.send",
    entityType: "idea",
    entityId: ideaId,
    after: { campaignId, subject: m.subject, changelogEntryId: m.changelogEntryId, recipients },
  });
  return { campaignId, sent: sent.length, recipients };
}

const NOBODY =
  "Nobody is left to tell: every linked customer was told already, unsubscribed or has no e-mail address";

/** What a customer was told (newest first), and since when they refuse these messages. */
export async function toldPerson(db: Db, workspaceId: string, personId: string): Promise<Told> {
  await getPerson(db, workspaceId, personId);
  const [rows, unsub] = [
    await selectSends(db, workspaceId, { personId }),
    await selectUnsubscribedAt(db, workspaceId, personId),
  ];
  return { items: rows.map(toSend), unsubscribedAt: unsub ? isoTimestamp(unsub) : null };
}

/** The close-the-loop messages that answered a feedback item. */
export async function toldItem(db: Db, workspaceId: string, itemId: string): Promise<Told> {
  await getItem(db, workspaceId, itemId);
  return { items: (await selectSends(db, workspaceId, { itemId })).map(toSend), unsubscribedAt: null };
}

import { createHash } from "node:crypto";
import type { Database } from "../../db/client.ts";
import * as comp from "../../db/schema.competitors.ts";
import * as schema from "../../db/schema.ts";

/** Text that breaks naive escaping, in competitors, SWOT cards, snapshots and diffs. */
export const COMPETITOR_WEIRD = `Rival «Ω» <script>alert(1)</script> &amp; "quoted" 🦊 e\u0301 ‏עברית‎`;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
/** A 1×1 transparent PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/**
 * Competitors of every kind for the transfer tests, written straight to the tables (the services are tested in
 * their modules): two competitors (one archived) linked to a product and watched, a logo, a monitor with three
 * snapshots (only the latest travels), two changes (one linked to an idea), SWOT cards (one naming a change, one
 * naming a change deleted since), a plan with its price history, a battlecard section, and a matrix row tied to
 * an idea with a cell per competitor.
 */
export async function enrichCompetitors(database: Database, workspaceId: string, ownerId: string) {
  const db = database.db;
  const idea = (await db.select().from(schema.ideas)).find(
    (i) => i.workspaceId === workspaceId && i.title.startsWith("Idea 2:"),
  )!;
  const ws = { workspaceId };
  const [rival] = await db
    .insert(comp.competitors)
    .values({
      ...ws,
      name: COMPETITOR_WEIRD,
      website: "https://rival.example",
      positioning: `The ${COMPETITOR_WEIRD} of PM`,
      segments: ["SMB", "Mid-market «EU»"],
      notes: `**Notes** ${COMPETITOR_WEIRD}`,
      links: [{ label: "Blog", url: "https://rival.example/blog" }],
      createdBy: ownerId,
    })
    .returning();
  const [old] = await db
    .insert(comp.competitors)
    .values({ ...ws, name: "Gone Corp", status: "archived", createdBy: ownerId })
    .returning();
  await db
    .insert(comp.competitorLogos)
    .values({ ...ws, competitorId: rival.id, contentType: "image/png", dataBase64: PNG });
  await db.insert(comp.competitorProducts).values([
    { ...ws, competitorId: rival.id, productId: idea.productId },
    { ...ws, competitorId: old.id, productId: idea.productId },
  ]);
  await db.insert(comp.competitorWatchers).values({ ...ws, competitorId: rival.id, userId: ownerId });
  const [monitor] = await db
    .insert(comp.monitors)
    .values({
      ...ws,
      competitorId: rival.id,
      kind: "page",
      name: "Pricing",
      url: "https://rival.example/pricing",
      config: { pricing: true, ignorePatterns: ["\\d+ users online"] },
      etag: '"v3"',
      lastCheckAt: "2026-03-01T08:00:00Z",
      lastChangeAt: "2026-03-01T08:00:00Z",
      checks: 3,
      leaseUntil: "2026-03-01T08:01:00Z",
      createdBy: ownerId,
    })
    .returning();
  const texts = ["Pro $29 per month", "Pro $39 per month", `Pro $39 per month ${COMPETITOR_WEIRD}`];
  const snaps: (typeof comp.monitorSnapshots.$inferSelect)[] = [];
  for (const [i, text] of texts.entries()) {
    const [s] = await db
      .insert(comp.monitorSnapshots)
      .values({
        ...ws,
        monitorId: monitor.id,
        contentHash: sha(text),
        text,
        bytes: text.length,
        fetchedAt: new Date(Date.UTC(2026, 1, 27 + i, 8)).toISOString(),
      })
      .returning();
    snaps.push(s);
  }
  const change = (
    i: number,
    diff: [number, string][],
    extra: Partial<typeof comp.competitorChanges.$inferInsert>,
  ) =>
    db
      .insert(comp.competitorChanges)
      .values({
        ...ws,
        monitorId: monitor.id,
        competitorId: rival.id,
        fromSnapshotId: snaps[i - 1].id,
        toSnapshotId: snaps[i].id,
        detectedAt: snaps[i].fetchedAt,
        changedPercent: 25,
        addedWords: 1,
        removedWords: 1,
        diff,
        summary: "−$29 +$39",
        ...extra,
      })
      .returning();
  const [priceChange] = await change(
    1,
    [
      [0, "Pro "],
      [-1, "$29"],
      [1, "$39"],
      [0, " per month"],
    ],
    {
      category: "pricing",
      suggestedCategory: "pricing",
      importance: "high",
      state: "reviewed",
      prices: [{ plan: "Pro", price: 39, currency: "USD", period: "month" }],
      reviewedBy: ownerId,
      reviewedAt: "2026-03-01T09:00:00Z",
    },
  );
  const [wordChange] = await change(
    2,
    [
      [0, "Pro $39 per month"],
      [1, ` ${COMPETITOR_WEIRD}`],
    ],
    { category: "messaging", suggestedCategory: "other" },
  );
  await db
    .insert(comp.competitorChangeIdeas)
    .values({ ...ws, changeId: wordChange.id, ideaId: idea.id, createdBy: ownerId });
  const [card] = await db
    .insert(comp.swotCards)
    .values({
      ...ws,
      competitorId: rival.id,
      quadrant: "threat",
      text: `Raised prices ${COMPETITOR_WEIRD}`,
      sourceUrl: "https://rival.example/pricing",
      sourceDate: "2026-02-28",
      changeId: priceChange.id,
      createdBy: ownerId,
    })
    .returning();
  // A card made from a change deleted since: the reference has no foreign key and travels as null.
  const [orphan] = await db
    .insert(comp.swotCards)
    .values({
      ...ws,
      competitorId: rival.id,
      quadrant: "weakness",
      text: "Slow support",
      position: 1,
      changeId: "00000000-0000-4000-8000-00000000dead",
    })
    .returning();
  const [plan] = await db
    .insert(comp.pricingPlans)
    .values({ ...ws, competitorId: rival.id, name: "Pro", price: "39.00", unit: "per user" })
    .returning();
  await db.insert(comp.pricingHistory).values([
    {
      ...ws,
      planId: plan.id,
      price: "29.00",
      currency: "USD",
      unit: "per user",
      billingPeriod: "month",
      observedAt: "2026-01-10T00:00:00Z",
      createdBy: ownerId,
    },
    {
      ...ws,
      planId: plan.id,
      price: "39.00",
      currency: "USD",
      unit: "per user",
      billingPeriod: "month",
      observedAt: snaps[1].fetchedAt,
      origin: "monitor",
      sourceUrl: "https://rival.example/pricing",
      changeId: priceChange.id,
    },
  ]);
  await db.insert(comp.battlecardSections).values({
    ...ws,
    competitorId: rival.id,
    section: "why_we_win",
    body: `- Sign-off ${COMPETITOR_WEIRD}`,
    updatedBy: ownerId,
  });
  const [row] = await db
    .insert(comp.capabilities)
    .values({
      ...ws,
      productId: idea.productId,
      name: "Offline sync",
      theme: "Mobile",
      ideaId: idea.id,
      oursStatus: "no",
      createdBy: ownerId,
    })
    .returning();
  await db.insert(comp.capabilityCells).values([
    {
      ...ws,
      capabilityId: row.id,
      competitorId: rival.id,
      status: "has",
      note: COMPETITOR_WEIRD,
      sourceUrl: "https://rival.example/features",
      verifiedAt: "2026-02-01T00:00:00Z",
      verifiedBy: ownerId,
      changeId: wordChange.id,
    },
    { ...ws, capabilityId: row.id, competitorId: old.id, status: "partial" },
  ]);
  return {
    rivalId: rival.id,
    oldId: old.id,
    monitorId: monitor.id,
    latestSnapshotId: snaps[2].id,
    priceChangeId: priceChange.id,
    wordChangeId: wordChange.id,
    cardId: card.id,
    orphanCardId: orphan.id,
    planId: plan.id,
    rowId: row.id,
    ideaId: idea.id,
  };
}

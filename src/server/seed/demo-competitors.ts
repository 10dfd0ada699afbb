import {
  BATTLECARD_SECTIONS,
  CreateCompetitorSchema,
  CreatePricingPlanSchema,
  CreateSwotCardSchema,
} from "../../shared/competitors.schemas.ts";
import { CreateMatrixRowSchema, PutMatrixCellSchema } from "../../shared/matrix.schemas.ts";
import { CreateMonitorSchema } from "../../shared/monitoring.schemas.ts";
import type { WorkspaceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import { DAY, systemClock } from "../lib/clock.ts";
import { createCompetitor, setWatching } from "../modules/competitors/competitors.service.ts";
import { createPlan, recordObservedPrices } from "../modules/competitors/pricing.service.ts";
import { createCard, putBattlecardSection } from "../modules/competitors/swot.service.ts";
import { createRow, putCell } from "../modules/matrix/matrix.service.ts";
import { getChange, linkChangeIdea, markNoise } from "../modules/monitoring/changes.service.ts";
import {
  changedText,
  diffTexts,
  normalizeText,
  sha256,
  suggestCategory,
} from "../modules/monitoring/monitoring.diff.ts";
import { finishCheckRow, insertChange, insertSnapshot } from "../modules/monitoring/monitoring.queries.ts";
import { createMonitor } from "../modules/monitoring/monitoring.service.ts";
import { COMPETITORS, type CompetitorKey, MATRIX, MONITORS } from "./demo-competitors.content.ts";

/**
 * The demo's "Compete" part: three invented competitors of Northwind's products with profiles, watchers, SWOT,
 * plans with a dated price history (one increase, read from a pricing page), battlecards, Northwind Mobile's
 * feature matrix (16 capabilities in 4 themes, most tied to backlog ideas, stale cells among them) and a month of
 * detected changes on their monitored pages and feeds (snapshots and word-level diffs from the check engine's own
 * functions; triaged, one marked noise with an ignore rule, some linked to ideas, a matrix cell and SWOT cards made
 * from them). The sources are paused and their addresses are under .example: the demo never fetches anything.
 */
export async function seedDemoCompetitors(
  db: Db,
  ctx: WorkspaceContext,
  productIds: string[],
  ideas: { id: string; title: string }[],
  people: Record<string, string>,
) {
  const clock = systemClock;
  const now = clock.now().getTime();
  const at = (days: number) => new Date(now - days * DAY);
  const ago = (days: number) => at(days).toISOString();
  const ideaId = (title: string) => {
    const found = ideas.find((i) => i.title === title);
    if (!found) throw new Error(`The demo backlog has no idea "${title}"`);
    return found.id;
  };

  const ids = {} as Record<CompetitorKey, string>;
  const sites = {} as Record<CompetitorKey, string>;
  for (const c of COMPETITORS) {
    const created = await createCompetitor(
      db,
      ctx,
      CreateCompetitorSchema.parse({
        name: c.name,
        website: c.website,
        positioning: c.positioning,
        segments: c.segments,
        notes: c.notes,
        links: c.links,
        status: c.status,
        productIds: c.products.map((i) => productIds[i]),
      }),
    );
    ids[c.key] = created.id;
    sites[c.key] = c.website;
    for (const who of c.watchers) await setWatching(db, { ...ctx, userId: people[who] }, created.id, true);
    for (const card of c.swot)
      await createCard(
        db,
        ctx,
        created.id,
        CreateSwotCardSchema.parse({
          quadrant: card.quadrant,
          text: card.text,
          sourceUrl: `${c.website}${card.path}`,
          sourceDate: ago(card.daysAgo).slice(0, 10),
        }),
      );
    for (const plan of c.plans)
      await createPlan(
        db,
        ctx,
        created.id,
        CreatePricingPlanSchema.parse({
          name: plan.name,
          price: plan.price,
          currency: plan.currency,
          unit: plan.unit,
          billingPeriod: plan.period,
          observedAt: ago(150),
          sourceUrl: `${c.website}/pricing`,
        }),
        clock,
      );
    for (const section of BATTLECARD_SECTIONS)
      await putBattlecardSection(
        db,
        ctx,
        created.id,
        section,
        { version: 0, body: c.battlecard[section] },
        clock,
      );
  }

  // Northwind Mobile's matrix: our cell on each row, and each competitor's, verified some days ago (> 90: stale).
  const rows: Record<string, string> = {};
  for (const line of MATRIX) {
    const row = await createRow(
      db,
      ctx,
      productIds[0],
      CreateMatrixRowSchema.parse({
        name: line.name,
        theme: line.theme,
        ideaId: line.idea ? ideaId(line.idea) : null,
        ours: { status: line.ours },
      }) as Parameters<typeof createRow>[3],
      at(20),
    );
    rows[line.name] = row.id;
    for (const [key, [status, days, note]] of Object.entries(line.cells) as [
      CompetitorKey,
      [typeof line.ours, number, string?],
    ][]) {
      await putCell(
        db,
        ctx,
        row.id,
        ids[key],
        PutMatrixCellSchema.parse({
          status,
          note: note ?? "",
          sourceUrl: status === "unknown" ? null : sites[key],
          verified: status !== "unknown",
        }) as Parameters<typeof putCell>[4],
        at(days),
      );
    }
  }

  // Monitored sources and a month of what they saw.
  let changes = 0;
  for (const m of MONITORS) {
    const competitorId = ids[m.competitor];
    const url = `${sites[m.competitor]}${m.path}`;
    const monitor = await createMonitor(
      db,
      ctx,
      competitorId,
      CreateMonitorSchema.parse({
        kind: m.kind,
        name: m.name,
        url,
        ...(m.kind === "page" ? { config: { pricing: Boolean(m.pricing) } } : {}),
        enabled: false,
      }),
      clock,
    );
    let text = normalizeText(m.baseline.text);
    let from = await insertSnapshot(db, {
      workspaceId: ctx.workspaceId,
      monitorId: monitor.id,
      contentHash: sha256(text),
      text,
      items: null,
      bytes: Buffer.byteLength(text) * 6, // the page around the text
      fetchedAt: ago(m.baseline.daysAgo),
    });
    for (const ch of m.changes) {
      const next = normalizeText(ch.text);
      const d = await diffTexts(text, next);
      const suggested = suggestCategory(m.kind, Boolean(m.pricing), {
        ...changedText(d.diff),
        headingsChanged: false,
      });
      const to = await insertSnapshot(db, {
        workspaceId: ctx.workspaceId,
        monitorId: monitor.id,
        contentHash: sha256(next),
        text: next,
        items: null,
        bytes: Buffer.byteLength(next) * 6,
        fetchedAt: ago(ch.daysAgo),
      });
      const prices = ch.prices?.map((p) => ({ ...p, currency: "USD" }));
      const reviewed = ch.state === "reviewed";
      const { id } = await insertChange(db, {
        workspaceId: ctx.workspaceId,
        monitorId: monitor.id,
        competitorId,
        fromSnapshotId: from.id,
        toSnapshotId: to.id,
        detectedAt: ago(ch.daysAgo),
        changedPercent: d.changedPercent,
        addedWords: d.addedWords,
        removedWords: d.removedWords,
        reported: true,
        diff: d.diff,
        summary: d.summary.slice(0, 1000),
        category: ch.category ?? suggested,
        suggestedCategory: suggested,
        importance: ch.importance ?? (suggested === "pricing" ? "high" : "normal"),
        state: reviewed ? "reviewed" : "new",
        prices: prices ?? null,
        reviewedBy: reviewed ? people.priya : null,
        reviewedAt: reviewed ? ago(ch.daysAgo - 0.3) : null,
      });
      changes++;
      if (prices)
        await recordObservedPrices(db, ctx, competitorId, prices, {
          changeId: id,
          sourceUrl: url,
          observedAt: at(ch.daysAgo),
        });
      if (ch.idea) await linkChangeIdea(db, ctx, id, ideaId(ch.idea));
      if (ch.cell)
        await putCell(
          db,
          ctx,
          rows[ch.cell.row],
          competitorId,
          PutMatrixCellSchema.parse({
            status: ch.cell.status,
            note: ch.cell.note,
            sourceUrl: url,
            changeId: id,
          }) as Parameters<typeof putCell>[4],
          at(ch.daysAgo - 0.3),
        );
      if (ch.swot)
        await createCard(
          db,
          ctx,
          competitorId,
          CreateSwotCardSchema.parse({
            ...ch.swot,
            sourceUrl: url,
            sourceDate: ago(ch.daysAgo).slice(0, 10),
            changeId: id,
          }),
        );
      if (ch.noisePhrase) {
        const { version } = await getChange(db, ctx.workspaceId, id);
        await markNoise(db, ctx, id, { version, phrase: ch.noisePhrase });
      }
      text = next;
      from = to;
    }
    // Its health when it was paused: the last check (a failure for some), the last change.
    const last = m.changes.at(-1);
    await finishCheckRow(db, ctx.workspaceId, monitor.id, {
      lastCheckAt: ago(0.4),
      lastSuccessAt: ago(m.error ? 1.4 : 0.4),
      lastChangeAt: last ? ago(last.daysAgo) : null,
      ...(m.error
        ? {
            lastErrorAt: ago(0.4),
            lastErrorCode: m.error.code,
            lastError: m.error.message,
            consecutiveFailures: m.error.failures,
          }
        : {}),
    });
  }
  return { competitors: COMPETITORS.length, capabilities: MATRIX.length, monitors: MONITORS.length, changes };
}

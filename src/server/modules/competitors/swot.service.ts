import {
  BATTLECARD_SECTIONS,
  type Battlecard,
  type CreateSwotCard,
  type Section,
  type SwotCard,
  type UpdateBattlecardSection,
  type UpdateSwotCard,
} from "../../../shared/competitors.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getCompetitor, lockCompetitorOf } from "./competitors.service.ts";
import {
  deleteCardRow,
  insertCard,
  insertSection,
  renumberCards,
  type SwotRow,
  selectCard,
  selectCards,
  selectQuadrantIds,
  selectSections,
  updateCardRow,
  updateSectionRow,
} from "./swot.queries.ts";

/** SWOT cards (a quadrant each, ordered, with their source) and battlecard sections of a competitor. */

const toCard = (r: SwotRow): SwotCard => isoColumns(r, "createdAt", "updatedAt");

export async function getCard(db: Db, workspaceId: string, id: string) {
  const r = await selectCard(db, workspaceId, id);
  if (!r) throw notFound("SWOT card");
  return toCard(r);
}

/** A competitor's cards, strengths first, each quadrant in its order. */
export async function listCards(db: Db, workspaceId: string, competitorId: string) {
  await getCompetitor(db, workspaceId, competitorId);
  return { items: (await selectCards(db, workspaceId, competitorId)).map(toCard) };
}

/** Adds a card at the end of its quadrant; `changeId` names the detected change it was made from. */
export async function createCard(db: Db, ctx: WorkspaceContext, competitorId: string, input: CreateSwotCard) {
  await lockCompetitorOf(db, ctx.workspaceId, competitorId);
  const id = await insertCard(db, {
    workspaceId: ctx.workspaceId,
    competitorId,
    quadrant: input.quadrant,
    text: input.text,
    sourceUrl: input.sourceUrl,
    sourceDate: input.sourceDate,
    changeId: input.changeId,
    createdBy: ctx.userId,
  });
  const card = await getCard(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "swot.create",
    entityType: "swot_card",
    entityId: id,
    after: card,
  });
  return card;
}

/** Edits a card and moves it: to another quadrant and/or to `position` in its quadrant (others shift). */
export async function updateCard(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateSwotCard,
  clock: Clock,
) {
  const first = await getCard(db, ctx.workspaceId, id);
  // Moves renumber the competitor's cards: one at a time per competitor.
  await lockCompetitorOf(db, ctx.workspaceId, first.competitorId);
  const before = await getCard(db, ctx.workspaceId, id);
  const quadrant = input.quadrant ?? before.quadrant;
  const ok = await updateCardRow(db, ctx.workspaceId, id, input.version, {
    text: input.text ?? before.text,
    sourceUrl: input.sourceUrl === undefined ? before.sourceUrl : input.sourceUrl,
    sourceDate: input.sourceDate === undefined ? before.sourceDate : input.sourceDate,
    quadrant,
    now: clock.now().toISOString(),
  });
  if (!ok) throw staleVersion("This SWOT card");
  if (quadrant !== before.quadrant || input.position !== undefined) {
    const ids = (await selectQuadrantIds(db, ctx.workspaceId, before.competitorId, quadrant))
      .map((r) => r.id)
      .filter((x) => x !== id);
    const at = Math.min(input.position ?? ids.length, ids.length);
    ids.splice(at, 0, id);
    await renumberCards(db, ctx.workspaceId, ids);
    if (quadrant !== before.quadrant) {
      const old = await selectQuadrantIds(db, ctx.workspaceId, before.competitorId, before.quadrant);
      await renumberCards(
        db,
        ctx.workspaceId,
        old.map((r) => r.id),
      );
    }
  }
  const after = await getCard(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: quadrant !== before.quadrant ? "swot.move" : "swot.update",
    entityType: "swot_card",
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function deleteCard(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getCard(db, ctx.workspaceId, id);
  await lockCompetitorOf(db, ctx.workspaceId, before.competitorId);
  await deleteCardRow(db, ctx.workspaceId, id);
  const rest = await selectQuadrantIds(db, ctx.workspaceId, before.competitorId, before.quadrant);
  await renumberCards(
    db,
    ctx.workspaceId,
    rest.map((r) => r.id),
  );
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "swot.delete",
    entityType: "swot_card",
    entityId: id,
    before,
  });
}

// ---- battlecards ----

/** A competitor's battlecard: the four sections in order; a section never written is empty with version 0. */
export async function getBattlecard(db: Db, workspaceId: string, competitorId: string): Promise<Battlecard> {
  const c = await getCompetitor(db, workspaceId, competitorId);
  const rows = new Map((await selectSections(db, workspaceId, competitorId)).map((r) => [r.section, r]));
  return {
    competitorId,
    competitorName: c.name,
    sections: BATTLECARD_SECTIONS.map((section) => {
      const r = rows.get(section);
      return r
        ? {
            ...isoColumns(r, "updatedAt"),
            section,
            body: r.body,
            updatedBy: r.updatedBy,
            version: r.version,
          }
        : { section, body: "", updatedBy: null, updatedAt: null, version: 0 };
    }),
  };
}

/** Writes one section (Markdown): version 0 the first time, then the version read (409 when stale). */
export async function putBattlecardSection(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  section: Section,
  input: UpdateBattlecardSection,
  clock: Clock,
) {
  await lockCompetitorOf(db, ctx.workspaceId, competitorId);
  const before = (await getBattlecard(db, ctx.workspaceId, competitorId)).sections.find(
    (s) => s.section === section,
  );
  const row = { workspaceId: ctx.workspaceId, competitorId, section, body: input.body, userId: ctx.userId };
  const ok =
    input.version === 0
      ? await insertSection(db, row)
      : await updateSectionRow(db, { ...row, version: input.version, now: clock.now().toISOString() });
  if (!ok) throw staleVersion("This battlecard section");
  const card = await getBattlecard(db, ctx.workspaceId, competitorId);
  const after = card.sections.find((s) => s.section === section);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "battlecard.update",
    entityType: "competitor",
    entityId: competitorId,
    before: before ? { section, body: before.body } : undefined,
    after: after ? { section, body: after.body } : undefined,
  });
  return after!;
}

import type { ExportDocument } from "./transfer.schema.ts";

type Unique = (section: string, keys: (string | null)[]) => Set<string>;
type Ref = (path: string, id: string | null, known: Set<string>, what: string) => void;

/**
 * Competitors (version 7): ids and the keys the database keeps unique (a competitor's name, a plan's name per
 * competitor, a matrix row's name per product, the composite keys), and references inside the document.
 */
export function checkCompetitorReferences(
  doc: ExportDocument,
  ids: { userIds: Set<string>; ideaIds: Set<string>; productIds: Set<string> },
  unique: Unique,
  ref: Ref,
) {
  const { userIds, ideaIds, productIds } = ids;
  const roadmapItemIds = new Set(doc.roadmapItems.map((r) => r.id));
  const user = (path: string, id: string | null) => ref(path, id, userIds, "a user");

  const competitorIds = unique(
    "competitors",
    doc.competitors.map((c) => c.id),
  );
  unique(
    "competitors",
    doc.competitors.map((c) => `name ${c.name.toLowerCase()}`),
  );
  for (const [i, c] of doc.competitors.entries()) user(`competitors[${i}].createdBy`, c.createdBy);
  const competitor = (path: string, id: string) => ref(path, id, competitorIds, "a competitor");

  unique(
    "competitorLogos",
    doc.competitorLogos.map((l) => l.competitorId),
  );
  for (const [i, l] of doc.competitorLogos.entries())
    competitor(`competitorLogos[${i}].competitorId`, l.competitorId);
  unique(
    "competitorProducts",
    doc.competitorProducts.map((l) => `${l.competitorId}/${l.productId}`),
  );
  for (const [i, l] of doc.competitorProducts.entries()) {
    competitor(`competitorProducts[${i}].competitorId`, l.competitorId);
    ref(`competitorProducts[${i}].productId`, l.productId, productIds, "a product");
  }
  unique(
    "competitorWatchers",
    doc.competitorWatchers.map((w) => `${w.competitorId}/${w.userId}`),
  );
  for (const [i, w] of doc.competitorWatchers.entries()) {
    competitor(`competitorWatchers[${i}].competitorId`, w.competitorId);
    user(`competitorWatchers[${i}].userId`, w.userId);
  }

  const monitorIds = unique(
    "monitors",
    doc.monitors.map((m) => m.id),
  );
  for (const [i, m] of doc.monitors.entries()) {
    competitor(`monitors[${i}].competitorId`, m.competitorId);
    user(`monitors[${i}].createdBy`, m.createdBy);
  }
  unique(
    "monitorSnapshots",
    doc.monitorSnapshots.map((s) => s.id),
  );
  for (const [i, s] of doc.monitorSnapshots.entries())
    ref(`monitorSnapshots[${i}].monitorId`, s.monitorId, monitorIds, "a monitored source");
  const changeIds = unique(
    "competitorChanges",
    doc.competitorChanges.map((c) => c.id),
  );
  const monitorOf = new Map(doc.monitors.map((m) => [m.id, m.competitorId]));
  for (const [i, c] of doc.competitorChanges.entries()) {
    ref(`competitorChanges[${i}].monitorId`, c.monitorId, monitorIds, "a monitored source");
    competitor(`competitorChanges[${i}].competitorId`, c.competitorId);
    const owner = monitorOf.get(c.monitorId);
    if (owner && owner !== c.competitorId)
      ref(
        `competitorChanges[${i}].competitorId`,
        c.competitorId,
        new Set([owner]),
        "its monitor's competitor",
      );
    user(`competitorChanges[${i}].reviewedBy`, c.reviewedBy);
  }
  unique(
    "competitorChangeIdeas",
    doc.competitorChangeIdeas.map((l) => `${l.changeId}/${l.ideaId}`),
  );
  for (const [i, l] of doc.competitorChangeIdeas.entries()) {
    ref(`competitorChangeIdeas[${i}].changeId`, l.changeId, changeIds, "a change");
    ref(`competitorChangeIdeas[${i}].ideaId`, l.ideaId, ideaIds, "an idea");
    user(`competitorChangeIdeas[${i}].createdBy`, l.createdBy);
  }

  unique(
    "swotCards",
    doc.swotCards.map((c) => c.id),
  );
  for (const [i, c] of doc.swotCards.entries()) {
    competitor(`swotCards[${i}].competitorId`, c.competitorId);
    ref(`swotCards[${i}].changeId`, c.changeId, changeIds, "a change");
    user(`swotCards[${i}].createdBy`, c.createdBy);
  }
  const planIds = unique(
    "pricingPlans",
    doc.pricingPlans.map((p) => p.id),
  );
  unique(
    "pricingPlans",
    doc.pricingPlans.map((p) => `${p.competitorId}/name ${p.name.toLowerCase()}`),
  );
  for (const [i, p] of doc.pricingPlans.entries())
    competitor(`pricingPlans[${i}].competitorId`, p.competitorId);
  unique(
    "pricingHistory",
    doc.pricingHistory.map((h) => h.id),
  );
  for (const [i, h] of doc.pricingHistory.entries()) {
    ref(`pricingHistory[${i}].planId`, h.planId, planIds, "a pricing plan");
    ref(`pricingHistory[${i}].changeId`, h.changeId, changeIds, "a change");
    user(`pricingHistory[${i}].createdBy`, h.createdBy);
  }
  unique(
    "battlecardSections",
    doc.battlecardSections.map((b) => `${b.competitorId}/${b.section}`),
  );
  for (const [i, b] of doc.battlecardSections.entries()) {
    competitor(`battlecardSections[${i}].competitorId`, b.competitorId);
    user(`battlecardSections[${i}].updatedBy`, b.updatedBy);
  }

  const capabilityIds = unique(
    "capabilities",
    doc.capabilities.map((c) => c.id),
  );
  unique(
    "capabilities",
    doc.capabilities.map((c) => `${c.productId}/name ${c.name.toLowerCase()}`),
  );
  for (const [i, c] of doc.capabilities.entries()) {
    ref(`capabilities[${i}].productId`, c.productId, productIds, "a product");
    ref(`capabilities[${i}].ideaId`, c.ideaId, ideaIds, "an idea");
    ref(`capabilities[${i}].roadmapItemId`, c.roadmapItemId, roadmapItemIds, "a roadmap item");
    user(`capabilities[${i}].createdBy`, c.createdBy);
  }
  unique(
    "capabilityCells",
    doc.capabilityCells.map((c) => `${c.capabilityId}/${c.competitorId}`),
  );
  for (const [i, c] of doc.capabilityCells.entries()) {
    ref(`capabilityCells[${i}].capabilityId`, c.capabilityId, capabilityIds, "a matrix row");
    competitor(`capabilityCells[${i}].competitorId`, c.competitorId);
    user(`capabilityCells[${i}].verifiedBy`, c.verifiedBy);
    ref(`capabilityCells[${i}].changeId`, c.changeId, changeIds, "a change");
  }
}

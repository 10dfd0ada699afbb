import type { z } from "zod";
import { invalid } from "../../errors.ts";
import { checkHolidayReferences } from "./transfer.schema.holidays.ts";
import {
  type AnyExportDocument,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  ExportDocumentSchema,
  ExportDocumentV1Schema,
  ExportDocumentV2Schema,
  ExportDocumentV3Schema,
  ExportDocumentV4Schema,
  ExportDocumentV5Schema,
  ExportDocumentV6Schema,
  ExportDocumentV7Schema,
  upgradeDocument,
} from "./transfer.schema.ts";
import { checkCompetitorReferences } from "./transfer.validate.competitors.ts";

const MAX_REPORTED = 20;

/** "products[3].managerId" from zod's ["products", 3, "managerId"]. */
export function pathOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(document)";
}

function fail(problems: [string, string][], what: string): never {
  const fields: Record<string, string> = {};
  for (const [path, message] of problems.slice(0, MAX_REPORTED)) fields[path] ??= message;
  if (problems.length > MAX_REPORTED) fields["…"] = `and ${problems.length - MAX_REPORTED} more problems`;
  const n = problems.length;
  throw invalid(fields, `${what}: ${n} problem${n === 1 ? "" : "s"}; nothing was imported`);
}

const issueMessage = (i: z.core.$ZodIssue) =>
  i.code === "unrecognized_keys" ? `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(", ")}` : i.message;

/** Parses the text of an export file; bad JSON, a foreign file or a newer format gets a clear error. */
export function parseExportText(text: string): AnyExportDocument {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw invalid(
      { file: (err as Error).message },
      "The file is not valid JSON (truncated or damaged?); nothing was imported",
    );
  }
  return validateExport(value);
}

/** The schema of each older format version; any other value is checked against the current one (its literal refuses it). */
const OLDER_VERSIONS: Record<number, z.ZodType<AnyExportDocument>> = {
  1: ExportDocumentV1Schema,
  2: ExportDocumentV2Schema,
  3: ExportDocumentV3Schema,
  4: ExportDocumentV4Schema,
  5: ExportDocumentV5Schema,
  6: ExportDocumentV6Schema,
  7: ExportDocumentV7Schema,
};

/**
 * Checks a whole export document before anything is written: the envelope first (is it ours, which version),
 * then every section against the schema of its version, then that every reference points at a row of the
 * document. The document comes back as it was read (a version-1 file stays version 1).
 */
export function validateExport(value: unknown): AnyExportDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid(
      { document: `expected a JSON object, found ${Array.isArray(value) ? "an array" : typeof value}` },
      "This is not a Baton export file; nothing was imported",
    );
  }
  const v = value as Record<string, unknown>;
  if (v.format !== EXPORT_FORMAT) {
    throw invalid(
      {
        format:
          v.format === undefined
            ? `missing (a Baton export has "format": "${EXPORT_FORMAT}")`
            : `is ${JSON.stringify(v.format)}, expected "${EXPORT_FORMAT}"`,
      },
      "This is not a Baton export file; nothing was imported",
    );
  }
  const version = v.formatVersion;
  if (typeof version === "number" && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
    throw invalid(
      { formatVersion: `${version} is newer than ${EXPORT_FORMAT_VERSION}, the newest this Baton reads` },
      `This export was written by a newer Baton (format version ${version}); upgrade Baton to import it. Nothing was imported`,
    );
  }
  const schema = (typeof version === "number" && OLDER_VERSIONS[version]) || ExportDocumentSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((i) => [pathOf(i.path), issueMessage(i)]),
      "The export file is invalid",
    );
  }
  const problems = checkReferences(parsed.data);
  if (problems.length) fail(problems, "The export file is inconsistent");
  return parsed.data;
}

/** Unique ids per section, and references that resolve inside the document. */
function checkReferences(input: AnyExportDocument): [string, string][] {
  const doc = upgradeDocument(input);
  const problems: [string, string][] = [];
  // A null key (an optional unique column left empty) is never a duplicate; indexes stay the rows' own.
  const unique = (section: string, keys: (string | null)[]) => {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (k === null) return;
      if (seen.has(k)) problems.push([`${section}[${i}]`, `duplicate of an earlier row (${k})`]);
      seen.add(k);
    });
    return seen;
  };
  const userIds = unique(
    "users",
    doc.users.map((u) => u.id),
  );
  unique(
    "users",
    doc.users.map((u) => u.email.toLowerCase()),
  );
  const memberIds = unique(
    "memberships",
    doc.memberships.map((m) => m.userId),
  );
  const teamIds = unique(
    "teams",
    doc.teams.map((t) => t.id),
  );
  const productIds = unique(
    "products",
    doc.products.map((p) => p.id),
  );
  unique(
    "teamMembers",
    doc.teamMembers.map((m) => `${m.teamId}/${m.userId}`),
  );
  unique(
    "invitations",
    doc.invitations.map((i) => i.id),
  );
  unique(
    "auditEvents",
    doc.auditEvents.map((e) => e.id),
  );
  unique(
    "outbox",
    doc.outbox.map((m) => m.id),
  );

  const ref = (path: string, id: string | null, known: Set<string>, what: string) => {
    if (id !== null && !known.has(id)) problems.push([path, `${id} is not ${what} in this file`]);
  };
  doc.memberships.forEach((m, i) => {
    ref(`memberships[${i}].userId`, m.userId, userIds, "a user");
  });
  if (!doc.memberships.some((m) => m.role === "owner"))
    problems.push(["memberships", "no member is an owner; a workspace needs at least one"]);
  doc.products.forEach((p, i) => {
    ref(`products[${i}].managerId`, p.managerId, userIds, "a user");
  });
  doc.teams.forEach((t, i) => {
    ref(`teams[${i}].leadId`, t.leadId, userIds, "a user");
  });
  doc.teamMembers.forEach((m, i) => {
    ref(`teamMembers[${i}].teamId`, m.teamId, teamIds, "a team");
    ref(`teamMembers[${i}].userId`, m.userId, memberIds, "a member");
  });
  doc.invitations.forEach((inv, i) => {
    ref(`invitations[${i}].invitedBy`, inv.invitedBy, userIds, "a user");
    ref(`invitations[${i}].acceptedBy`, inv.acceptedBy, userIds, "a user");
  });
  doc.auditEvents.forEach((e, i) => {
    ref(`auditEvents[${i}].actorId`, e.actorId, userIds, "a user");
  });
  if (input.formatVersion === 1) return problems;

  // ---- prioritization (version 2) ----
  const factorIds = unique(
    "factors",
    doc.factors.map((f) => f.id),
  );
  const ideaIds = unique(
    "ideas",
    doc.ideas.map((i) => i.id),
  );
  unique(
    "ideas",
    doc.ideas.map((i) => `${i.productId}/#${i.number}`),
  );
  const roundIds = unique(
    "rounds",
    doc.rounds.map((r) => r.id),
  );
  unique(
    "ideaComments",
    doc.ideaComments.map((c) => c.id),
  );
  unique(
    "ideaWatchers",
    doc.ideaWatchers.map((w) => `${w.ideaId}/${w.userId}`),
  );
  unique(
    "savedViews",
    doc.savedViews.map((v) => v.id),
  );
  unique(
    "roundIdeas",
    doc.roundIdeas.map((r) => `${r.roundId}/${r.ideaId}`),
  );
  unique(
    "roundVoters",
    doc.roundVoters.map((v) => `${v.roundId}/${v.userId}`),
  );
  unique(
    "ratings",
    doc.ratings.map((r) => `${r.roundId}/${r.voterId}/${r.ideaId}/${r.factorId}`),
  );
  unique(
    "notifications",
    doc.notifications.map((n) => n.id),
  );
  unique(
    "jobs",
    doc.jobs.map((j) => j.id),
  );
  unique(
    "jobs",
    doc.jobs.map((j) => (j.key === null ? null : `key ${j.key}`)),
  );

  const highest = new Map<string, number>();
  doc.factors.forEach((f, i) => {
    ref(`factors[${i}].productId`, f.productId, productIds, "a product");
  });
  doc.ideas.forEach((idea, i) => {
    const at = `ideas[${i}]`;
    ref(`${at}.productId`, idea.productId, productIds, "a product");
    ref(`${at}.ownerId`, idea.ownerId, userIds, "a user");
    ref(`${at}.createdBy`, idea.createdBy, userIds, "a user");
    ref(`${at}.mergedIntoId`, idea.mergedIntoId, ideaIds, "an idea");
    ref(`${at}.scoredRoundId`, idea.scoredRoundId, roundIds, "a round");
    idea.factorStats.forEach((s, k) => {
      ref(`${at}.factorStats[${k}].factorId`, s.factorId, factorIds, "a factor");
    });
    highest.set(idea.productId, Math.max(highest.get(idea.productId) ?? 0, idea.number));
  });
  doc.products.forEach((p, i) => {
    const top = highest.get(p.id) ?? 0;
    if (p.nextIdeaNumber <= top)
      problems.push([`products[${i}].nextIdeaNumber`, `must be above ${top}, the highest idea number`]);
  });
  doc.rounds.forEach((r, i) => {
    ref(`rounds[${i}].productId`, r.productId, productIds, "a product");
    ref(`rounds[${i}].createdBy`, r.createdBy, userIds, "a user");
  });
  doc.roundIdeas.forEach((r, i) => {
    ref(`roundIdeas[${i}].roundId`, r.roundId, roundIds, "a round");
    ref(`roundIdeas[${i}].ideaId`, r.ideaId, ideaIds, "an idea");
  });
  doc.roundVoters.forEach((v, i) => {
    ref(`roundVoters[${i}].roundId`, v.roundId, roundIds, "a round");
    ref(`roundVoters[${i}].userId`, v.userId, userIds, "a user");
    ref(`roundVoters[${i}].teamId`, v.teamId, teamIds, "a team");
  });
  doc.ratings.forEach((r, i) => {
    ref(`ratings[${i}].roundId`, r.roundId, roundIds, "a round");
    ref(`ratings[${i}].voterId`, r.voterId, userIds, "a user");
    ref(`ratings[${i}].ideaId`, r.ideaId, ideaIds, "an idea");
    ref(`ratings[${i}].factorId`, r.factorId, factorIds, "a factor");
  });
  doc.ideaComments.forEach((c, i) => {
    ref(`ideaComments[${i}].ideaId`, c.ideaId, ideaIds, "an idea");
    ref(`ideaComments[${i}].authorId`, c.authorId, userIds, "a user");
    ref(`ideaComments[${i}].roundId`, c.roundId, roundIds, "a round");
    c.mentions.forEach((m, k) => {
      ref(`ideaComments[${i}].mentions[${k}]`, m, userIds, "a user");
    });
  });
  doc.ideaWatchers.forEach((w, i) => {
    ref(`ideaWatchers[${i}].ideaId`, w.ideaId, ideaIds, "an idea");
    ref(`ideaWatchers[${i}].userId`, w.userId, userIds, "a user");
  });
  doc.savedViews.forEach((v, i) => {
    ref(`savedViews[${i}].productId`, v.productId, productIds, "a product");
    ref(`savedViews[${i}].ownerId`, v.ownerId, userIds, "a user");
  });
  doc.notifications.forEach((n, i) => {
    ref(`notifications[${i}].userId`, n.userId, userIds, "a user");
  });
  if (input.formatVersion === 2) return problems;
  const roadmap = checkRoadmapReferences(
    doc,
    { userIds, productIds, teamIds, ideaIds },
    unique,
    ref,
    problems,
  );
  if (input.formatVersion === 3) return problems;
  checkSignoffReferences(doc, { userIds, teamIds, ...roadmap }, unique, ref, problems);
  if (input.formatVersion === 4) return problems;
  checkFeedbackReferences(doc, { userIds, ideaIds, productIds }, unique, ref);
  if (input.formatVersion === 5) return problems;
  // Version 6: how rounds count (one setting per product), score history (its round may be gone: null).
  unique(
    "scoreSettings",
    doc.scoreSettings.map((s) => s.productId),
  );
  doc.scoreSettings.forEach((s, i) => {
    ref(`scoreSettings[${i}].productId`, s.productId, productIds, "a product");
    ref(`scoreSettings[${i}].updatedBy`, s.updatedBy, userIds, "a user");
  });
  unique(
    "ideaScoreHistory",
    doc.ideaScoreHistory.map((h) => h.id),
  );
  doc.ideaScoreHistory.forEach((h, i) => {
    ref(`ideaScoreHistory[${i}].ideaId`, h.ideaId, ideaIds, "an idea");
    ref(`ideaScoreHistory[${i}].roundId`, h.roundId, roundIds, "a round");
  });
  // Feedback themes: names unique per workspace (ignoring case), items and dismissals of items in the document.
  const themeIds = unique(
    "feedbackThemes",
    doc.feedbackThemes.map((t) => t.id),
  );
  unique(
    "feedbackThemes",
    doc.feedbackThemes.map((t) => `name ${t.name.toLowerCase()}`),
  );
  const feedbackIds = new Set(doc.feedbackItems.map((f) => f.id));
  doc.feedbackThemes.forEach((t, i) => {
    ref(`feedbackThemes[${i}].createdBy`, t.createdBy, userIds, "a user");
  });
  unique(
    "feedbackThemeItems",
    doc.feedbackThemeItems.map((t) => `${t.themeId}/${t.itemId}`),
  );
  doc.feedbackThemeItems.forEach((t, i) => {
    ref(`feedbackThemeItems[${i}].themeId`, t.themeId, themeIds, "a theme");
    ref(`feedbackThemeItems[${i}].itemId`, t.itemId, feedbackIds, "a feedback item");
    ref(`feedbackThemeItems[${i}].addedBy`, t.addedBy, userIds, "a user");
  });
  unique(
    "feedbackThemeDismissals",
    doc.feedbackThemeDismissals.map((d) => d.itemId),
  );
  doc.feedbackThemeDismissals.forEach((d, i) => {
    ref(`feedbackThemeDismissals[${i}].itemId`, d.itemId, feedbackIds, "a feedback item");
    ref(`feedbackThemeDismissals[${i}].dismissedBy`, d.dismissedBy, userIds, "a user");
  });
  // Conversations: Message-IDs unique per workspace, of items in the document; reply templates' names unique.
  unique(
    "feedbackMessages",
    doc.feedbackMessages.map((m) => m.id),
  );
  unique(
    "feedbackMessages",
    doc.feedbackMessages.map((m) => `Message-ID ${m.messageId}`),
  );
  const outboxIds = new Set(doc.outbox.map((m) => m.id));
  doc.feedbackMessages.forEach((m, i) => {
    ref(`feedbackMessages[${i}].itemId`, m.itemId, feedbackIds, "a feedback item");
    ref(`feedbackMessages[${i}].outboxId`, m.outboxId, outboxIds, "an outbox message");
    ref(`feedbackMessages[${i}].sentBy`, m.sentBy, userIds, "a user");
  });
  unique(
    "replyTemplates",
    doc.replyTemplates.map((t) => t.id),
  );
  unique(
    "replyTemplates",
    doc.replyTemplates.map((t) => `name ${t.name.toLowerCase()}`),
  );
  doc.replyTemplates.forEach((t, i) => {
    ref(`replyTemplates[${i}].createdBy`, t.createdBy, userIds, "a user");
  });
  checkLoopReferences(doc, { userIds, ideaIds, productIds, feedbackIds, outboxIds }, unique, ref);
  checkCompetitorReferences(doc, { userIds, ideaIds, productIds }, unique, ref);
  checkHolidayReferences(doc, unique, ref);
  return problems;
}

/** Customers and feedback (version 5): the keys the database keeps unique, references inside the document. */
function checkFeedbackReferences(
  doc: ExportDocument,
  known: { userIds: Set<string>; ideaIds: Set<string>; productIds: Set<string> },
  unique: Unique,
  ref: Ref,
) {
  const { userIds, ideaIds, productIds } = known;
  const companyIds = unique(
    "companies",
    doc.companies.map((c) => c.id),
  );
  const personIds = unique(
    "people",
    doc.people.map((p) => p.id),
  );
  unique(
    "people",
    doc.people.map((p) => (p.email === null ? null : `e-mail ${p.email.toLowerCase()}`)),
  );
  unique(
    "people",
    doc.people.map((p) => (p.externalId === null ? null : `external id ${p.externalId}`)),
  );
  const itemIds = unique(
    "feedbackItems",
    doc.feedbackItems.map((f) => f.id),
  );
  unique(
    "feedbackItems",
    doc.feedbackItems.map((f) =>
      f.externalId === null ? null : `key ${f.source}/${f.sourceId}/${f.externalId}`,
    ),
  );
  unique(
    "feedbackLinks",
    doc.feedbackLinks.map((l) => l.id),
  );
  unique(
    "feedbackLinks",
    doc.feedbackLinks.map((l) => `${l.itemId}/${l.ideaId}`),
  );
  doc.people.forEach((p, i) => {
    ref(`people[${i}].companyId`, p.companyId, companyIds, "a company");
  });
  doc.feedbackItems.forEach((f, i) => {
    const at = `feedbackItems[${i}]`;
    ref(`${at}.personId`, f.personId, personIds, "a person");
    ref(`${at}.companyId`, f.companyId, companyIds, "a company");
    ref(`${at}.userId`, f.userId, userIds, "a user");
    ref(`${at}.sentimentBy`, f.sentimentBy, userIds, "a user");
    ref(`${at}.assigneeId`, f.assigneeId, userIds, "a user");
    ref(`${at}.createdBy`, f.createdBy, userIds, "a user");
  });
  unique(
    "feedbackSources",
    doc.feedbackSources.map((f) => f.id),
  );
  doc.feedbackSources.forEach((f, i) => {
    ref(`feedbackSources[${i}].productId`, f.productId, productIds, "a product");
    ref(`feedbackSources[${i}].createdBy`, f.createdBy, userIds, "a user");
  });
  doc.feedbackLinks.forEach((l, i) => {
    ref(`feedbackLinks[${i}].itemId`, l.itemId, itemIds, "a feedback item");
    ref(`feedbackLinks[${i}].ideaId`, l.ideaId, ideaIds, "an idea");
    ref(`feedbackLinks[${i}].createdBy`, l.createdBy, userIds, "a user");
  });
}

/** Roadmap sign-off (version 4): requests on versions of their own roadmap, approvers, history, comments. */
function checkSignoffReferences(
  doc: ExportDocument,
  known: {
    userIds: Set<string>;
    teamIds: Set<string>;
    roadmapIds: Set<string>;
    versionRoadmap: Map<string, string>;
  },
  unique: Unique,
  ref: Ref,
  problems: [string, string][],
) {
  const { userIds, teamIds, roadmapIds, versionRoadmap } = known;
  const signoffIds = unique(
    "signoffs",
    doc.signoffs.map((s) => s.id),
  );
  unique(
    "signoffApprovers",
    doc.signoffApprovers.map((a) => `${a.signoffId}/${a.userId}`),
  );
  unique(
    "signoffEvents",
    doc.signoffEvents.map((e) => e.id),
  );
  unique(
    "signoffEvents",
    doc.signoffEvents.map((e) => `seq ${e.seq}`),
  );
  unique(
    "signoffComments",
    doc.signoffComments.map((c) => c.id),
  );
  unique(
    "signoffComments",
    doc.signoffComments.map((c) => `seq ${c.seq}`),
  );
  /** A version of this roadmap: it must exist and belong to the roadmap named beside it. */
  const versionOf = (path: string, versionId: string | null, roadmapId: string) => {
    if (versionId === null) return;
    const owner = versionRoadmap.get(versionId);
    if (owner === undefined) problems.push([path, `${versionId} is not a roadmap version in this file`]);
    else if (owner !== roadmapId) problems.push([path, `${versionId} is a version of another roadmap`]);
  };
  const roadmapOf = new Map<string, string>();
  // At most one open request per roadmap (the database refuses a second).
  const openOf = new Set<string>();
  doc.signoffs.forEach((s, i) => {
    ref(`signoffs[${i}].roadmapId`, s.roadmapId, roadmapIds, "a roadmap");
    versionOf(`signoffs[${i}].versionId`, s.versionId, s.roadmapId);
    versionOf(`signoffs[${i}].baselineVersionId`, s.baselineVersionId, s.roadmapId);
    ref(`signoffs[${i}].createdBy`, s.createdBy, userIds, "a user");
    roadmapOf.set(s.id, s.roadmapId);
    if (s.status === "open" && openOf.has(s.roadmapId))
      problems.push([`signoffs[${i}].status`, "a second open request of the same roadmap (one at a time)"]);
    if (s.status === "open") openOf.add(s.roadmapId);
  });
  doc.signoffApprovers.forEach((a, i) => {
    ref(`signoffApprovers[${i}].signoffId`, a.signoffId, signoffIds, "a sign-off");
    ref(`signoffApprovers[${i}].userId`, a.userId, userIds, "a user");
    ref(`signoffApprovers[${i}].viaTeamId`, a.viaTeamId, teamIds, "a team");
    const roadmapId = roadmapOf.get(a.signoffId);
    if (roadmapId) versionOf(`signoffApprovers[${i}].decidedVersionId`, a.decidedVersionId, roadmapId);
  });
  doc.signoffEvents.forEach((e, i) => {
    ref(`signoffEvents[${i}].signoffId`, e.signoffId, signoffIds, "a sign-off");
    ref(`signoffEvents[${i}].actorId`, e.actorId, userIds, "a user");
  });
  doc.signoffComments.forEach((c, i) => {
    ref(`signoffComments[${i}].signoffId`, c.signoffId, signoffIds, "a sign-off");
    ref(`signoffComments[${i}].userId`, c.userId, userIds, "a user");
  });
  doc.roadmapVersions.forEach((v, i) => {
    if (v.signoffId === null) return;
    if (roadmapOf.get(v.signoffId) === undefined)
      problems.push([`roadmapVersions[${i}].signoffId`, `${v.signoffId} is not a sign-off in this file`]);
    else if (roadmapOf.get(v.signoffId) !== v.roadmapId)
      problems.push([`roadmapVersions[${i}].signoffId`, `${v.signoffId} is a sign-off of another roadmap`]);
    if (v.approvedAt === null)
      problems.push([
        `roadmapVersions[${i}].approvedAt`,
        "a version approved by a sign-off has its approval time",
      ]);
  });
}

type Unique = (section: string, keys: (string | null)[]) => Set<string>;
type Ref = (path: string, id: string | null, known: Set<string>, what: string) => void;

/** Objectives, capacity and roadmaps (version 3): unique keys, references inside the document. */
function checkRoadmapReferences(
  doc: ExportDocument,
  known: { userIds: Set<string>; productIds: Set<string>; teamIds: Set<string>; ideaIds: Set<string> },
  unique: Unique,
  ref: Ref,
  problems: [string, string][],
): { roadmapIds: Set<string>; versionRoadmap: Map<string, string> } {
  const { userIds, productIds, teamIds, ideaIds } = known;
  const objectiveIds = unique(
    "objectives",
    doc.objectives.map((o) => o.id),
  );
  const keyResultIds = unique(
    "keyResults",
    doc.keyResults.map((k) => k.id),
  );
  unique(
    "ideaObjectives",
    doc.ideaObjectives.map((l) => `${l.ideaId}/${l.objectiveId}`),
  );
  unique(
    "teamCapacity",
    doc.teamCapacity.map((c) => `${c.teamId}/${c.month}`),
  );
  unique(
    "timeOff",
    doc.timeOff.map((t) => t.id),
  );
  const roadmapIds = unique(
    "roadmaps",
    doc.roadmaps.map((r) => r.id),
  );
  const itemIds = unique(
    "roadmapItems",
    doc.roadmapItems.map((i) => i.id),
  );
  unique(
    "roadmapItemEfforts",
    doc.roadmapItemEfforts.map((e) => `${e.itemId}/${e.teamId}`),
  );
  unique(
    "roadmapItemLinks",
    doc.roadmapItemLinks.map((l) => `${l.itemId}/${l.kind}/${l.targetId}`),
  );
  unique(
    "roadmapDependencies",
    doc.roadmapDependencies.map((d) => `${d.beforeId}/${d.afterId}`),
  );
  unique(
    "roadmapMilestones",
    doc.roadmapMilestones.map((m) => m.id),
  );
  unique(
    "roadmapChanges",
    doc.roadmapChanges.map((c) => c.id),
  );
  unique(
    "roadmapVersions",
    doc.roadmapVersions.map((v) => v.id),
  );
  unique(
    "roadmapVersions",
    doc.roadmapVersions.map((v) => `${v.roadmapId}/#${v.number}`),
  );
  unique(
    "planProposals",
    doc.planProposals.map((p) => p.id),
  );

  doc.objectives.forEach((o, i) => {
    ref(`objectives[${i}].productId`, o.productId, productIds, "a product");
    ref(`objectives[${i}].ownerId`, o.ownerId, userIds, "a user");
    if (o.periodEnd < o.periodStart)
      problems.push([`objectives[${i}].periodEnd`, `${o.periodEnd} is before the start ${o.periodStart}`]);
  });
  doc.keyResults.forEach((k, i) => {
    ref(`keyResults[${i}].objectiveId`, k.objectiveId, objectiveIds, "an objective");
  });
  doc.ideaObjectives.forEach((l, i) => {
    ref(`ideaObjectives[${i}].ideaId`, l.ideaId, ideaIds, "an idea");
    ref(`ideaObjectives[${i}].objectiveId`, l.objectiveId, objectiveIds, "an objective");
  });
  doc.teamCapacity.forEach((c, i) => {
    ref(`teamCapacity[${i}].teamId`, c.teamId, teamIds, "a team");
  });
  doc.timeOff.forEach((t, i) => {
    ref(`timeOff[${i}].userId`, t.userId, userIds, "a user");
    if (t.endDate < t.startDate)
      problems.push([`timeOff[${i}].endDate`, `${t.endDate} is before the start ${t.startDate}`]);
  });
  const highest = new Map<string, number>();
  for (const v of doc.roadmapVersions)
    highest.set(v.roadmapId, Math.max(highest.get(v.roadmapId) ?? 0, v.number));
  doc.roadmaps.forEach((r, i) => {
    ref(`roadmaps[${i}].productId`, r.productId, productIds, "a product");
    const top = highest.get(r.id) ?? 0;
    if (r.nextVersionNumber <= top)
      problems.push([`roadmaps[${i}].nextVersionNumber`, `must be above ${top}, the highest version number`]);
  });
  const roadmapOf = new Map<string, string>();
  doc.roadmapItems.forEach((it, i) => {
    ref(`roadmapItems[${i}].roadmapId`, it.roadmapId, roadmapIds, "a roadmap");
    ref(`roadmapItems[${i}].ideaId`, it.ideaId, ideaIds, "an idea");
    if (it.kind === "initiative" && it.ideaId !== null)
      problems.push([
        `roadmapItems[${i}].ideaId`,
        "an initiative groups ideas through links, it has no ideaId",
      ]);
    roadmapOf.set(it.id, it.roadmapId);
  });
  doc.roadmapItemEfforts.forEach((e, i) => {
    ref(`roadmapItemEfforts[${i}].itemId`, e.itemId, itemIds, "a roadmap item");
    ref(`roadmapItemEfforts[${i}].teamId`, e.teamId, teamIds, "a team");
  });
  const targets = {
    objective: [objectiveIds, "an objective"],
    key_result: [keyResultIds, "a key result"],
    idea: [ideaIds, "an idea"],
  } as const;
  doc.roadmapItemLinks.forEach((l, i) => {
    ref(`roadmapItemLinks[${i}].itemId`, l.itemId, itemIds, "a roadmap item");
    const [ids, what] = targets[l.kind];
    ref(`roadmapItemLinks[${i}].targetId`, l.targetId, ids, what);
  });
  /** An item of this roadmap: the item must exist and belong to the roadmap named beside it. */
  const itemOf = (path: string, itemId: string | null, roadmapId: string) => {
    if (itemId === null) return;
    const owner = roadmapOf.get(itemId);
    if (owner === undefined) problems.push([path, `${itemId} is not a roadmap item in this file`]);
    else if (owner !== roadmapId) problems.push([path, `${itemId} is an item of another roadmap`]);
  };
  doc.roadmapDependencies.forEach((d, i) => {
    ref(`roadmapDependencies[${i}].roadmapId`, d.roadmapId, roadmapIds, "a roadmap");
    itemOf(`roadmapDependencies[${i}].beforeId`, d.beforeId, d.roadmapId);
    itemOf(`roadmapDependencies[${i}].afterId`, d.afterId, d.roadmapId);
    if (d.beforeId === d.afterId)
      problems.push([`roadmapDependencies[${i}]`, "an item cannot depend on itself"]);
  });
  const cyclic = cycleMembers(doc.roadmapDependencies.filter((d) => d.beforeId !== d.afterId));
  if (cyclic.length)
    problems.push(["roadmapDependencies", `a dependency cycle through the items ${cyclic.join(", ")}`]);
  doc.roadmapMilestones.forEach((m, i) => {
    ref(`roadmapMilestones[${i}].roadmapId`, m.roadmapId, roadmapIds, "a roadmap");
    itemOf(`roadmapMilestones[${i}].itemId`, m.itemId, m.roadmapId);
  });
  doc.roadmapChanges.forEach((c, i) => {
    ref(`roadmapChanges[${i}].roadmapId`, c.roadmapId, roadmapIds, "a roadmap");
    ref(`roadmapChanges[${i}].actorId`, c.actorId, userIds, "a user");
    // The item may have been deleted since (the log keeps its "deleted" entry), but not moved to another roadmap.
    const owner = roadmapOf.get(c.itemId);
    if (owner !== undefined && owner !== c.roadmapId)
      problems.push([`roadmapChanges[${i}].itemId`, `${c.itemId} is an item of another roadmap`]);
  });
  doc.roadmapVersions.forEach((v, i) => {
    ref(`roadmapVersions[${i}].roadmapId`, v.roadmapId, roadmapIds, "a roadmap");
    ref(`roadmapVersions[${i}].createdBy`, v.createdBy, userIds, "a user");
  });
  doc.planProposals.forEach((p, i) => {
    ref(`planProposals[${i}].roadmapId`, p.roadmapId, roadmapIds, "a roadmap");
    ref(`planProposals[${i}].createdBy`, p.createdBy, userIds, "a user");
  });
  return { roadmapIds, versionRoadmap: new Map(doc.roadmapVersions.map((v) => [v.id, v.roadmapId])) };
}

/** Items on a dependency cycle (Kahn's algorithm: what is never freed lies on or behind a cycle). */
function cycleMembers(deps: { beforeId: string; afterId: string }[]): string[] {
  const incoming = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const d of deps) {
    incoming.set(d.afterId, (incoming.get(d.afterId) ?? 0) + 1);
    if (!incoming.has(d.beforeId)) incoming.set(d.beforeId, 0);
    next.set(d.beforeId, [...(next.get(d.beforeId) ?? []), d.afterId]);
  }
  const ready = [...incoming].filter(([, n]) => n === 0).map(([id]) => id);
  while (ready.length) {
    const id = ready.pop() as string;
    incoming.delete(id);
    for (const n of next.get(id) ?? []) {
      const left = (incoming.get(n) ?? 1) - 1;
      incoming.set(n, left);
      if (left === 0) ready.push(n);
    }
  }
  return [...incoming.keys()].sort();
}

/** The changelog and close the loop (version 6): ids and the keys the database keeps unique, references. */
function checkLoopReferences(
  doc: ExportDocument,
  ids: {
    userIds: Set<string>;
    ideaIds: Set<string>;
    productIds: Set<string>;
    feedbackIds: Set<string>;
    outboxIds: Set<string>;
  },
  unique: (section: string, keys: (string | null)[]) => Set<string>,
  ref: (at: string, id: string | null, within: Set<string>, what: string) => void,
) {
  const itemIds = new Set(doc.roadmapItems.map((r) => r.id));
  const peopleIds = new Set(doc.people.map((p) => p.id));
  const entryIds = unique(
    "changelogEntries",
    doc.changelogEntries.map((e) => e.id),
  );
  doc.changelogEntries.forEach((e, i) => {
    ref(`changelogEntries[${i}].productId`, e.productId, ids.productIds, "a product");
    ref(`changelogEntries[${i}].createdBy`, e.createdBy, ids.userIds, "a user");
  });
  unique(
    "changelogLinks",
    doc.changelogLinks.map((l) => l.id),
  );
  unique(
    "changelogLinks",
    doc.changelogLinks.map((l) => (l.ideaId ? `${l.entryId}/idea ${l.ideaId}` : null)),
  );
  unique(
    "changelogLinks",
    doc.changelogLinks.map((l) => (l.roadmapItemId ? `${l.entryId}/item ${l.roadmapItemId}` : null)),
  );
  doc.changelogLinks.forEach((l, i) => {
    ref(`changelogLinks[${i}].entryId`, l.entryId, entryIds, "a changelog entry");
    ref(`changelogLinks[${i}].ideaId`, l.ideaId, ids.ideaIds, "an idea");
    ref(`changelogLinks[${i}].roadmapItemId`, l.roadmapItemId, itemIds, "a roadmap item");
  });
  const campaignIds = unique(
    "loopCampaigns",
    doc.loopCampaigns.map((c) => c.id),
  );
  unique(
    "loopCampaigns",
    doc.loopCampaigns.map((c) => (c.status === "draft" ? `draft of ${c.ideaId}` : null)),
  );
  doc.loopCampaigns.forEach((c, i) => {
    ref(`loopCampaigns[${i}].ideaId`, c.ideaId, ids.ideaIds, "an idea");
    ref(`loopCampaigns[${i}].changelogEntryId`, c.changelogEntryId, entryIds, "a changelog entry");
    ref(`loopCampaigns[${i}].createdBy`, c.createdBy, ids.userIds, "a user");
    ref(`loopCampaigns[${i}].sentBy`, c.sentBy, ids.userIds, "a user");
  });
  const sendIds = unique(
    "loopSends",
    doc.loopSends.map((s) => s.id),
  );
  unique(
    "loopSends",
    doc.loopSends.map((s) => (s.personId ? `${s.ideaId}/${s.personId}` : null)),
  );
  doc.loopSends.forEach((s, i) => {
    ref(`loopSends[${i}].campaignId`, s.campaignId, campaignIds, "a campaign");
    ref(`loopSends[${i}].ideaId`, s.ideaId, ids.ideaIds, "an idea");
    ref(`loopSends[${i}].personId`, s.personId, peopleIds, "a customer");
    ref(`loopSends[${i}].outboxId`, s.outboxId, ids.outboxIds, "an outbox message");
  });
  unique(
    "loopSendItems",
    doc.loopSendItems.map((x) => `${x.sendId}/${x.itemId}`),
  );
  doc.loopSendItems.forEach((x, i) => {
    ref(`loopSendItems[${i}].sendId`, x.sendId, sendIds, "a send");
    ref(`loopSendItems[${i}].itemId`, x.itemId, ids.feedbackIds, "a feedback item");
  });
  unique(
    "customerUnsubscribes",
    doc.customerUnsubscribes.map((u) => u.id),
  );
  unique(
    "customerUnsubscribes",
    doc.customerUnsubscribes.map((u) => u.personId),
  );
  doc.customerUnsubscribes.forEach((u, i) => {
    ref(`customerUnsubscribes[${i}].personId`, u.personId, peopleIds, "a customer");
  });
}

import type { PgTable } from "drizzle-orm/pg-core";
import * as comp from "../../db/schema.competitors.ts";
import { companies, feedbackItems, feedbackLinks, people } from "../../db/schema.feedback.ts";
import { ideaScoreHistory, scoreSettings } from "../../db/schema.history.ts";
import * as hol from "../../db/schema.holidays.ts";
import * as loop from "../../db/schema.loop.ts";
import { feedbackMessages, replyTemplates } from "../../db/schema.mail-in.ts";
import * as roadmap from "../../db/schema.roadmap.ts";
import * as signoff from "../../db/schema.signoff.ts";
import { feedbackSources } from "../../db/schema.sources.ts";
import { feedbackThemeDismissals, feedbackThemeItems, feedbackThemes } from "../../db/schema.themes.ts";
import * as core from "../../db/schema.ts";
import type { Section } from "./transfer.schema.ts";

/**
 * The one list that drives export and import (docs/DECISIONS.md, "One table list drives the transfer"). Each
 * section of the document is one table; its exported columns are the keys of its zod schema
 * (transfer.schema*.ts), read from the table's columns of the same name. A table added to the database must
 * appear here or in EXCLUDED_TABLES below: transfer.tables.test.ts compares both lists with every table of
 * src/server/db/schema*.ts, and every column with the section's schema.
 *
 * Adding a table: its zod schema in transfer.schema*.ts (and a new formatVersion with its upgrade), one line
 * here naming the columns that point at other sections (`refs`: ids follow remaps on import, user columns list
 * the accounts to export), then its reference checks in transfer.validate.ts.
 */

/** Sections whose rows have their own id (claimed on import, replaced when taken), and the users. */
export type IdTarget = Section | "users" | "workspaces";

export interface TableSpec {
  table: PgTable;
  /** The format version that added the section. */
  since: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  /** Sort order of the section in the document, and the keyset of a stepped read (exported columns). */
  key: string[];
  /** Columns naming a row of another section (or an account): remapped on import. */
  refs?: Record<string, IdTarget>;
  /** Optional references without a foreign key: exported as null when their row is gone (refs name the table). */
  orNull?: string[];
  /** Columns left out of the file, each with why (secrets, counters the instance keeps, delivery state). */
  skip?: Record<string, string>;
  /** JSON values that name rows by id anywhere inside (audit values, snapshots): ids follow remaps. */
  deep?: string[];
  /** Texts that name rows by id (links, job keys, mail): ids follow remaps. */
  texts?: string[];
  /** Rows per insert statement (narrow rows in bulk; default 500). */
  batch?: number;
  /** Written last, in one short transaction, when the import runs in steps (they make the workspace live). */
  last?: boolean;
  /** An identity column exported as the row's place in the workspace (1, 2, 3…); import lets the database number. */
  seq?: string;
  /** A table read beside this one (same workspace, `id` = its `ideaId`) whose columns the section carries. */
  join?: PgTable;
  /** Only some rows travel (a filter in transfer.queries.ts). */
  filter?: "pendingJobs" | "ratingsOfLiveIdeas" | "linksWithTarget" | "latestSnapshots";
}

const at = ["createdAt", "id"];
const users = "users" as const;

/** Every section, in import order (referenced rows first): the order of SECTIONS. */
export const TABLES: Record<Section, TableSpec> = {
  // The accounts the workspace's rows name (transfer.queries.ts), matched by e-mail on import.
  users: {
    table: core.users,
    since: 1,
    key: ["id"],
    skip: {
      passwordHash: "a secret: imported accounts get an unusable password and reset it",
      isInstanceAdmin: "a role on this instance, not in the workspace",
      createdAt: "the account's, not the workspace's",
      updatedAt: "the account's, not the workspace's",
    },
  },
  memberships: {
    table: core.memberships,
    since: 1,
    key: ["createdAt", "userId"],
    refs: { userId: users },
    last: true,
  },
  products: {
    table: core.products,
    since: 1,
    key: at,
    refs: { managerId: users },
    skip: { ideasVersion: "a change counter of this instance; a new product starts at 0" },
  },
  teams: { table: core.teams, since: 1, key: at, refs: { leadId: users } },
  teamMembers: {
    table: core.teamMembers,
    since: 1,
    key: ["createdAt", "teamId", "userId"],
    refs: { teamId: "teams", userId: users },
  },
  invitations: {
    table: core.invitations,
    since: 1,
    key: at,
    refs: { invitedBy: users, acceptedBy: users },
    skip: { tokenHash: "a secret: imported links are dead (a fresh random hash nobody holds)" },
  },
  auditEvents: {
    table: core.auditEvents,
    since: 1,
    key: ["at", "id"],
    refs: { actorId: users },
    deep: ["before", "after"],
  },
  outbox: {
    table: core.outbox,
    since: 1,
    key: at,
    texts: ["text", "html"],
    skip: {
      attempts: "delivery state of this instance",
      lastError: "delivery state of this instance",
      headers: "threading headers of a reply to a customer (the item's conversation keeps the Message-IDs)",
    },
  },
  factors: { table: core.factors, since: 2, key: at, refs: { productId: "products" } },
  ideas: {
    table: core.ideas,
    join: core.ideaScores,
    since: 2,
    key: at,
    refs: {
      productId: "products",
      ownerId: users,
      createdBy: users,
      mergedIntoId: "ideas",
      scoredRoundId: "rounds",
    },
    orNull: ["mergedIntoId", "scoredRoundId"],
  },
  rounds: { table: core.rounds, since: 2, key: at, refs: { productId: "products", createdBy: users } },
  roundIdeas: {
    table: core.roundIdeas,
    since: 2,
    key: ["roundId", "ideaId"],
    refs: { roundId: "rounds", ideaId: "ideas" },
    batch: 5000,
  },
  roundVoters: {
    table: core.roundVoters,
    since: 2,
    key: ["roundId", "userId"],
    refs: { roundId: "rounds", userId: users, teamId: "teams" },
    orNull: ["teamId"],
  },
  ratings: {
    table: core.ratings,
    since: 2,
    key: ["roundId", "voterId", "ideaId", "factorId"],
    refs: { roundId: "rounds", voterId: users, ideaId: "ideas", factorId: "factors" },
    filter: "ratingsOfLiveIdeas",
    batch: 5000,
  },
  ideaComments: {
    table: core.ideaComments,
    since: 2,
    key: at,
    refs: { ideaId: "ideas", authorId: users, roundId: "rounds" },
    orNull: ["roundId"],
  },
  ideaWatchers: {
    table: core.ideaWatchers,
    since: 2,
    key: ["ideaId", "userId"],
    refs: { ideaId: "ideas", userId: users },
    batch: 2000,
  },
  savedViews: {
    table: core.savedViews,
    since: 2,
    key: at,
    refs: { productId: "products", ownerId: users },
    deep: ["config"],
  },
  notifications: { table: core.notifications, since: 2, key: at, refs: { userId: users }, texts: ["link"] },
  jobs: {
    table: core.jobs,
    since: 2,
    key: at,
    texts: ["key"],
    deep: ["payload"],
    filter: "pendingJobs",
    last: true,
    skip: { lockedUntil: "a claim of this instance's runner", doneAt: "only pending jobs travel" },
  },
  objectives: {
    table: roadmap.objectives,
    since: 3,
    key: at,
    refs: { productId: "products", ownerId: users },
  },
  keyResults: { table: roadmap.keyResults, since: 3, key: at, refs: { objectiveId: "objectives" } },
  ideaObjectives: {
    table: roadmap.ideaObjectives,
    since: 3,
    key: ["ideaId", "objectiveId"],
    refs: { ideaId: "ideas", objectiveId: "objectives" },
    batch: 5000,
  },
  teamCapacity: {
    table: roadmap.teamCapacity,
    since: 3,
    key: ["teamId", "month"],
    refs: { teamId: "teams" },
    batch: 2000,
  },
  timeOff: { table: roadmap.timeOff, since: 3, key: at, refs: { userId: users } },
  roadmaps: {
    table: roadmap.roadmaps,
    since: 3,
    key: at,
    refs: { productId: "products" },
    skip: { feedTokenHash: "the calendar feed's secret: an imported roadmap has its feed off" },
  },
  roadmapItems: {
    table: roadmap.roadmapItems,
    since: 3,
    key: at,
    refs: { roadmapId: "roadmaps", ideaId: "ideas" },
  },
  roadmapItemEfforts: {
    table: roadmap.roadmapItemEfforts,
    since: 3,
    key: ["itemId", "teamId"],
    refs: { itemId: "roadmapItems", teamId: "teams" },
    batch: 5000,
  },
  // targetId names an objective, a key result or an idea by `kind` (remapped in transfer.service.ts).
  roadmapItemLinks: {
    table: roadmap.roadmapItemLinks,
    since: 3,
    key: ["itemId", "kind", "targetId"],
    refs: { itemId: "roadmapItems" },
    filter: "linksWithTarget",
    batch: 5000,
  },
  roadmapDependencies: {
    table: roadmap.roadmapDependencies,
    since: 3,
    key: ["beforeId", "afterId"],
    refs: { roadmapId: "roadmaps", beforeId: "roadmapItems", afterId: "roadmapItems" },
    batch: 5000,
  },
  roadmapMilestones: {
    table: roadmap.roadmapMilestones,
    since: 3,
    key: at,
    refs: { roadmapId: "roadmaps", itemId: "roadmapItems" },
  },
  // A change may name an item deleted since (no foreign key): its id stays as it was.
  roadmapChanges: {
    table: roadmap.roadmapChanges,
    since: 3,
    key: at,
    refs: { roadmapId: "roadmaps", itemId: "roadmapItems", actorId: users },
    deep: ["changes"],
  },
  // Approved versions (baselines) are written whole, once: a trigger refuses any later change to them.
  roadmapVersions: {
    table: roadmap.roadmapVersions,
    since: 3,
    key: at,
    refs: { roadmapId: "roadmaps", createdBy: users, signoffId: "signoffs" },
    orNull: ["signoffId"],
    deep: ["snapshot"],
    batch: 50,
  },
  planProposals: {
    table: roadmap.planProposals,
    since: 3,
    key: at,
    refs: { roadmapId: "roadmaps", createdBy: users },
    deep: ["settings", "result"],
  },
  signoffs: {
    table: signoff.signoffs,
    since: 4,
    key: at,
    refs: {
      roadmapId: "roadmaps",
      versionId: "roadmapVersions",
      baselineVersionId: "roadmapVersions",
      createdBy: users,
    },
    orNull: ["baselineVersionId"],
  },
  signoffApprovers: {
    table: signoff.signoffApprovers,
    since: 4,
    key: ["signoffId", "userId"],
    refs: {
      signoffId: "signoffs",
      userId: users,
      viaTeamId: "teams",
      decidedVersionId: "roadmapVersions",
    },
    orNull: ["viaTeamId", "decidedVersionId"],
  },
  signoffEvents: {
    table: signoff.signoffEvents,
    since: 4,
    key: ["seq", "id"],
    refs: { signoffId: "signoffs", actorId: users },
    seq: "seq",
  },
  // A comment keeps naming an item that left the roadmap since.
  signoffComments: {
    table: signoff.signoffComments,
    since: 4,
    key: ["seq", "id"],
    refs: { signoffId: "signoffs", itemId: "roadmapItems", userId: users },
    seq: "seq",
  },
  companies: { table: companies, since: 5, key: at },
  people: { table: people, since: 5, key: at, refs: { companyId: "companies" } },
  feedbackItems: {
    table: feedbackItems,
    since: 5,
    key: at,
    refs: {
      personId: "people",
      companyId: "companies",
      userId: users,
      sentimentBy: users,
      assigneeId: users,
      createdBy: users,
    },
    // source_id names the connection an item came through: a polled source's id (or a mailbox's).
    texts: ["sourceId"],
  },
  feedbackLinks: {
    table: feedbackLinks,
    since: 5,
    key: at,
    refs: { itemId: "feedbackItems", ideaId: "ideas", createdBy: users },
  },
  feedbackSources: {
    table: feedbackSources,
    since: 5,
    key: at,
    refs: { productId: "products", createdBy: users },
    skip: {
      leaseUntil: "a poll in progress on this instance",
      lastNewAt: "poll state: set again by the next poll that brings a new item",
    },
  },
  scoreSettings: {
    table: scoreSettings,
    since: 6,
    key: ["productId"],
    refs: { productId: "products", updatedBy: users },
  },
  // A history row keeps naming a round deleted since: exported as null (no foreign key).
  ideaScoreHistory: {
    table: ideaScoreHistory,
    since: 6,
    key: ["at", "id"],
    refs: { ideaId: "ideas", roundId: "rounds" },
    orNull: ["roundId"],
    batch: 2000,
  },
  feedbackThemes: {
    table: feedbackThemes,
    since: 6,
    key: at,
    refs: { createdBy: users },
  },
  feedbackThemeItems: {
    table: feedbackThemeItems,
    since: 6,
    key: ["themeId", "itemId"],
    refs: { themeId: "feedbackThemes", itemId: "feedbackItems", addedBy: users },
    batch: 2000,
  },
  feedbackThemeDismissals: {
    table: feedbackThemeDismissals,
    since: 6,
    key: ["itemId"],
    refs: { itemId: "feedbackItems", dismissedBy: users },
    batch: 2000,
  },
  // A conversation keeps naming a reply whose outbox row is gone (no foreign key): exported as null.
  feedbackMessages: {
    table: feedbackMessages,
    since: 6,
    key: at,
    refs: { itemId: "feedbackItems", outboxId: "outbox", sentBy: users },
    orNull: ["outboxId"],
    texts: ["messageId"],
  },
  replyTemplates: { table: replyTemplates, since: 6, key: at, refs: { createdBy: users } },
  changelogEntries: {
    table: loop.changelogEntries,
    since: 6,
    key: at,
    refs: { productId: "products", createdBy: users },
  },
  changelogLinks: {
    table: loop.changelogLinks,
    since: 6,
    key: at,
    refs: { entryId: "changelogEntries", ideaId: "ideas", roadmapItemId: "roadmapItems" },
  },
  // A campaign keeps naming a changelog entry deleted since (no foreign key): exported as null.
  loopCampaigns: {
    table: loop.loopCampaigns,
    since: 6,
    key: at,
    refs: { ideaId: "ideas", changelogEntryId: "changelogEntries", createdBy: users, sentBy: users },
    orNull: ["changelogEntryId"],
  },
  // A send outlives its person (deleted or merged away: null) and names its outbox message when it is still there.
  loopSends: {
    table: loop.loopSends,
    since: 6,
    key: at,
    refs: { campaignId: "loopCampaigns", ideaId: "ideas", personId: "people", outboxId: "outbox" },
    orNull: ["personId", "outboxId"],
    texts: ["text"],
  },
  loopSendItems: {
    table: loop.loopSendItems,
    since: 6,
    key: ["sendId", "itemId"],
    refs: { sendId: "loopSends", itemId: "feedbackItems" },
    batch: 2000,
  },
  customerUnsubscribes: {
    table: loop.customerUnsubscribes,
    since: 6,
    key: ["unsubscribedAt", "id"],
    refs: { personId: "people" },
    orNull: ["personId"],
  },
  competitors: { table: comp.competitors, since: 7, key: at, refs: { createdBy: users } },
  competitorLogos: {
    table: comp.competitorLogos,
    since: 7,
    key: ["competitorId"],
    refs: { competitorId: "competitors" },
  },
  competitorProducts: {
    table: comp.competitorProducts,
    since: 7,
    key: ["competitorId", "productId"],
    refs: { competitorId: "competitors", productId: "products" },
  },
  competitorWatchers: {
    table: comp.competitorWatchers,
    since: 7,
    key: ["competitorId", "userId"],
    refs: { competitorId: "competitors", userId: users },
  },
  monitors: {
    table: comp.monitors,
    since: 7,
    key: at,
    refs: { competitorId: "competitors", createdBy: users },
    skip: { leaseUntil: "a check in progress on this instance" },
  },
  // Only each monitor's latest snapshot: the next check compares with it; every change carries its own diff.
  monitorSnapshots: {
    table: comp.monitorSnapshots,
    since: 7,
    key: ["fetchedAt", "id"],
    refs: { monitorId: "monitors" },
    filter: "latestSnapshots",
  },
  competitorChanges: {
    table: comp.competitorChanges,
    since: 7,
    key: ["detectedAt", "id"],
    refs: { monitorId: "monitors", competitorId: "competitors", reviewedBy: users },
    skip: {
      fromSnapshotId: "snapshots are pruned to the latest per monitor on export; the change keeps its diff",
      toSnapshotId: "snapshots are pruned to the latest per monitor on export; the change keeps its diff",
    },
  },
  competitorChangeIdeas: {
    table: comp.competitorChangeIdeas,
    since: 7,
    key: ["changeId", "ideaId"],
    refs: { changeId: "competitorChanges", ideaId: "ideas", createdBy: users },
  },
  // Cards, prices and cells keep naming the change they came from while it exists (no foreign key).
  swotCards: {
    table: comp.swotCards,
    since: 7,
    key: at,
    refs: { competitorId: "competitors", changeId: "competitorChanges", createdBy: users },
    orNull: ["changeId"],
  },
  pricingPlans: { table: comp.pricingPlans, since: 7, key: at, refs: { competitorId: "competitors" } },
  pricingHistory: {
    table: comp.pricingHistory,
    since: 7,
    key: ["observedAt", "id"],
    refs: { planId: "pricingPlans", changeId: "competitorChanges", createdBy: users },
    orNull: ["changeId"],
  },
  battlecardSections: {
    table: comp.battlecardSections,
    since: 7,
    key: ["competitorId", "section"],
    refs: { competitorId: "competitors", updatedBy: users },
  },
  capabilities: {
    table: comp.capabilities,
    since: 7,
    key: at,
    refs: { productId: "products", ideaId: "ideas", roadmapItemId: "roadmapItems", createdBy: users },
  },
  capabilityCells: {
    table: comp.capabilityCells,
    since: 7,
    key: ["capabilityId", "competitorId"],
    refs: {
      capabilityId: "capabilities",
      competitorId: "competitors",
      verifiedBy: users,
      changeId: "competitorChanges",
    },
    orNull: ["changeId"],
    batch: 2000,
  },
  holidayCalendars: { table: hol.holidayCalendars, since: 8, key: at },
  holidays: { table: hol.holidays, since: 8, key: at, refs: { calendarId: "holidayCalendars" }, batch: 2000 },
  teamHolidayCalendars: {
    table: hol.teamHolidayCalendars,
    since: 8,
    key: ["teamId"],
    refs: { teamId: "teams", calendarId: "holidayCalendars" },
  },
};

/** Tables that are not exported, and why. Anything else in src/server/db/schema*.ts must be in TABLES. */
export const EXCLUDED_TABLES: Record<string, string> = {
  // The workspace row itself is the document's `workspace` (its planRev is a counter of this instance).
  workspaces: "the document's workspace object, not a section",
  // Security state: secrets and counters of this instance, never carried to another.
  sessions: "log-in sessions (secrets)",
  password_resets: "reset links (secrets)",
  rate_limits: "log-in and mail rate counters of this instance",
  auth_devices: "known-device cookies (secrets)",
  login_attempts: "the log-in attempt log of this instance",
  api_tokens: "personal API tokens (secrets): create new ones",
  share_links: "read-only share links (secrets, only their hashes are stored): create new ones",
  // Personal delivery settings, kept per instance (docs/DECISIONS.md #11).
  mail_preferences: "each member's mail preference on this instance",
  feedback_source_secrets: "a polled source's tokens (secrets): set them again after an import",
  mail_inboxes:
    "the workspace's secret inbound mail address: an imported workspace gets a new one on first use",
  instance_secrets: "the instance's own keys (the unsubscribe links' HMAC key), not a workspace's",
  // Carried inside the ideas section (an idea's scores, rank and stats).
  idea_scores: "exported on each idea (TABLES.ideas.join)",
};

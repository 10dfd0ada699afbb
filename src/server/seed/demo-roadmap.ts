import {
  CreateObjectiveSchema,
  CreateRoadmapItemSchema,
  CreateRoadmapSchema,
  CreateTimeOffSchema,
  type UpdateRoadmapItem,
} from "../../shared/roadmap.schemas.ts";
import type { WorkspaceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import { createTimeOff, putCapacity } from "../modules/capacity/capacity.service.ts";
import { createObjective, setIdeaObjectives } from "../modules/objectives/objectives.service.ts";
import { createItem, createMilestone, updateItem } from "../modules/roadmaps/items.service.ts";
import { createRoadmap } from "../modules/roadmaps/roadmaps.service.ts";
import { createVersion } from "../modules/roadmaps/versions.service.ts";

/**
 * Northwind's 2027 plan for the Mobile app: three objectives with key results (some progress), capacity from
 * the teams' people (two leaves and a hand-set month), and a quarterly roadmap of 12 items — ten of the top ideas
 * (one not scored yet, valued by hand) and two initiatives grouping others — with efforts, dependencies and
 * milestones. The "Kick-off draft" version
 * is saved, then the plan moves on with reasons, so comparing the draft with the current plan tells a story:
 * Parts lookup pulled into Q1 (Engineering is now over capacity there), Route optimisation pushed to Q3 (past its
 * target date), translations dropped, photo capture re-sized. Some items fail SMART checks on purpose (a thin
 * problem statement, no metric, no objective, no period) so every badge has something to show.
 *
 * Capacity is in person-days. Engineering is Marcus (50%), Kenji and Amara (50%): about 120 days a quarter,
 * less Kenji's two weeks off in February.
 */

type People = Record<string, string>;
type Teams = Record<
  "Engineering" | "Product Design" | "Quality Assurance" | "Documentation" | "Customer Operations",
  string
>;

const Q1 = "2027-01-01";
const Q2 = "2027-04-01";
const Q3 = "2027-07-01";
const Q4 = "2027-10-01";

export async function seedDemoRoadmap(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  people: People,
  teams: Teams,
  ideas: { id: string; title: string }[],
) {
  const as = (who: string): WorkspaceContext => ({ ...ctx, userId: people[who] });
  const idea = (start: string) => {
    const found = ideas.find((i) => i.title.startsWith(start));
    if (!found) throw new Error(`demo idea "${start}" is missing`);
    return found.id;
  };

  // ---- objectives
  const retention = await createObjective(
    db,
    ctx,
    CreateObjectiveSchema.parse({
      title: "Keep new accounts past day 30",
      description:
        "New accounts that are still active after 30 days renew at 3× the rate of the others. Most early churn comes from technicians losing work in the field.",
      ownerId: people.dana,
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      importance: 5,
      keyResults: [
        {
          title: "Day-30 retention of new accounts",
          metricName: "accounts active on day 30",
          unit: "%",
          baseline: 62,
          target: 75,
          current: 66,
          dueDate: "2027-12-31",
        },
        {
          title: "Lost-work tickets",
          metricName: "support tickets about lost jobs or photos, per week",
          baseline: 40,
          target: 5,
          current: 31,
          dueDate: "2027-06-30",
        },
      ],
    }),
  );
  const firstVisit = await createObjective(
    db,
    as("priya"),
    CreateObjectiveSchema.parse({
      productId,
      title: "Technicians finish the job in one visit",
      description: "Everything a technician needs on site is in the app, even without coverage.",
      ownerId: people.priya,
      periodStart: "2027-01-01",
      periodEnd: "2027-06-30",
      importance: 4,
      keyResults: [
        {
          title: "First-time fix rate",
          metricName: "jobs closed in the first visit",
          unit: "%",
          baseline: 71,
          target: 80,
          current: 73.5,
          dueDate: "2027-06-30",
        },
        {
          title: "App store rating",
          metricName: "average rating (iOS and Android)",
          unit: "★",
          baseline: 3.9,
          target: 4.5,
          dueDate: "2027-06-30",
        },
      ],
    }),
  );
  const enterprise = await createObjective(
    db,
    ctx,
    CreateObjectiveSchema.parse({
      title: "Win enterprise field-service teams",
      ownerId: people.chloe,
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      importance: 3,
      keyResults: [
        {
          title: "Enterprise accounts signed",
          metricName: "accounts with 200+ technicians",
          baseline: 4,
          target: 12,
          current: 6,
          dueDate: "2027-12-31",
        },
      ],
    }),
  );
  const [retentionKr, lostWorkKr] = retention.keyResults;
  const [firstFixKr, ratingKr] = firstVisit.keyResults;
  const pm = as("priya");
  await setIdeaObjectives(db, pm, idea("Offline job list"), [retention.id, firstVisit.id]);
  await setIdeaObjectives(db, pm, idea("SSO with Okta"), [enterprise.id]);
  await setIdeaObjectives(db, pm, idea("Route optimisation"), [firstVisit.id]);
  await setIdeaObjectives(db, pm, idea("Job history"), [firstVisit.id]);
  await setIdeaObjectives(db, pm, idea("Parts lookup"), [firstVisit.id]);
  await setIdeaObjectives(db, pm, idea("Battery saver"), [retention.id]);
  await setIdeaObjectives(db, pm, idea("Customer rating"), [retention.id]);

  // ---- capacity: derived from the teams' people, with a leave and one month set by hand
  await createTimeOff(
    db,
    as("marcus"),
    CreateTimeOffSchema.parse({
      userId: people.kenji,
      startDate: "2027-02-15",
      endDate: "2027-02-26",
      note: "Parental leave",
    }),
  );
  await createTimeOff(
    db,
    as("sofia"),
    CreateTimeOffSchema.parse({
      userId: people.sofia,
      startDate: "2027-08-02",
      endDate: "2027-08-13",
      note: "Holiday",
    }),
  );
  await putCapacity(db, as("marcus"), {
    cells: [
      { teamId: teams.Engineering, month: "2027-07-01", capacity: 30, note: "Summer: half the team away" },
    ],
  });

  // ---- the roadmap
  const roadmap = await createRoadmap(
    db,
    pm,
    CreateRoadmapSchema.parse({
      productId,
      name: "2027 plan",
      description: "What Northwind Mobile ships in 2027, by quarter. Reviewed with leadership every quarter.",
      periodKind: "quarter",
      startMonth: "2027-01",
      horizon: 4,
      laneBy: "team",
    }),
  );
  const { Engineering: eng, "Product Design": design, "Quality Assurance": qa } = teams;
  const docs = teams.Documentation;
  const ops = teams["Customer Operations"];
  const add = (input: Record<string, unknown>) =>
    createItem(db, pm, roadmap.id, CreateRoadmapItemSchema.parse(input));

  const offline = await add({
    kind: "idea",
    ideaId: idea("Offline job list"),
    problem:
      "Technicians who restart their phone in a basement lose the day's job list and have to call the office to get it back.",
    outcome:
      "The job list survives a reboot and a day without coverage; nobody calls the office to recover it.",
    theme: "Offline",
    status: "in_progress",
    period: Q1,
    targetDate: "2027-03-31",
    successMetric: "Lost-job-list tickets per week",
    successTarget: "from 40 to under 5",
    keyResultIds: [lostWorkKr.id, retentionKr.id],
    efforts: [
      { teamId: eng, effort: 55 },
      { teamId: qa, effort: 15 },
      { teamId: docs, effort: 3 },
    ],
    reason: "Top of the ranked backlog; support's biggest ticket driver",
  });
  const sso = await add({
    kind: "idea",
    ideaId: idea("SSO with Okta"),
    problem:
      "Enterprise IT teams will not roll the app out to hundreds of technicians without single sign-on through their identity provider.",
    outcome: "Fabrikam and the next two enterprise prospects sign in with Okta or Azure AD from day one.",
    theme: "Enterprise",
    status: "planned",
    period: Q1,
    targetDate: "2027-03-31",
    pinned: true,
    successMetric: "Enterprise deals blocked on SSO",
    successTarget: "0 by the end of Q1",
    efforts: [
      { teamId: eng, effort: 35 },
      { teamId: qa, effort: 8 },
      { teamId: ops, effort: 5 },
    ],
    reason: "Contract commitment to Fabrikam",
  });
  const photos = await add({
    kind: "idea",
    ideaId: idea("Photo capture"),
    problem: "Photos are too big.", // thin on purpose: fails "Specific"; no metric, no objective
    outcome: "Smaller photos.",
    theme: "Offline",
    status: "planned",
    period: Q1,
    efforts: [
      { teamId: eng, effort: 15 },
      { teamId: qa, effort: 5 },
    ],
  });
  await add({
    kind: "idea",
    ideaId: idea("Job history"),
    // Not scored in a round yet: the PM sets its value by hand.
    valueOverride: 60,
    problem:
      "On a repeat visit the technician cannot see what was done last time, so they redo diagnostics the previous visit already ran.",
    outcome: "Every job opens with the site's last five visits, their notes and the parts used.",
    theme: "On site",
    status: "planned",
    period: Q2,
    targetDate: "2027-06-30",
    keyResultIds: [firstFixKr.id],
    efforts: [
      { teamId: eng, effort: 25 },
      { teamId: design, effort: 10 },
      { teamId: qa, effort: 6 },
    ],
  });
  const reminders = await add({
    kind: "idea",
    ideaId: idea("Push reminder"),
    problem:
      "Customers are not home when the technician arrives because the appointment was booked weeks ago and nobody reminded them.",
    outcome: "Customers get a reminder an hour before the visit and can say they will be late.",
    theme: "Notifications",
    status: "planned",
    period: Q2,
    successMetric: "Visits where the customer is absent",
    successTarget: "below 3%",
    efforts: [
      { teamId: eng, effort: 12 },
      { teamId: qa, effort: 4 },
    ],
  });
  const routes = await add({
    kind: "idea",
    ideaId: idea("Route optimisation"),
    problem:
      "Dispatchers order the day's jobs by hand, so technicians cross town several times and fit one job less per day.",
    outcome: "Less driving.", // fails "Specific": an outcome of two words
    theme: "Routing",
    status: "planned",
    period: Q2,
    targetDate: "2027-06-30",
    successMetric: "Kilometres driven per job",
    successTarget: "−15%",
    efforts: [
      { teamId: eng, effort: 50 },
      { teamId: design, effort: 12 },
      { teamId: qa, effort: 10 },
    ],
    dependsOn: [offline.id],
  });
  const parts = await add({
    kind: "idea",
    ideaId: idea("Parts lookup"),
    problem:
      "Technicians read part numbers off worn labels and order the wrong part in one case out of eight, which costs a second visit.",
    outcome: "Scanning the barcode finds the part, its stock in the van and the nearest warehouse.",
    theme: "On site",
    status: "planned",
    period: Q3,
    targetDate: "2027-09-30",
    keyResultIds: [firstFixKr.id],
    efforts: [
      { teamId: eng, effort: 20 },
      { teamId: qa, effort: 5 },
    ],
  });
  await add({
    kind: "idea",
    ideaId: idea("In-app chat"),
    problem:
      "Technicians phone the dispatcher for every question about a job, and the answers are lost when the call ends.",
    outcome: "Questions and answers about a job live on the job, readable by the next technician too.",
    theme: "Notifications",
    status: "candidate",
    period: Q3,
    successMetric: "Calls to dispatch per job",
    successTarget: "halved",
    efforts: [
      { teamId: eng, effort: 30 },
      { teamId: design, effort: 10 },
      { teamId: qa, effort: 6 },
      { teamId: ops, effort: 4 },
    ],
    dependsOn: [reminders.id],
  });
  await add({
    kind: "idea",
    ideaId: idea("Safety checklist"),
    problem:
      "Customers in regulated industries need proof that every technician ran the safety checklist before starting work.",
    outcome: "The job cannot start until the checklist is signed, and the record is attached to the report.",
    theme: "Compliance",
    status: "planned",
    period: Q3,
    successMetric: "Jobs started with a completed checklist",
    successTarget: "100% for regulated accounts",
    efforts: [
      { teamId: eng, effort: 12 },
      { teamId: design, effort: 6 },
      { teamId: qa, effort: 4 },
    ],
  });
  const translations = await add({
    kind: "idea",
    ideaId: idea("Spanish and Portuguese"),
    theme: "Growth",
    status: "planned",
    period: Q4,
    efforts: [
      { teamId: docs, effort: 20 },
      { teamId: eng, effort: 6 },
      { teamId: qa, effort: 6 },
    ],
  });
  await add({
    kind: "initiative",
    title: "Comfortable on a twelve-hour shift",
    problem:
      "Technicians on twelve-hour shifts run out of battery by mid-afternoon, squint at a white screen at night and type notes with gloves on.",
    outcome:
      "The app lasts a full shift on a three-year-old phone, has a dark theme, and takes notes by voice.",
    theme: "Reliability",
    status: "planned",
    period: Q4,
    targetDate: "2027-12-15",
    ideaIds: [idea("Battery saver"), idea("Dark theme"), idea("Voice notes")],
    keyResultIds: [ratingKr.id],
    efforts: [
      { teamId: eng, effort: 35 },
      { teamId: design, effort: 15 },
      { teamId: qa, effort: 8 },
    ],
    dependsOn: [offline.id],
  });
  await add({
    kind: "initiative",
    title: "Close the visit on the spot",
    problem:
      "After the visit the technician still fills in paper for the signature, the customer's rating and the time sheet.",
    outcome: "Signature, rating and hours are captured in the app before the technician leaves the site.",
    theme: "On site",
    status: "candidate", // not planned yet: "Achievable" and "Time-bound" fail until it gets a period
    ideaIds: [idea("Customer signature"), idea("Customer rating"), idea("Time sheet export")],
    objectiveIds: [firstVisit.id],
    efforts: [
      { teamId: eng, effort: 25 },
      { teamId: design, effort: 8 },
      { teamId: qa, effort: 6 },
      { teamId: ops, effort: 3 },
    ],
  });

  await createMilestone(db, pm, roadmap.id, {
    itemId: offline.id,
    title: "Offline beta with 20 technicians",
    description: "Two Fabrikam regions and our own field team.",
    date: "2027-02-15",
  });
  await createMilestone(db, pm, roadmap.id, {
    itemId: sso.id,
    title: "Fabrikam go-live on SSO",
    description: "Contractual date.",
    date: "2027-03-31",
  });
  await createMilestone(db, pm, roadmap.id, {
    itemId: null,
    title: "Spring release to all accounts",
    description: "",
    date: "2027-06-15",
  });
  await createVersion(db, pm, roadmap.id, {
    name: "Kick-off draft",
    note: "As agreed at the 2027 kick-off.",
  });

  return {
    objectives: 3,
    roadmaps: 1,
    items: 12,
    /** What changes after the kick-off: moved by `moveDemoRoadmap`, in a later transaction. */
    later: { routes, parts, translations, photos, eng, qa, roadmapId: roadmap.id },
  };
}

/**
 * The plan after the kick-off, each change with its reason. Run in a transaction after the one that saved the
 * "Kick-off draft": a transaction's rows share one timestamp, and a comparison shows the reasons recorded after
 * the version was saved.
 */
export async function moveDemoRoadmap(
  db: Db,
  ctx: WorkspaceContext,
  later: Awaited<ReturnType<typeof seedDemoRoadmap>>["later"],
) {
  const { routes, parts, translations, photos, eng, qa } = later;
  // Only the fields that change (not parsed with the update schema, whose defaults would fill the others).
  const move = (item: { id: string; version: number }, change: Omit<UpdateRoadmapItem, "version">) =>
    updateItem(db, ctx, item.id, { version: item.version, ...change });
  await move(routes, {
    period: Q3,
    reason: "The maps provider contract will not be signed before May; sizing is a guess until then",
  });
  await move(parts, {
    period: Q1,
    reason: "Fabrikam's warehouse pilot starts in March and needs barcode lookup",
  });
  await move(translations, { status: "dropped", reason: "Iberian expansion postponed to 2028" });
  await move(photos, {
    efforts: [
      { teamId: eng, effort: 22 },
      { teamId: qa, effort: 5 },
    ],
    reason: "The spike showed HEIC conversion on Android needs a native module",
  });
}

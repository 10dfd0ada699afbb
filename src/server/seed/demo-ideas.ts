import type { WorkspaceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import { DAY, systemClock } from "../lib/clock.ts";
import { getFactorSet } from "../modules/factors/factors.service.ts";
import { addComment } from "../modules/ideas/collab.service.ts";
import { createIdea, pinIdea } from "../modules/ideas/ideas.service.ts";
import { castRatings, closeRound, createRound } from "../modules/rounds/rounds.service.ts";

/**
 * Demo backlog of Northwind Mobile: ideas with RICE inputs, one closed round with results, one open round.
 * Returns the ideas in creation order (the roadmap seed plans them).
 */

// [title, tags, reach, impact, confidence, effort, profile: business, happiness, ops ease, effort (1–5)]
const IDEAS: [string, string[], number, number, number, number, [number, number, number, number]][] = [
  ["Offline job list that survives a reboot", ["offline", "technicians"], 9000, 3, 80, 8, [5, 5, 4, 4]],
  ["Photo capture with automatic compression", ["photos"], 7000, 2, 90, 3, [4, 4, 3, 2]],
  ["Customer signature in landscape mode", ["signatures", "ux"], 3000, 1, 100, 1, [2, 4, 2, 1]],
  ["Route optimisation for the day's jobs", ["routing", "ai"], 6000, 3, 50, 13, [5, 4, 3, 5]],
  ["Dark theme", ["ux"], 5000, 0.5, 90, 2, [1, 3, 1, 2]],
  ["Parts lookup by barcode scan", ["inventory"], 4000, 2, 80, 5, [4, 3, 4, 3]],
  ["Push reminder before the next appointment", ["notifications"], 8000, 1, 70, 2, [3, 4, 3, 2]],
  ["SSO with Okta and Azure AD", ["enterprise", "auth"], 2500, 3, 90, 5, [5, 2, 3, 3]],
  ["Time sheet export to payroll", ["integrations", "ops"], 1500, 2, 60, 5, [3, 2, 5, 3]],
  ["Voice notes on a job", ["notes"], 3500, 1, 50, 3, [2, 3, 2, 2]],
  ["Safety checklist before starting work", ["compliance"], 6000, 2, 80, 3, [4, 3, 4, 2]],
  ["In-app chat with the dispatcher", ["dispatch"], 7000, 2, 60, 8, [4, 4, 5, 4]],
  ["Spanish and Portuguese translations", ["i18n"], 2000, 2, 90, 5, [3, 4, 2, 3]],
  ["Customer rating after the visit", ["feedback"], 9000, 1, 80, 2, [3, 3, 2, 1]],
  ["Attach PDF manuals to equipment", ["docs"], 2500, 1, 70, 2, [2, 3, 3, 2]],
  ["Tablet layout with split view", ["ux", "tablet"], 1200, 1, 80, 5, [2, 3, 1, 3]],
  ["Battery saver for long shifts", ["performance"], 8000, 1, 60, 5, [3, 4, 2, 3]],
  ["Mileage tracking", ["ops"], 3000, 1, 70, 3, [2, 2, 4, 2]],
  ["Job history of the customer's site", ["history"], 6500, 2, 90, 3, [4, 4, 4, 2]],
  ["Apple Watch glance of the next job", ["wearables"], 600, 0.5, 40, 5, [1, 2, 1, 3]],
];

// Voters lean differently: marketing cares about happiness, operations about ease, engineering about effort.
const BIAS: Record<string, [number, number, number, number]> = {
  chloe: [0, 1, -1, -1],
  rahul: [0, 0, 1, 0],
  marcus: [0, -1, 0, 1],
  lena: [-1, 1, 0, 0],
  priya: [0, 0, 0, 0],
};
const clamp = (v: number) => Math.max(1, Math.min(5, v));

export async function seedDemoBacklog(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  people: Record<string, string>,
) {
  const ideas = [];
  for (const [i, [title, tags, reach, impact, confidence, effort]] of IDEAS.entries()) {
    ideas.push(
      await createIdea(db, { ...ctx, userId: people.priya }, productId, {
        title,
        description: `**Why.** Requested by ${3 + ((i * 7) % 19)} customer accounts.\n\n**Outcome.** Technicians finish jobs faster and with fewer return visits.`,
        status: i < 3 ? "planned" : "new",
        ownerId: i % 3 === 0 ? people.priya : null,
        tags,
        links: [],
        inputs: {
          reach,
          impact,
          confidence,
          effort,
          ease: Math.max(1, 10 - effort),
          businessValue: 8,
          timeCriticality: 3,
          riskReduction: 2,
          jobSize: effort,
        },
      }),
    );
  }
  const { factors } = await getFactorSet(db, ctx.workspaceId, productId);
  const now = systemClock.now().getTime();
  const voters = ["chloe", "rahul", "marcus", "lena", "priya"];
  const scored = ideas.slice(0, 14);
  const closed = await createRound(
    db,
    ctx,
    {
      productId,
      name: "Q1 2027 priorities",
      description: "Rate each idea on every factor; abstain where you cannot judge.",
      ideaIds: scored.map((i) => i.id),
      voterIds: voters.map((v) => people[v]),
      teamIds: [],
      deadline: new Date(now + 2 * DAY).toISOString(),
      showOthers: false,
    },
    systemClock,
    null,
  );
  for (const [vi, v] of voters.entries()) {
    const ratings = scored.flatMap((idea, ii) =>
      factors.map((f, fi) => {
        if (v === "marcus" && fi === 1 && ii % 4 === 0)
          return {
            ideaId: idea.id,
            factorId: f.id,
            value: null,
            abstainReason: "Can't judge customer happiness here",
          };
        const wobble = ((ii * 3 + vi * 5 + fi) % 3) - 1;
        return {
          ideaId: idea.id,
          factorId: f.id,
          value: clamp(IDEAS[ii][6][fi] + BIAS[v][fi] + (wobble > 0 && ii % 2 ? 1 : 0)),
          abstainReason: null,
        };
      }),
    );
    if (v === "lena") ratings.splice(ratings.length - 8); // Lena didn't get to the last two ideas
    await castRatings(
      db,
      { ...ctx, userId: people[v], role: "stakeholder" },
      closed.id,
      { ratings },
      systemClock,
    );
  }
  await closeRound(db, ctx, closed.id, "manual", null);
  await pinIdea(db, { ...ctx, userId: people.dana }, ideas[7].id, {
    rank: 2,
    reason: "Contract commitment to Fabrikam (signed 2026-10)",
  });
  await addComment(
    db,
    { ...ctx, userId: people.rahul },
    ideas[0].id,
    {
      body: "Support gets ~40 tickets a week from technicians who lost their job list after a reboot.",
      mentions: [people.priya],
      roundId: null,
    },
    null,
  );
  await addComment(
    db,
    { ...ctx, userId: people.kenji },
    ideas[3].id,
    {
      body: "Route optimisation needs a maps provider contract first: sizing is a guess until then.",
      mentions: [],
      roundId: closed.id,
    },
    null,
  );

  const open = await createRound(
    db,
    ctx,
    {
      productId,
      name: "Sync & notifications deep-dive",
      description: "A quick round on the ideas that came in this month.",
      ideaIds: ideas.slice(12).map((i) => i.id),
      voterIds: [people.dana, people.chloe, people.rahul],
      teamIds: [],
      deadline: new Date(now + 6 * DAY).toISOString(),
      showOthers: true,
    },
    systemClock,
    null,
  );
  await castRatings(
    db,
    { ...ctx, userId: people.rahul, role: "stakeholder" },
    open.id,
    {
      ratings: ideas.slice(12, 16).flatMap((idea) =>
        factors.map((f, fi) => ({
          ideaId: idea.id,
          factorId: f.id,
          value: 2 + (fi % 3),
          abstainReason: null,
        })),
      ),
    },
    systemClock,
  );
  return { ideas: ideas.map((i) => ({ id: i.id, title: i.title })), rounds: 2 };
}

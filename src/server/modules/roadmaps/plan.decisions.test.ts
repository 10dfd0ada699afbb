import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../lib/clock.ts";
import { addUser, type Client, type TestApp } from "../../test/app.ts";
import { planningWorkspace } from "../../test/planning.ts";

/**
 * Decision traps around the auto-planner (issue 12), on a tiny workspace worked out by hand.
 * The clock stands on 2027-01-15, so Q1 2027 is the first plannable quarter. One team, Platform, with Ana at
 * 100%: Q1 = 21 + 20 + 23 = 64 person-days, Q2 = 22 + 21 + 22 = 65.
 */
let t: TestApp;
let owner: Client;
let w: string;
let platform: { id: string };
let roadmap: { id: string };
let product: { id: string };
const clock = manualClock("2027-01-15T09:00:00Z");

beforeAll(async () => {
  ({ t, owner, w, team: platform, roadmap, product } = await planningWorkspace(clock));
});
afterAll(() => t.close());

type Move = { itemId: string; to: string | null; reason: string; overrules?: string | null };

describe("human decisions and the planner", () => {
  it("keeps a move recorded with a reason, and names the reason when the PM lets it overrule one", async () => {
    const base = `${w}/roadmaps/${roadmap.id}`;
    const mk = (title: string, period: string) =>
      owner.ok(
        "POST",
        `${base}/items`,
        { title, period, efforts: [{ teamId: platform.id, effort: 30 }], valueOverride: 10 },
        201,
      );
    // Both fit Q1 (30 + 30 ≤ 64): the optimum (same value, earlier is better) moves both back to Q1.
    const contract = await mk("Bank contract", "2027-01");
    const other = await mk("Dark mode", "2027-01");
    const move = (item: { id: string; version: number }, reason: string) =>
      owner.ok("PATCH", `${w}/roadmap-items/${item.id}`, {
        version: item.version,
        period: "2027-04",
        reason,
      });
    const moved = await move(contract, "contract not signed before May");
    await move(other, ""); // a move without a reason is not a decision the planner must keep
    const settings = { scope: "all", weightByObjective: false, timeLimitSeconds: 5 };

    const kept = await owner.ok("POST", `${base}/plan`, settings, 201);
    const keptTo = new Map(kept.moves.map((m: Move) => [m.itemId, m.to]));
    expect(keptTo.has(moved.id)).toBe(false);
    expect(keptTo.get(other.id)).toBe("2027-01-01");
    expect(kept.keptDecisions).toEqual([
      {
        itemId: moved.id,
        title: "Bank contract",
        period: "2027-04-01",
        reason: "contract not signed before May",
      },
    ]);

    // Opt in for this item: the planner may move it, and its move names the decision it overrules.
    const over = await owner.ok("POST", `${base}/plan`, { ...settings, overrideItemIds: [moved.id] }, 201);
    const m = over.moves.find((x: Move) => x.itemId === moved.id) as Move;
    expect(m.to).toBe("2027-01-01");
    expect(m.overrules).toBe("contract not signed before May");
    expect(m.reason).toBe(
      `Overrules a person's decision to place it in Q2 2027 ("contract not signed before May"): Earlier, to Q1 2027: capacity is free there (value 10)`,
    );
    expect(over.keptDecisions).toEqual([]);
    // The same with the roadmap-wide switch.
    const all = await owner.ok("POST", `${base}/plan`, { ...settings, overrideHumanMoves: true }, 201);
    expect(all.moves.find((x: Move) => x.itemId === moved.id)?.overrules).toBe(
      "contract not signed before May",
    );

    // Once the PM accepts the planner's move, it is the latest move: no human decision is left to keep.
    await owner.ok("POST", `${w}/plans/${over.id}/apply`, { itemIds: [moved.id] });
    const after = await owner.ok("POST", `${base}/plan`, settings, 201);
    expect(after.keptDecisions).toEqual([]);
  });
});

describe("ideas follow the roadmap", () => {
  const idea = async (title: string) =>
    owner.ok("POST", `${w}/products/${product.id}/ideas`, { title }, 201) as Promise<{ id: string }>;
  const statusOf = async (id: string) => (await owner.ok("GET", `${w}/ideas/${id}`)).status as string;
  const patch = async (item: { id: string }, body: Record<string, unknown>) => {
    const now = await owner.ok("GET", `${w}/roadmap-items/${item.id}`);
    return owner.ok("PATCH", `${w}/roadmap-items/${item.id}`, { version: now.version, ...body });
  };

  it("plans, starts and ships an item's idea, with the roadmap as the cause in its history", async () => {
    const base = `${w}/roadmaps/${roadmap.id}`;
    const a = await idea("Offline mode");
    expect(await statusOf(a.id)).toBe("new");
    const item = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "idea", ideaId: a.id, period: "2027-04" },
      201,
    );
    expect(await statusOf(a.id)).toBe("planned");
    const history = await owner.ok("GET", `${w}/ideas/${a.id}/activity`);
    const last = history.items[0];
    expect(last.action).toBe("idea.status_from_roadmap");
    expect(last.before).toEqual({ status: "new" });
    expect(last.after).toMatchObject({
      status: "planned",
      cause: "roadmap",
      roadmapId: roadmap.id,
      itemId: item.id,
      title: "Offline mode",
    });
    await patch(item, { status: "in_progress" });
    expect(await statusOf(a.id)).toBe("in_progress");
    await patch(item, { status: "done" });
    expect(await statusOf(a.id)).toBe("shipped");
    // Done → back in progress does not take "shipped" away: the roadmap only moves ideas forward.
    await patch(item, { status: "in_progress" });
    expect(await statusOf(a.id)).toBe("shipped");
  });

  it("hands a dropped item's ideas back, unless a person changed their status since", async () => {
    const base = `${w}/roadmaps/${roadmap.id}`;
    const b = await idea("Receipt export");
    const c = await idea("Split bill");
    const bNow = await owner.ok("GET", `${w}/ideas/${b.id}`);
    await owner.ok("PATCH", `${w}/ideas/${b.id}`, { version: bNow.version, status: "under_review" });
    // An initiative grouping both ideas, placed in Q2.
    const item = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "initiative", title: "Payments polish", ideaIds: [b.id, c.id], period: "2027-04" },
      201,
    );
    expect([await statusOf(b.id), await statusOf(c.id)]).toEqual(["planned", "planned"]);
    // A person sets C back to "under review" by hand: a later explicit decision the roadmap must not undo.
    const cNow = await owner.ok("GET", `${w}/ideas/${c.id}`);
    await owner.ok("PATCH", `${w}/ideas/${c.id}`, { version: cNow.version, status: "under_review" });
    await patch(item, { status: "dropped", reason: "no budget" });
    // B returns to the status it had before the roadmap planned it; C keeps the person's choice.
    expect(await statusOf(b.id)).toBe("under_review");
    expect(await statusOf(c.id)).toBe("under_review");
  });
});

describe("one truth for capacity: the planner, the heat map and SMART", () => {
  it("keeps every month of a quarter within capacity, and Achievable names the overloaded month", async () => {
    // Mobile: Bo at 100%, away 2027-02-01..02-12 (10 weekdays). Months: Jan 21, Feb 20 − 10 = 10, Mar 23;
    // Q1 = 54 in total. An item of 45 spreads 15 a month: the quarter fits (45 ≤ 54), February does not
    // (15 > 10). Per month, Q1 holds at most 3 · min(21, 10, 23) = 30; Q2 holds 3 · min(22, 21, 22) = 63.
    const bo = await addUser(owner, "contributor", owner.wid, "Bo");
    const mobile = await owner.ok("POST", `${w}/teams`, { name: "Mobile", discipline: "engineering" }, 201);
    await owner.ok("PUT", `${w}/teams/${mobile.id}/members/${bo.userId}`, { allocationPct: 100 });
    await owner.ok(
      "POST",
      `${w}/time-off`,
      { userId: bo.userId, startDate: "2027-02-01", endDate: "2027-02-12", note: "Leave" },
      201,
    );
    const base = `${w}/roadmaps/${roadmap.id}`;
    const x = await owner.ok(
      "POST",
      `${base}/items`,
      { title: "Widget", efforts: [{ teamId: mobile.id, effort: 45 }], valueOverride: 10 },
      201,
    );
    const plan = await owner.ok(
      "POST",
      `${base}/plan`,
      { scope: "unplanned", weightByObjective: false, timeLimitSeconds: 5 },
      201,
    );
    expect(plan.moves.find((m: Move) => m.itemId === x.id)?.to).toBe("2027-04-01");
    // Placed in Q1 by hand, the heat map's quarter shows 45 of 54, and Achievable names February.
    const moved = await owner.ok("PATCH", `${w}/roadmap-items/${x.id}`, {
      version: x.version,
      period: "2027-01",
    });
    expect(moved.smart.achievable).toEqual({
      ok: false,
      reason:
        "Mobile is over capacity in Feb 2027 (Q1 2027, effort spread evenly over its months): 15 of 10 person-days planned",
    });
    const view = await owner.ok("GET", base);
    const cell = view.load.find(
      (l: { teamId: string; period: string }) => l.teamId === mobile.id && l.period === "2027-01-01",
    );
    expect([cell.capacity, cell.load]).toEqual([54, 45]);
  });
});

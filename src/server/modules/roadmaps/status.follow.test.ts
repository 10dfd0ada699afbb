import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRows } from "../../db/hot.ts";
import { manualClock } from "../../lib/clock.ts";
import type { Client, TestApp } from "../../test/app.ts";
import { planningWorkspace } from "../../test/planning.ts";

/**
 * Trap 6 of issue 12: idea status follows the roadmap, and the roadmap follows a shipped idea. Planning (by hand
 * and by accepting a plan), starting, finishing and dropping an item set its ideas' status; a person shipping
 * every idea of an item finishes it. Each change is in the history (idea activity, roadmap change log, audit),
 * and nothing loops: every status change is recorded once.
 */
let t: TestApp;
let owner: Client;
let w: string;
let team: { id: string };
let roadmap: { id: string };
let product: { id: string };
const clock = manualClock("2027-01-15T09:00:00Z");

beforeAll(async () => {
  ({ t, owner, w, team, roadmap, product } = await planningWorkspace(clock));
});
afterAll(() => t.close());

type Audit = { action: string; entityId: string; before: unknown; after: unknown };

const idea = async (title: string) =>
  owner.ok("POST", `${w}/products/${product.id}/ideas`, { title }, 201) as Promise<{ id: string }>;
const statusOf = async (id: string) => (await owner.ok("GET", `${w}/ideas/${id}`)).status as string;
const itemStatus = async (id: string) => (await owner.ok("GET", `${w}/roadmap-items/${id}`)).status as string;
const patchItem = async (id: string, body: Record<string, unknown>) => {
  const now = await owner.ok("GET", `${w}/roadmap-items/${id}`);
  return owner.ok("PATCH", `${w}/roadmap-items/${id}`, { version: now.version, ...body });
};
const setIdea = async (id: string, status: string) => {
  const now = await owner.ok("GET", `${w}/ideas/${id}`);
  return owner.ok("PATCH", `${w}/ideas/${id}`, { version: now.version, status });
};
const audit = async (action: string, entityId: string) =>
  (await owner.ok("GET", `${w}/audit?action=${action}&entityId=${entityId}&limit=100`)).items as Audit[];

describe("idea status follows the roadmap", () => {
  it("plans an idea when its candidate is placed (by hand or by an accepted plan), starts, finishes and drops", async () => {
    const base = `${w}/roadmaps/${roadmap.id}`;
    const a = await idea("Offline mode");
    // A candidate without a period does not plan its idea.
    const item = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "idea", ideaId: a.id, efforts: [{ teamId: team.id, effort: 5 }], valueOverride: 10 },
      201,
    );
    expect(await statusOf(a.id)).toBe("new");
    // The planner proposes a period; accepting it plans the idea.
    const plan = await owner.ok(
      "POST",
      `${base}/plan`,
      { scope: "unplanned", weightByObjective: false, timeLimitSeconds: 5 },
      201,
    );
    expect(plan.moves.find((m: { itemId: string }) => m.itemId === item.id)?.to).toBe("2027-01-01");
    await owner.ok("POST", `${w}/plans/${plan.id}/apply`, { reason: "Plan accepted" });
    expect(await statusOf(a.id)).toBe("planned");
    await patchItem(item.id, { status: "in_progress" });
    expect(await statusOf(a.id)).toBe("in_progress");
    await patchItem(item.id, { status: "done" });
    expect(await statusOf(a.id)).toBe("shipped");
    // Each step is one entry of the idea's history, with the item as the cause.
    const steps = (await audit("idea.status_from_roadmap", a.id)).reverse();
    expect(steps.map((e) => [e.before, (e.after as { status: string }).status])).toEqual([
      [{ status: "new" }, "planned"],
      [{ status: "planned" }, "in_progress"],
      [{ status: "in_progress" }, "shipped"],
    ]);
    expect(steps.every((e) => (e.after as { itemId: string }).itemId === item.id)).toBe(true);

    // Dropping an item hands its (planned) idea back to the status it had before.
    const b = await idea("Dark theme");
    await setIdea(b.id, "under_review");
    const dropped = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "idea", ideaId: b.id, period: "2027-04" },
      201,
    );
    expect(await statusOf(b.id)).toBe("planned");
    await patchItem(dropped.id, { status: "dropped", reason: "No budget" });
    expect(await statusOf(b.id)).toBe("under_review");
  });

  it("finishes an item when a person ships all its ideas, once, without a loop", async () => {
    const base = `${w}/roadmaps/${roadmap.id}`;
    const d = await idea("Receipts");
    const e = await idea("Split bill");
    const f = await idea("Tip jar");
    const initiative = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "initiative", title: "Payments", ideaIds: [d.id, e.id], period: "2027-04" },
      201,
    );
    const single = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "idea", ideaId: f.id, period: "2027-04" },
      201,
    );
    await patchItem(initiative.id, { status: "in_progress" });
    expect([await statusOf(d.id), await statusOf(e.id)]).toEqual(["in_progress", "in_progress"]);

    // One of two ideas shipped: the initiative goes on.
    await setIdea(d.id, "shipped");
    expect(await itemStatus(initiative.id)).toBe("in_progress");
    // The second one too: the initiative is done, with the reason in its change log and audit.
    await setIdea(e.id, "shipped");
    expect(await itemStatus(initiative.id)).toBe("done");
    const updates = await audit("roadmap_item.update", initiative.id);
    expect(updates[0]).toMatchObject({ before: { status: "in_progress" }, after: { status: "done" } });
    const log = await rawRows<{ reason: string; changes: Record<string, unknown> }>(
      t.database.db,
      "SELECT reason, changes FROM roadmap_changes WHERE workspace_id = $1 AND item_id = $2 ORDER BY created_at",
      [owner.wid, initiative.id],
    );
    expect(log.at(-1)).toEqual({
      reason: "All its ideas shipped",
      changes: { status: ["in_progress", "done"] },
    });
    // No loop: finishing synced the ideas to "shipped", which they were; the roadmap wrote no status of theirs.
    for (const id of [d.id, e.id]) {
      const fromRoadmap = (await audit("idea.status_from_roadmap", id)).map(
        (x) => (x.after as { status: string }).status,
      );
      expect(fromRoadmap.sort()).toEqual(["in_progress", "planned"]);
      expect(await statusOf(id)).toBe("shipped");
    }
    expect(updates.filter((u) => (u.after as { status?: string }).status === "done")).toHaveLength(1);

    // A bulk status change ships an idea-kind item's idea: the item is done.
    await owner.ok("POST", `${w}/products/${product.id}/ideas/bulk`, {
      ids: [f.id],
      set: { status: "shipped" },
    });
    expect(await itemStatus(single.id)).toBe("done");
    // Declining an idea finishes nothing (no idea of the item shipped).
    const g = await idea("Loyalty points");
    const other = await owner.ok(
      "POST",
      `${base}/items`,
      { kind: "idea", ideaId: g.id, period: "2027-07" },
      201,
    );
    await setIdea(g.id, "declined");
    expect(await itemStatus(other.id)).toBe("candidate");
  });
});

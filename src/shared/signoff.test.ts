import { describe, expect, it } from "vitest";
import type { Period, SnapshotItem } from "./roadmap.schemas.ts";
import {
  allRequiredApproved,
  baselineOf,
  capacityEffect,
  changedIds,
  formatDeadline,
  relevantChanges,
} from "./signoff.ts";

const ok = { ok: true, reason: null };
const item = (
  id: string,
  period: string | null,
  efforts: [string, number][],
  status = "planned",
): SnapshotItem => ({
  id,
  title: id,
  kind: "idea",
  ideaId: null,
  problem: "",
  outcome: "",
  description: "",
  theme: "",
  status: status as SnapshotItem["status"],
  period,
  targetDate: null,
  pinned: false,
  successMetric: "",
  successTarget: "",
  value: 0,
  efforts: efforts.map(([teamId, effort]) => ({ teamId, effort })),
  objectiveIds: [],
  keyResultIds: [],
  ideaIds: [],
  dependsOn: [],
  smart: { specific: ok, measurable: ok, achievable: ok, relevant: ok, timeBound: ok },
});
const Q1: Period = { key: "2027-01-01", label: "Q1 2027", start: "2027-01-01", end: "2027-04-01" };
const Q2: Period = { key: "2027-04-01", label: "Q2 2027", start: "2027-04-01", end: "2027-07-01" };

describe("sign-off rules", () => {
  it("needs every required approval, and at least one required approver", () => {
    expect(
      allRequiredApproved([
        { required: true, decision: "approved" },
        { required: false, decision: "pending" },
      ]),
    ).toBe(true);
    expect(
      allRequiredApproved([
        { required: true, decision: "approved_with_comments" },
        { required: true, decision: "objected" },
      ]),
    ).toBe(false);
    expect(allRequiredApproved([{ required: false, decision: "approved" }])).toBe(false);
  });

  it("withdraws an approval only for changes touching the approver's teams; no team means every change", () => {
    const before = [
      item("a", "2027-01-01", [["P", 10]]),
      item("b", "2027-01-01", [["D", 5]]),
      item("c", null, []),
    ];
    // b moves from Design to Platform: it touches Platform after, Design before — relevant to both.
    const after = [
      item("a", "2027-01-01", [["P", 10]]),
      item("b", "2027-02-01", [["P", 5]]),
      item("d", null, [["D", 1]]),
    ];
    const changed = new Set(["b", "c", "d"]);
    expect(relevantChanges(changed, new Set(["P"]), before, after).sort()).toEqual(["b"]);
    expect(relevantChanges(changed, new Set(["D"]), before, after).sort()).toEqual(["b", "d"]);
    expect(relevantChanges(changed, new Set(), before, after).sort()).toEqual(["b", "c", "d"]);
    expect(
      changedIds({
        added: [{ id: "d", title: "", period: null, reasons: [] }],
        removed: [{ id: "c", title: "", period: null, reasons: [] }],
        moved: [{ id: "b", title: "", from: null, to: null, reasons: [] }],
        changed: [{ id: "b", title: "", fields: [], reasons: [] }],
        unchanged: 1,
      }),
    ).toEqual(new Set(["d", "c", "b"]));
  });

  it("sums each team's effort per period before and after, skipping dropped and unplanned items", () => {
    const before = [
      item("a", "2027-01-01", [["P", 10]]),
      item("b", "2027-05-01", [
        ["P", 4],
        ["D", 2],
      ]),
    ];
    const after = [
      item("a", "2027-02-01", [["P", 12.5]]),
      item("b", "2027-03-01", [
        ["P", 4],
        ["D", 2],
      ]),
      item("x", "2027-01-01", [["P", 99]], "dropped"),
      item("y", null, [["P", 7]]),
    ];
    const cap = (t: string, p: Period) => (t === "P" ? (p.key === Q1.key ? 64 : 65) : null);
    expect(capacityEffect([Q1, Q2], [{ id: "P", name: "Platform" }], before, after, cap)).toEqual([
      {
        teamId: "P",
        teamName: "Platform",
        periods: [
          { key: Q1.key, label: "Q1 2027", capacity: 64, before: 10, after: 16.5 },
          { key: Q2.key, label: "Q2 2027", capacity: 65, before: 4, after: 0 },
        ],
      },
    ]);
  });

  it("shows the deadline in the reader's zone, falling back to UTC for an unknown zone", () => {
    const d = "2027-03-28T16:30:00Z"; // Paris moved to summer time at 01:00 UTC that day
    expect(formatDeadline(d, "Europe/Paris")).toBe("Sun, 28 Mar 2027, 18:30 (Europe/Paris)");
    expect(formatDeadline(d, "America/New_York")).toBe("Sun, 28 Mar 2027, 12:30 (America/New_York)");
    expect(formatDeadline(d, "Mars/Olympus")).toBe("Sun, 28 Mar 2027, 16:30 (UTC)");
  });

  it("takes the version approved last as the baseline, not the highest number", () => {
    const v = (number: number, approvedAt: string | null) => ({ number, approvedAt });
    expect(
      baselineOf([v(3, null), v(2, "2027-01-01T00:00:00.000Z"), v(1, "2027-02-01T00:00:00.000Z")]),
    ).toEqual(v(1, "2027-02-01T00:00:00.000Z"));
    expect(baselineOf([v(1, null)])).toBeNull();
  });
});

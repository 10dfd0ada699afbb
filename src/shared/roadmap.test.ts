import { describe, expect, it } from "vitest";
import type { Period, SnapshotItem } from "./roadmap.schemas.ts";
import {
  addMonths,
  derivedCapacity,
  diffSnapshots,
  evaluateSmart,
  followRoadmap,
  ideaStatusFromItems,
  monthlyLoad,
  type PeriodFrame,
  periodContaining,
  periodIndexOf,
  periodsOf,
  type SmartContext,
  type SmartItem,
  weekdaysBetween,
  wordCount,
  workingDays,
} from "./roadmap.ts";

describe("periods", () => {
  it("counts months across years and labels months, quarters and Now/Next/Later", () => {
    expect(addMonths("2026-11-01", 3)).toBe("2027-02-01");
    expect(addMonths("2027-01-01", -1)).toBe("2026-12-01");
    const q: PeriodFrame = { periodKind: "quarter", startMonth: "2027-01-01", horizon: 4 };
    expect(periodsOf(q).map((p) => p.label)).toEqual(["Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]);
    expect(periodsOf(q)[3]).toMatchObject({ start: "2027-10-01", end: "2028-01-01" });
    // A quarter that starts mid-quarter reads by its months.
    expect(periodsOf({ ...q, startMonth: "2026-11-01", horizon: 1 })[0].label).toBe("Nov–Jan 2027");
    const nnl: PeriodFrame = { periodKind: "nnl", startMonth: "2027-01-01", horizon: 2 };
    expect(periodsOf(nnl).map((p) => `${p.label} ${p.start}`)).toEqual([
      "Now 2027-01-01",
      "Next 2027-03-01",
      "Later 2027-05-01",
    ]);
    const m: PeriodFrame = { periodKind: "month", startMonth: "2027-01-01", horizon: 3 };
    expect(periodsOf(m).map((p) => p.label)).toEqual(["Jan 2027", "Feb 2027", "Mar 2027"]);
  });

  it("finds the period of a day, also outside the horizon", () => {
    const q: PeriodFrame = { periodKind: "quarter", startMonth: "2027-01-01", horizon: 4 };
    expect(periodIndexOf(q, "2027-03-31")).toBe(0);
    expect(periodIndexOf(q, "2027-04-01")).toBe(1);
    expect(periodIndexOf(q, "2026-12-31")).toBe(-1);
    expect(periodIndexOf(q, "2028-02-10")).toBe(4);
    expect(periodContaining(q, "2026-12-31")).toMatchObject({ start: "2026-10-01", end: "2027-01-01" });
  });
});

describe("capacity", () => {
  it("counts weekdays", () => {
    // January 2027 starts on a Friday: 21 weekdays; February 20; March 23.
    expect([workingDays("2027-01-01"), workingDays("2027-02-01"), workingDays("2027-03-01")]).toEqual([
      21, 20, 23,
    ]);
    expect(weekdaysBetween("2027-01-01", "2027-01-04")).toBe(2); // Fri, (Sat, Sun), Mon
    expect(weekdaysBetween("2027-01-05", "2027-01-04")).toBe(0);
  });

  it("derives a team's month from allocation and time off, in person-days and in points", () => {
    const members = [
      { userId: "ana", allocationPct: 100 },
      { userId: "ben", allocationPct: 50 },
    ];
    // Ben is off Jan 29 (Fri) – Feb 2 (Tue): 1 weekday in January, 2 in February.
    const off = [{ userId: "ben", startDate: "2027-01-29", endDate: "2027-02-02" }];
    expect(derivedCapacity("2027-01-01", members, off, "person_days", 10)).toBe(21 + 0.5 * 20); // 31
    expect(derivedCapacity("2027-02-01", members, off, "person_days", 10)).toBe(20 + 0.5 * 18); // 29
    // Points: person-days / weekdays × points per person-month = 29 / 20 × 10.
    expect(derivedCapacity("2027-02-01", members, off, "points", 10)).toBe(14.5);
    // Time off longer than the month takes the whole month, never below zero.
    const long = [{ userId: "ana", startDate: "2026-12-01", endDate: "2027-03-31" }];
    expect(derivedCapacity("2027-02-01", members, long, "person_days", 10)).toBe(10);
  });

  it("spreads an item's effort over its period's months and skips dropped items", () => {
    const load = monthlyLoad([
      {
        id: "a",
        status: "planned",
        months: ["2027-01-01", "2027-02-01", "2027-03-01"],
        efforts: [{ teamId: "t", effort: 30 }],
      },
      { id: "b", status: "planned", months: ["2027-02-01"], efforts: [{ teamId: "t", effort: 5 }] },
      { id: "c", status: "dropped", months: ["2027-02-01"], efforts: [{ teamId: "t", effort: 99 }] },
    ]);
    expect(load.get("t|2027-01-01")).toBe(10);
    expect(load.get("t|2027-02-01")).toBe(15);
    expect(load.get("t|2027-03-01")).toBe(10);
  });
});

describe("SMART rules", () => {
  const frame: PeriodFrame = { periodKind: "quarter", startMonth: "2027-01-01", horizon: 4 };
  const good: SmartItem = {
    id: "a",
    title: "Card scanner",
    status: "planned",
    problem: "Shoppers abandon checkout because typing a card on a phone fails too often",
    outcome: "Mobile checkout completes as often as desktop",
    successMetric: "checkout completion",
    successTarget: "70%",
    keyResultIds: [],
    objectiveIds: ["o1"],
    period: "2027-01-01",
    targetDate: null,
    efforts: [{ teamId: "t1", effort: 10 }],
    dependsOn: [],
  };
  const ctxWith = (items: SmartItem[], capacity = 100, load = 50): SmartContext => {
    const byId = new Map(items.map((i) => [i.id, i]));
    return {
      unit: "person_days",
      spanOf: (i) => (i.period ? periodContaining(frame, i.period) : null),
      teamLoad: (_team: string, _p: Period) => ({ capacity, load }),
      teamName: () => "Platform",
      item: (id) => byId.get(id),
    };
  };
  const smart = (patch: Partial<SmartItem>, others: SmartItem[] = [], capacity?: number, load?: number) => {
    const item = { ...good, ...patch };
    return evaluateSmart(item, ctxWith([item, ...others], capacity, load));
  };

  it("passes a well-formed item on all five", () => {
    const s = smart({});
    expect(Object.values(s).map((b) => b.ok)).toEqual([true, true, true, true, true]);
  });

  it("Specific: counts words in any script and refuses an outcome that repeats", () => {
    expect(wordCount("Ça marche — l'équipe n'a pas 2 minutes, 東京 テスト")).toBe(9);
    expect(smart({ problem: "" }).specific.reason).toMatch(/^No problem statement/);
    expect(smart({ problem: "Too slow" }).specific.reason).toBe(
      "The problem statement has 2 words; state it in at least 8",
    );
    expect(smart({ outcome: "Faster" }).specific.reason).toBe(
      "The expected outcome has 1 word; state it in at least 5",
    );
    expect(smart({ outcome: good.problem.toUpperCase() }).specific.reason).toBe(
      "The expected outcome repeats the problem or the title",
    );
  });

  it("Measurable: a metric with a numeric target, or a key result", () => {
    expect(smart({ successMetric: "" }).measurable.reason).toBe("No success metric and no linked key result");
    expect(smart({ successTarget: "much higher" }).measurable.reason).toBe(
      'The success metric "checkout completion" has no numeric target',
    );
    expect(smart({ successMetric: "", keyResultIds: ["kr"] }).measurable.ok).toBe(true);
  });

  it("Achievable: effort, a period, capacity counting everything planned, dependencies landing no later", () => {
    expect(smart({ efforts: [] }).achievable.reason).toBe("No effort estimate for any team");
    expect(smart({ efforts: [{ teamId: "t1", effort: 0 }] }).achievable.reason).toBe(
      "No effort estimate for any team",
    );
    expect(smart({ period: null, targetDate: "2027-03-01" }).achievable.reason).toBe(
      "Not planned in a period, so its capacity cannot be checked",
    );
    expect(smart({}, [], 100, 100).achievable.ok).toBe(true); // exactly full is fine
    expect(smart({}, [], 100, 100.5).achievable.reason).toBe(
      "Platform is over capacity in Q1 2027: 100.5 of 100 person-days planned",
    );
    const dep = (period: string | null, status = "planned"): SmartItem => ({
      ...good,
      id: "d",
      title: "API",
      period,
      status,
    });
    // Same quarter (another month in it) is fine; a later quarter is not; unplanned and dropped are not.
    expect(smart({ dependsOn: ["d"] }, [dep("2027-03-01")]).achievable.ok).toBe(true);
    expect(smart({ dependsOn: ["d"] }, [dep("2026-11-01")]).achievable.ok).toBe(true);
    expect(smart({ dependsOn: ["d"] }, [dep("2027-04-01")]).achievable.reason).toBe(
      'Depends on "API", which lands later (Q2 2027, after Q1 2027)',
    );
    expect(smart({ dependsOn: ["d"] }, [dep(null)]).achievable.reason).toBe(
      'Depends on "API", which is not planned',
    );
    expect(smart({ dependsOn: ["d"] }, [dep("2027-01-01", "dropped")]).achievable.reason).toBe(
      'Depends on "API", which is dropped',
    );
    expect(smart({ dependsOn: ["gone"] }).achievable.reason).toBe("Depends on an item that no longer exists");
  });

  it("Relevant and Time-bound", () => {
    expect(smart({ objectiveIds: [] }).relevant.reason).toBe("Not linked to any objective");
    expect(smart({ period: null, targetDate: null }).timeBound.reason).toBe("No period and no target date");
    expect(smart({ period: null, targetDate: "2027-05-01" }).timeBound.ok).toBe(true);
    expect(smart({ targetDate: "2026-12-15" }).timeBound.reason).toBe(
      "The target date 2026-12-15 falls before its period (Q1 2027) starts",
    );
    expect(smart({ targetDate: "2027-02-15" }).timeBound.ok).toBe(true);
  });
});

describe("version diffs", () => {
  const base: SnapshotItem = {
    id: "a",
    title: "A",
    kind: "initiative",
    ideaId: null,
    problem: "",
    outcome: "",
    description: "",
    theme: "",
    status: "planned",
    period: "2027-01-01",
    targetDate: null,
    pinned: false,
    successMetric: "",
    successTarget: "",
    value: 1,
    efforts: [
      { teamId: "t1", effort: 3 },
      { teamId: "t2", effort: 1 },
    ],
    objectiveIds: ["o1", "o2"],
    keyResultIds: [],
    ideaIds: [],
    dependsOn: [],
    smart: {
      specific: { ok: true, reason: null },
      measurable: { ok: true, reason: null },
      achievable: { ok: true, reason: null },
      relevant: { ok: true, reason: null },
      timeBound: { ok: true, reason: null },
    },
  };

  it("finds added, removed, moved and changed items, ignoring order inside lists", () => {
    const reasons = (id: string) => (id === "a" ? ["Platform full"] : []);
    const to = [
      { ...base, period: "2027-04-01", efforts: [...base.efforts].reverse(), objectiveIds: ["o2", "o1"] },
      { ...base, id: "c", title: "C", period: null },
    ];
    const from = [base, { ...base, id: "b", title: "B" }];
    const d = diffSnapshots(from, to, reasons);
    expect(d.moved).toEqual([
      { id: "a", title: "A", from: "2027-01-01", to: "2027-04-01", reasons: ["Platform full"] },
    ]);
    expect(d.changed).toEqual([]); // reordered efforts and objectives are not changes
    expect(d.added.map((x) => x.id)).toEqual(["c"]);
    expect(d.removed.map((x) => x.id)).toEqual(["b"]);
    const title = diffSnapshots([base], [{ ...base, title: "A2", status: "in_progress" }], () => []);
    expect(title.changed[0].fields.map((f) => f.field)).toEqual(["title", "status"]);
    expect(title.unchanged).toBe(0);
    expect(diffSnapshots([base], [base], () => []).unchanged).toBe(1);
  });
});

describe("ideas follow the roadmap", () => {
  it("derives the idea's status from its items", () => {
    expect(ideaStatusFromItems([])).toBeNull();
    expect(ideaStatusFromItems([{ status: "candidate", period: null }])).toBeNull();
    expect(ideaStatusFromItems([{ status: "candidate", period: "2027-04-01" }])).toBe("planned");
    expect(
      ideaStatusFromItems([
        { status: "dropped", period: "2027-01-01" },
        { status: "in_progress", period: "2027-01-01" },
      ]),
    ).toBe("in_progress");
    expect(ideaStatusFromItems([{ status: "done", period: null }])).toBe("shipped");
  });
  it("moves forward only, and hands back only what it set", () => {
    expect(followRoadmap("new", "planned", null, null)).toBe("planned");
    expect(followRoadmap("under_review", "in_progress", null, null)).toBe("in_progress");
    expect(followRoadmap("shipped", "planned", null, null)).toBeNull(); // never a downgrade
    expect(followRoadmap("declined", "shipped", null, null)).toBeNull();
    expect(followRoadmap("planned", null, "planned", "under_review")).toBe("under_review");
    expect(followRoadmap("planned", null, "planned", null)).toBe("new");
    expect(followRoadmap("planned", null, null, "new")).toBeNull(); // a person set it since
  });
});

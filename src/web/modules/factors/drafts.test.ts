import { describe, expect, it } from "vitest";
import type { FactorDef } from "../../../shared/ideas.schemas.ts";
import { draftsFrom, fitLabels, followServer, serializeDrafts, toInput, validate } from "./drafts.ts";

const factor = (over: Partial<FactorDef> = {}): FactorDef =>
  ({
    id: "f1",
    name: "Impact",
    description: "",
    weight: 3,
    direction: "benefit",
    scaleMin: 1,
    scaleMax: 5,
    labels: [],
    position: 0,
    kind: "rated",
    ...over,
  }) as FactorDef;

describe("factor drafts", () => {
  it("sorts by position, keeps ids only when asked, and gives one label box per scale point", () => {
    const ds = draftsFrom(
      [factor({ id: "b", position: 2, name: "B" }), factor({ id: "a", position: 1, name: "A" })],
      true,
    );
    expect(ds.map((d) => [d.id, d.name])).toEqual([
      ["a", "A"],
      ["b", "B"],
    ]);
    expect(ds[0]!.labels).toHaveLength(5);
    expect(draftsFrom([factor()], false)[0]!.id).toBeUndefined();
    expect(new Set(ds.map((d) => d.key)).size).toBe(2);
  });

  it("fits labels to the scale, keeping what was typed, at most 11", () => {
    expect(fitLabels(["a", "b"], 1, 3)).toEqual(["a", "b", ""]);
    expect(fitLabels(["a", "b", "c"], 1, 2)).toEqual(["a", "b"]);
    expect(fitLabels([], 0, 100)).toHaveLength(11);
  });

  it("sends trimmed values, and no labels when every box is empty", () => {
    const [d] = draftsFrom([factor({ name: " Impact " })], true);
    expect(toInput(d!)).toMatchObject({ id: "f1", name: "Impact", labels: [] });
    expect(toInput({ ...d!, labels: [" x", "y", "z", "u", "v"] }).labels).toEqual(["x", "y", "z", "u", "v"]);
  });

  it("validates names, weights, scales and half-filled labels", () => {
    const [d] = draftsFrom([factor()], true);
    expect(validate([d!])).toEqual({});
    expect(validate([{ ...d!, name: " ", weight: 0, scaleMax: 1, labels: ["a", "", "", "", ""] }])).toEqual({
      "factors.0.name": "Name the factor",
      "factors.0.weight": "Weights are positive",
      "factors.0.scaleMax": "The top must be above the bottom",
      "factors.0.labels": "Give one label per scale point, or none",
    });
    expect(validate([])).toEqual({ factors: "Keep at least one factor" });
  });
});

describe("followServer", () => {
  it("takes the server's factors when nothing was edited", () => {
    const before = draftsFrom([factor()], true);
    const after = draftsFrom([factor({ weight: 5 })], true);
    const next = followServer({ drafts: before, baseline: serializeDrafts(before) }, after);
    expect(next.drafts).toBe(after);
    expect(next.baseline).toBe(serializeDrafts(after));
  });

  it("keeps unsaved edits, against the server's new baseline", () => {
    const before = draftsFrom([factor()], true);
    const edited = [{ ...before[0]!, name: "Reach" }];
    const after = draftsFrom([factor({ weight: 5 })], true);
    const next = followServer({ drafts: edited, baseline: serializeDrafts(before) }, after);
    expect(next.drafts).toBe(edited);
    expect(next.baseline).toBe(serializeDrafts(after));
  });

  it("keeps a factor's kind and allows one factor of each computed kind", () => {
    const ds = draftsFrom(
      [
        factor({ id: "a", kind: "customer_demand" }),
        factor({ id: "b", name: "B", position: 1, kind: "customer_demand" }),
        factor({ id: "c", name: "C", position: 2, kind: "competitor_coverage" }),
      ],
      true,
    );
    expect(toInput(ds[0]!).kind).toBe("customer_demand");
    expect(validate(ds)).toEqual({ "factors.1.kind": "A set has at most one factor of this kind" });
  });
});

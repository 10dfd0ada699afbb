import { describe, expect, it } from "vitest";
import { nextOpenings } from "./openings.ts";

describe("nextOpenings", () => {
  it("counts each opening, not each closing", () => {
    let s = { opened: false, count: 0 };
    s = nextOpenings(s, true);
    expect(s).toEqual({ opened: true, count: 1 });
    s = nextOpenings(s, false);
    expect(s).toEqual({ opened: false, count: 1 });
    s = nextOpenings(s, true);
    expect(s.count).toBe(2);
  });

  it("returns the same state when nothing changed (no re-render loop)", () => {
    const s = { opened: true, count: 3 };
    expect(nextOpenings(s, true)).toBe(s);
  });
});

import { describe, expect, it } from "vitest";
import { isoTimestamp } from "./schema.ts";

/** The slow, obvious reading (what isoTimestamp did before its fast path): the oracle. */
const viaDate = (v: string) => new Date(v.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();

describe("isoTimestamp", () => {
  it("reads PostgreSQL's UTC text form as ISO-8601 with milliseconds, as Date would", () => {
    expect(isoTimestamp("2026-01-02 03:04:05+00")).toBe("2026-01-02T03:04:05.000Z");
    expect(isoTimestamp("2026-01-02 03:04:05.6+00")).toBe("2026-01-02T03:04:05.600Z");
    expect(isoTimestamp("2026-01-02 03:04:05.123+00")).toBe("2026-01-02T03:04:05.123Z");
    // Microseconds (a timestamptz without (3)) are cut to milliseconds, as V8's Date does.
    expect(isoTimestamp("2026-01-02 03:04:05.123999+00")).toBe("2026-01-02T03:04:05.123Z");
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pad = (x: number, w = 2) => String(x).padStart(w, "0");
    for (let i = 0; i < 2000; i++) {
      const frac =
        rnd(3) === 0
          ? ""
          : `.${String(rnd(1_000_000))
              .padStart(6, "0")
              .slice(0, 1 + rnd(6))}`;
      const text = `${1970 + rnd(100)}-${pad(1 + rnd(12))}-${pad(1 + rnd(28))} ${pad(rnd(24))}:${pad(rnd(60))}:${pad(rnd(60))}${frac}+00`;
      expect(isoTimestamp(text), text).toBe(viaDate(text));
    }
  });

  it("still reads other offsets, Dates, ISO strings and infinities", () => {
    expect(isoTimestamp("2026-01-02 03:04:05.5+05:30")).toBe("2026-01-01T21:34:05.500Z");
    expect(isoTimestamp("2026-01-02 03:04:05-08")).toBe("2026-01-02T11:04:05.000Z");
    expect(isoTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 9)))).toBe("2026-01-02T03:04:05.009Z");
    // Already ISO (read through a timestamp column): as it is.
    expect(isoTimestamp("2026-01-02T03:04:05.600Z")).toBe("2026-01-02T03:04:05.600Z");
    expect(isoTimestamp("infinity")).toBe("infinity");
    expect(isoTimestamp("-infinity")).toBe("-infinity");
  });
});

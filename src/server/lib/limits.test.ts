import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.ts";
import { rateLimits } from "../db/schema.ts";
import { createTestDatabase } from "../test/db.ts";
import { manualClock } from "./clock.ts";
import { pruneLimits } from "./limits.queries.ts";
import { giveBackHits, ipKey, type Limit, takeHits, waitPhrase } from "./limits.ts";

let database: Database;
const clock = manualClock("2026-03-02T10:00:00Z");
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const five: Limit = { max: 5, windowMs: 60_000 };
const take = (...keys: [string, Limit][]) => takeHits(database.db, clock, keys);

describe("database rate limits", () => {
  it("counts up to the limit, refuses with the time left, and restarts after the window", async () => {
    for (let i = 0; i < 5; i++) expect(await take(["a", five])).toEqual({ ok: true });
    clock.advance(20_000);
    expect(await take(["a", five])).toEqual({ ok: false, retryAfterMs: 40_000 });
    clock.advance(40_000);
    expect(await take(["a", five])).toEqual({ ok: true });
  });

  it("takes several keys all or none: a spent key leaves the others uncounted", async () => {
    const one: Limit = { max: 1, windowMs: 60_000 };
    expect((await take(["b-spent", one])).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect((await take(["b-free", one], ["b-spent", one])).ok).toBe(false);
    expect((await take(["b-free", one])).ok).toBe(true); // never counted above
  });

  it("parallel takes never exceed the limit", async () => {
    const rs = await Promise.all(
      Array.from({ length: 25 }, () => take(["c", five], ["c2", { max: 50, windowMs: 60_000 }])),
    );
    expect(rs.filter((r) => r.ok)).toHaveLength(5);
  });

  it("after the free hits, waits double up to the cap; a given-back hit does not count", async () => {
    const slow: Limit = { max: 100, windowMs: 3_600_000, delay: { free: 2, baseMs: 1000, maxMs: 4000 } };
    expect((await take(["d", slow])).ok).toBe(true);
    expect((await take(["d", slow])).ok).toBe(true); // 2nd hit: next one waits 1 s
    expect(await take(["d", slow])).toEqual({ ok: false, retryAfterMs: 1000 });
    const waits = [];
    for (let i = 0; i < 4; i++) {
      const r = await take(["d", slow]);
      if (r.ok) throw new Error("expected a wait");
      waits.push(r.retryAfterMs);
      clock.advance(r.retryAfterMs);
      expect((await take(["d", slow])).ok).toBe(true);
    }
    expect(waits).toEqual([1000, 2000, 4000, 4000]);
    await giveBackHits(database.db, clock, ["d"]);
    const [row] = await database.db
      .select({ hits: rateLimits.hits })
      .from(rateLimits)
      .where(eq(rateLimits.key, "d"));
    expect(row.hits).toBe(5);
  });

  it("prunes counters whose window is over", async () => {
    await take(["e", five]);
    clock.advance(2 * 3_600_000);
    await pruneLimits(database.db, clock.now().toISOString());
    const [{ n }] = await database.db.select({ n: count() }).from(rateLimits);
    expect(n).toBe(0);
  });
});

describe("limit keys and messages", () => {
  it("counts IPv4 by address and IPv6 by /64 network", () => {
    expect(ipKey("203.0.113.9")).toBe("203.0.113.9");
    expect(ipKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(ipKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:DB8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(ipKey("::1")).toBe("0:0:0:0::/64");
  });

  it("says waits in seconds, then minutes", () => {
    expect(waitPhrase(1)).toBe("1 second");
    expect(waitPhrase(12_300)).toBe("13 seconds");
    expect(waitPhrase(14 * 60_000)).toBe("14 minutes");
  });
});

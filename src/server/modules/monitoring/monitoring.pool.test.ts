import { afterAll, describe, expect, it } from "vitest";
import { checkWork, checkWorkers } from "./monitoring.pool.ts";
import { runWork } from "./monitoring.work.ts";

const page = (price: string) => `<html><head><title>Pricing</title></head><body><nav>Home</nav><main>
<h1>Plans for teams</h1><h2>Team</h2><p>${price} per user/month</p>
<p>Updated 2026-12-07 14:05 · 1,234 users online · token 0123456789abcdef0123</p>${"<p>Lorem ipsum dolor.</p>".repeat(2000)}
</main><footer>© 2026</footer></body></html>`;
const config = { selector: null, ignoreSelectors: [], ignorePatterns: ["Lorem \\w+"], pricing: true };
const pageTask = (html: string, previousLength: number | null = null, latestHash: string | null = null) => ({
  kind: "page" as const,
  body: Buffer.from(html),
  contentType: "text/html; charset=utf-8",
  config,
  previousLength,
  latestHash,
});

describe("a check's CPU work in the worker thread", () => {
  afterAll(() => checkWorkers.close());

  it("reads, masks, hashes, prices and diffs a page as the main thread would", async () => {
    const a = await checkWork(pageTask(page("$10")));
    expect(checkWorkers.state()).toMatchObject({ broken: null });
    expect(checkWorkers.state().live).toBeGreaterThan(0);
    expect(a).toEqual(await runWork(pageTask(page("$10"))));
    expect(a).toMatchObject({ ok: true, prices: [{ plan: "Team", price: 10, period: "month" }] });
    const b = await checkWork(pageTask(page("$12")));
    if (!a.ok || !b.ok) throw new Error("not a page");
    expect(a.hash).not.toBe(b.hash);
    // The same text again: only its hash comes back.
    expect(await checkWork(pageTask(page("$10"), null, a.hash))).toMatchObject({
      ok: true,
      text: "",
      hash: a.hash,
    });
    const diff = await checkWork({ kind: "diff", before: a.text, after: b.text });
    expect(diff).toEqual(await runWork({ kind: "diff", before: a.text, after: b.text }));
    expect(diff.summary).toContain("$12");
  });

  it("says error_page for a gutted page, from the worker", async () => {
    const r = await checkWork(pageTask(page("$10"), 10_000_000));
    expect(r).toMatchObject({ ok: false, code: "error_page" });
  });
});

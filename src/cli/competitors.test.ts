import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../server/db/client.ts";
import { systemClock } from "../server/lib/clock.ts";
import { createUser } from "../server/modules/auth/auth.service.ts";
import { createCompetitor } from "../server/modules/competitors/competitors.service.ts";
import { insertChanges } from "../server/modules/monitoring/changes.fixture.ts";
import { createMonitor } from "../server/modules/monitoring/monitoring.service.ts";
import { createProduct } from "../server/modules/products/products.service.ts";
import { createSource } from "../server/modules/sources/sources.service.ts";
import { createWorkspace } from "../server/modules/workspaces/workspaces.service.ts";
import { CreateCompetitorSchema } from "../shared/competitors.schemas.ts";
import { CreateMonitorSchema } from "../shared/monitoring.schemas.ts";
import { CreateSourceSchema } from "../shared/sources.schemas.ts";
import { parseSince } from "./actions/competitors.ts";
import { cliScratch, runBaton } from "./test-helpers.ts";

/**
 * `baton competitors list`, `baton changes list` and `baton sources check` through the real binary: a pricing page
 * on a local fake site (127.0.0.1, allowed with BATON_FETCH_ALLOW_PRIVATE as the sources tests do) checked twice,
 * a failing source (exit code 1), a feedback source's name answered with `sources poll`, and 230 older changes
 * listed across pages of the keyset cursor.
 */

let page = "";
const site = http.createServer((req, res) => {
  if (req.url === "/pricing") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(page);
  } else {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
});
let origin = "";
const pricing = (pro: string) =>
  `<!doctype html><html><head><title>Pricing — Rival</title></head><body><main><h1>Simple pricing for every team</h1>
<div class="plan"><h3>Starter</h3><div class="price"><span>$0</span><span>/month</span></div><ul><li>Three boards</li></ul></div>
<div class="plan"><h3>Pro</h3><div class="price"><span>${pro}</span><span>/month</span></div><ul><li>Unlimited boards</li><li>Roadmaps and portals</li></ul></div>
<p>All prices exclude VAT. Cancel any time. Every plan includes the public roadmap, idea voting and the changelog.</p></main></body></html>`;

beforeAll(async () => {
  page = pricing("$12");
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => site.close(() => r())));

const ids = { rival: "", pricing: "", other: "", zed: "" };
const DAY = 86_400_000;

async function setup(database: Database) {
  const db = database.db;
  const pm = await createUser(db, { email: "pm@example.test", name: "Pat PM", password: "long-enough-pw" });
  const ws = await createWorkspace(db, { userId: pm.id, via: "cli" }, { name: "Acme" });
  const ctx = { workspaceId: ws.id, userId: pm.id, via: "cli" as const, role: "owner" as const };
  const product = await createProduct(db, ctx, {
    name: "Acme Roadmaps",
    description: "",
    stage: "growth",
    managerId: null,
  });
  const competitor = (name: string, status: "active" | "archived", productIds: string[]) =>
    createCompetitor(
      db,
      ctx,
      CreateCompetitorSchema.parse({
        name,
        status,
        productIds,
        website: `https://${name.toLowerCase()}.example`,
      }),
    );
  const rival = await competitor("Rival", "active", [product.id]);
  const other = await competitor("Other", "archived", []);
  ids.rival = rival.id;
  ids.other = other.id;
  const monitor = (cid: string, name: string, url: string, pricing: boolean, enabled = false) =>
    createMonitor(
      db,
      ctx,
      cid,
      CreateMonitorSchema.parse({ kind: "page", name, url, config: { pricing }, enabled }),
      systemClock,
    );
  ids.pricing = (await monitor(rival.id, "Pricing page", `${origin}/pricing`, true)).id;
  await monitor(other.id, "Pricing page", `${origin}/gone`, false);
  await monitor(other.id, "Careers", `${origin}/careers`, false);
  // The only enabled source (for `sources check --all`): due from the start, as a new monitor is.
  const zed = await competitor("Zed", "active", []);
  ids.zed = zed.id;
  await monitor(zed.id, "Zed home", `${origin}/pricing`, false, true);
  await createSource(
    db,
    ctx,
    CreateSourceSchema.parse({
      kind: "hackernews",
      name: "HN mentions",
      config: { query: "acme", apiUrl: origin },
      enabled: false,
    }),
    systemClock,
  );
  // Older history: 230 changes of Rival's pricing page, one every two hours back from 10 minutes ago.
  const now = Date.now();
  await insertChanges(
    db,
    ws.id,
    rival.id,
    ids.pricing,
    Array.from({ length: 230 }, (_, i) => ({
      detectedAt: new Date(now - 10 * 60_000 - i * 2 * 3_600_000).toISOString(),
      summary: `history ${i}`,
      category: i % 10 === 0 ? ("pricing" as const) : ("product" as const),
      importance: i % 10 === 0 ? ("high" as const) : ("normal" as const),
    })),
  );
}

const cli = cliScratch("baton-cli-competitors-", setup);
const local = () => ({ ...cli.env, BATON_FETCH_ALLOW_PRIVATE: "1", BATON_FETCH_HOST_DELAY_MS: "0" });

describe("parseSince", () => {
  it("reads durations, days and instants, and names the option otherwise", () => {
    const now = new Date("2026-12-07T12:00:00Z");
    expect(parseSince("7d", now)).toBe("2026-11-30T12:00:00.000Z");
    expect(parseSince("24h", now)).toBe("2026-12-06T12:00:00.000Z");
    expect(parseSince("90m", now)).toBe("2026-12-07T10:30:00.000Z");
    expect(parseSince("2w", now)).toBe("2026-11-23T12:00:00.000Z");
    expect(parseSince("2026-11-30", now)).toBe("2026-11-30T00:00:00.000Z");
    expect(parseSince("2026-11-30T08:00:00+01:00", now)).toBe("2026-11-30T07:00:00.000Z");
    for (const bad of ["yesterday", "7", "2026-13-01", "2026-11-30T08:00", "1800-01-01"])
      expect(() => parseSince(bad, now), bad).toThrow(/Some options are invalid/);
  });
});

describe("baton competitors / changes / sources check", () => {
  it("checks a competitor's pricing page (first, unchanged, changed with prices), lists changes and competitors", async () => {
    const first = await runBaton(local(), ["sources", "check", "Pricing page", "--competitor", "rival"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Rival — Pricing page: first snapshot stored/);
    const same = await runBaton(local(), ["sources", "check", ids.pricing]);
    expect(same.stdout).toMatch(/^Rival — Pricing page: unchanged/);
    page = pricing("$15");
    const changed = await runBaton(local(), ["sources", "check", ids.pricing, "--json"]);
    expect(changed.code).toBe(0);
    const r = JSON.parse(changed.stdout);
    expect(r).toMatchObject({
      outcome: "changed",
      change: { reported: true, suggestedCategory: "pricing", importance: "high" },
    });
    expect(r.prices).toEqual(expect.arrayContaining([expect.objectContaining({ plan: "Pro", price: 15 })]));
    page = pricing("$19");
    const text = await runBaton(local(), ["sources", "check", ids.pricing]);
    expect(text.stdout).toMatch(
      /^Rival — Pricing page: changed [\d.]+% \(\+\d+ −\d+ words; pricing, high importance\)/,
    );
    expect(text.stdout).toContain("19");
    expect(text.stdout).toMatch(/prices read: .*Pro 19 USD\/month/);

    // Newest first: the two detected just now, then the fixture's history; every page (230 + 2 > 200).
    const all = await runBaton(cli.env, ["changes", "list", "--since", "30d", "--format", "json"]);
    expect(all.stderr).toBe("");
    const items = JSON.parse(all.stdout) as { detectedAt: string; summary: string; competitorName: string }[];
    expect(items).toHaveLength(232);
    expect(items[0].summary).toContain("$19");
    expect(items[2].summary).toBe("history 0");
    const times = items.map((c) => c.detectedAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Since a day ago: the 2 new ones and history 0..11 (10 min + i·2 h < 24 h → i ≤ 11).
    const day = await runBaton(cli.env, ["changes", "list", "--since", "24h", "--format", "csv"]);
    const [header, ...rows] = day.stdout.trim().split("\n");
    expect(header).toBe("detectedAt,competitor,source,category,importance,state,changedPercent,summary,id");
    expect(rows).toHaveLength(14);
    expect(rows[2]).toMatch(/,Rival,Pricing page,pricing,high,new,5,history 0,/);
    const high = await runBaton(cli.env, [
      "changes",
      "list",
      "--since",
      new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10),
      "--importance",
      "high",
      "--category",
      "pricing,product",
      "--competitor",
      "Rival",
      "--format",
      "json",
    ]);
    expect(JSON.parse(high.stdout)).toHaveLength(2 + 23);
    const table = await runBaton(cli.env, ["changes", "list", "--since", "3h", "--limit", "2"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^Detected \(UTC\)\s+Competitor\s+Source\s+Category/);
    expect(table.stdout.trim().split("\n")).toHaveLength(4);
    const badSince = await runBaton(cli.env, ["changes", "list", "--since", "last week"]);
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toContain("--since: give a duration like 7d");

    const list = await runBaton(cli.env, ["competitors", "list", "--format", "csv"]);
    expect(list.stderr).toBe("");
    expect(list.stdout.trim().split("\n")).toEqual([
      "name,status,products,website,monitors,failingMonitors,changes7d,id",
      `Other,archived,,https://other.example,2,0,0,${ids.other}`,
      `Rival,active,Acme Roadmaps,https://rival.example,1,0,${2 + 84},${ids.rival}`,
      `Zed,active,,https://zed.example,1,0,0,${ids.zed}`,
    ]);
    const active = await runBaton(cli.env, [
      "competitors",
      "list",
      "--product",
      "Acme Roadmaps",
      "--status",
      "active",
    ]);
    expect(active.stdout).toMatch(/^Name\s+Status\s+Products/);
    expect(active.stdout).toContain("Rival");
    expect(active.stdout).not.toContain("Other");
  }, 240_000);

  it("reports a failed check with exit code 1, and answers ambiguous, unknown and feedback sources", async () => {
    const failed = await runBaton(local(), ["sources", "check", "Pricing page", "--competitor", "Other"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Other — Pricing page: check failed \(http_error\)/);
    const list = await runBaton(cli.env, ["competitors", "list", "--status", "archived", "--format", "json"]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: "Other", monitors: 2, failingMonitors: 0 }]);
    const ambiguous = await runBaton(cli.env, ["sources", "check", "pricing page"]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('2 monitored sources are named "pricing page"');
    const feedback = await runBaton(cli.env, ["sources", "check", "HN mentions"]);
    expect(feedback.code).toBe(1);
    expect(feedback.stderr).toContain('use `baton sources poll "HN mentions"`');
    const unknown = await runBaton(cli.env, ["sources", "check", "Nope"]);
    expect(unknown.stderr).toContain('no monitored source "Nope"');
    const help = await runBaton(cli.env, ["sources", "check", "--help"]);
    expect(help.stdout).toContain("COMPETITOR's monitored source");
    expect(help.stdout).toContain("--all");
  }, 120_000);

  it("queues a check of every enabled source not already due with --all (the workspace's, or a competitor's)", async () => {
    // Zed's enabled source is due since it was added (its first check is queued already): nothing more to queue.
    const due = await runBaton(local(), ["sources", "check", "--all"]);
    expect(due.stderr).toBe("");
    expect(due.code).toBe(0);
    expect(due.stdout.trim()).toBe(
      "Queued 0 checks: every enabled source is already due, or none is enabled",
    );
    // Checked now, it is next due tomorrow: --all queues it, and asking again queues nothing more.
    const checked = await runBaton(local(), ["sources", "check", "Zed home"]);
    expect(checked.stdout).toMatch(/^Zed — Zed home: first snapshot stored/);
    const queued = await runBaton(local(), ["sources", "check", "--all"]);
    expect(queued.stderr).toBe("");
    expect(queued.stdout).toMatch(/^Queued 1 check: a serving Baton runs it in the background/);
    const again = await runBaton(local(), ["sources", "check", "--all", "--json"]);
    expect(JSON.parse(again.stdout)).toEqual({ queued: 0 });
    // One competitor's: Rival's only source is paused, so nothing; an unknown competitor is named.
    const rival = await runBaton(local(), ["sources", "check", "--all", "--competitor", "rival"]);
    expect(rival.stdout.trim()).toBe(
      "Queued 0 checks: every enabled source of Rival is already due, or none is enabled",
    );
    const unknown = await runBaton(local(), ["sources", "check", "--all", "--competitor", "Nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no competitor "Nobody"');
    // One source, or --all: not both, and not neither.
    const both = await runBaton(cli.env, ["sources", "check", "Zed home", "--all"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("not both");
    const neither = await runBaton(cli.env, ["sources", "check"]);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain("or --all");
  }, 120_000);
});

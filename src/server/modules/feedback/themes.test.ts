import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";
import { exactQuery, searchTerms, similarityQueries } from "./similar.service.ts";

let t: TestApp;
let pm: Client;
let viewer: Client;
let stranger: Client;
let w: string;
let sw: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  viewer = await addUser(pm, "viewer");
  stranger = await otherTenant(pm);
  w = `/api/v1/workspaces/${pm.wid}`;
  sw = `/api/v1/workspaces/${stranger.session.workspaces[0].id}`;
});
afterAll(() => t.close());

// The hand-labelled set of src/shared/themes.test.ts: three topics of three items, and two items alone.
const LABELLED = [
  "Export to CSV fails for large reports", // 0 csv export
  "Dark mode for the mobile app", // 1 dark mode
  "SSO login with Okta does not work", // 2 sso
  "The CSV export times out on big reports", // 3 csv export
  "Please add a dark mode, my eyes hurt at night", // 4 dark mode
  "Pricing page is confusing", // 5 alone
  "Support Okta single sign-on (SSO) login", // 6 sso
  "Cannot export a large report to CSV", // 7 csv export
  "Dark mode in the web app too", // 8 dark mode
  "Love the new roadmap timeline", // 9 alone
  "Login via SSO with Okta please", // 10 sso
];

async function ingest(client: Client, base: string, items: { text: string; receivedAt?: string }[]) {
  const res = await client.ok("POST", `${base}/feedback/batch`, { items });
  return res.items.map((r: { id: string }) => r.id) as string[];
}

type Suggestions = {
  considered: number;
  suggestions: { key: string; name: string; items: { id: string }[] }[];
};
/** A member with a workspace of their own (nothing in it yet). */
async function freshWorkspace(): Promise<[Client, string]> {
  const c = await otherTenant(pm);
  return [c, `/api/v1/workspaces/${c.session.workspaces[0].id}`];
}

const suggestions = async (c: Client = pm, base = w) =>
  (await c.ok("GET", `${base}/feedback/themes/suggestions`)) as Suggestions;
/** The groups as indexes into `ids`, sorted (the API orders them by size, then cohesion). */
const groupsOf = (s: Suggestions, ids: string[]) =>
  s.suggestions
    .map((g) => g.items.map((i) => ids.indexOf(i.id)).sort((a, b) => a - b))
    .sort((a, b) => a[0] - b[0]);

describe("themes", () => {
  let ids: string[];
  let csv: { id: string; version: number };
  let dark: { id: string };

  beforeAll(async () => {
    // Received one minute apart, oldest first: the newest is the last one.
    ids = await ingest(
      pm,
      w,
      LABELLED.map((text, i) => ({ text, receivedAt: new Date(Date.UTC(2026, 10, 2, 9, i)).toISOString() })),
    );
  });

  it("suggests the hand-labelled groups, named by their shared terms", async () => {
    const s = await suggestions();
    expect(s.considered).toBe(11);
    expect(groupsOf(s, ids)).toEqual([
      [0, 3, 7],
      [1, 4, 8],
      [2, 6, 10],
    ]);
    expect(s.suggestions.map((g) => g.name).sort()).toEqual([
      "Csv, export, report",
      "Dark, mode, app",
      "Login, okta, sso",
    ]);
    // Another workspace sees none of them.
    expect((await suggestions(stranger, sw)).considered).toBe(0);
  });

  it("confirms a suggestion as a theme (audited); its items leave the suggestions; a taken name is refused", async () => {
    const group = [ids[0], ids[3], ids[7]];
    const theme = await pm.ok("POST", `${w}/feedback/themes`, { name: "CSV export", itemIds: group }, 201);
    expect(theme).toMatchObject({
      name: "CSV export",
      itemCount: 3,
      version: 1,
      latestAt: "2026-11-02T09:07:00.000Z",
    });
    csv = theme;
    expect(groupsOf(await suggestions(), ids)).toEqual([
      [1, 4, 8],
      [2, 6, 10],
    ]);
    const taken = await pm.request("POST", `${w}/feedback/themes`, { name: "csv EXPORT", itemIds: [ids[5]] });
    expect(taken.statusCode).toBe(409);
    expect(errorOf(taken).fields).toEqual({ name: "already taken" });
    const audit = await pm.ok("GET", `${w}/audit?entityType=theme&entityId=${theme.id}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["theme.create"]);
  });

  it("creates a name only once under parallel requests", async () => {
    const body = { name: "Pricing", itemIds: [ids[5]] };
    const res = await Promise.all([1, 2, 3].map(() => pm.request("POST", `${w}/feedback/themes`, body)));
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const list = await pm.ok("GET", `${w}/feedback/themes`);
    expect(list.items.filter((x: { name: string }) => x.name === "Pricing")).toHaveLength(1);
  });

  it("refuses items of another workspace or unknown, naming each", async () => {
    const [foreign] = await ingest(stranger, sw, [{ text: "Export to CSV fails for large reports" }]);
    const res = await pm.request("POST", `${w}/feedback/themes`, { name: "Spy", itemIds: [ids[1], foreign] });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).fields).toEqual({ "itemIds.1": "not found" });
    const add = await pm.request("POST", `${w}/feedback/themes/${csv.id}/items`, { itemIds: [foreign] });
    expect(add.statusCode).toBe(404);
    // A stranger cannot see, rename or fill the theme.
    expect((await stranger.request("GET", `${sw}/feedback/themes/${csv.id}`)).statusCode).toBe(404);
    expect((await stranger.request("GET", `${w}/feedback/themes/${csv.id}`)).statusCode).toBe(404);
    const spy = await stranger.request("POST", `${sw}/feedback/themes`, { name: "Spy", itemIds: [ids[0]] });
    expect(spy.statusCode).toBe(404);
    expect((await stranger.ok("GET", `${sw}/feedback?theme=${csv.id}`)).items).toEqual([]);
  });

  it("renames with the version read (409 when stale), audited", async () => {
    const renamed = await pm.ok("PATCH", `${w}/feedback/themes/${csv.id}`, { name: "Exports", version: 1 });
    expect(renamed).toMatchObject({ name: "Exports", version: 2, itemCount: 3 });
    const stale = await pm.request("PATCH", `${w}/feedback/themes/${csv.id}`, { name: "Old", version: 1 });
    expect(stale.statusCode).toBe(409);
    const audit = await pm.ok("GET", `${w}/audit?entityType=theme&entityId=${csv.id}`);
    expect(audit.items[0]).toMatchObject({
      action: "theme.rename",
      before: { name: "CSV export" },
      after: { name: "Exports" },
    });
    csv = renamed;
  });

  it("filters the inbox by theme", async () => {
    const page = await pm.ok("GET", `${w}/feedback?theme=${csv.id}`);
    expect(page.items.map((i: { id: string }) => i.id).sort()).toEqual([ids[0], ids[3], ids[7]].sort());
    const other = await pm.ok("GET", `${w}/feedback?theme=${csv.id}&status=archived`);
    expect(other.items).toEqual([]);
  });

  it("merges a theme into another: items once, the merged one gone, both audited", async () => {
    dark = await pm.ok(
      "POST",
      `${w}/feedback/themes`,
      { name: "Dark mode", itemIds: [ids[1], ids[4], ids[0]] },
      201,
    );
    const self = await pm.request("POST", `${w}/feedback/themes/${dark.id}/merge`, { intoId: dark.id });
    expect(self.statusCode).toBe(400);
    const merged = await pm.ok("POST", `${w}/feedback/themes/${dark.id}/merge`, { intoId: csv.id });
    // 3 + 3 − the shared item 0 = 5 items.
    expect(merged).toMatchObject({ id: csv.id, name: "Exports", itemCount: 5, version: 3 });
    expect((await pm.request("GET", `${w}/feedback/themes/${dark.id}`)).statusCode).toBe(404);
    const again = await pm.request("POST", `${w}/feedback/themes/${dark.id}/merge`, { intoId: csv.id });
    expect(again.statusCode).toBe(404);
    const actions = async (id: string) =>
      (await pm.ok("GET", `${w}/audit?entityType=theme&entityId=${id}`)).items.map(
        (e: { action: string }) => e.action,
      );
    expect(await actions(dark.id)).toEqual(["theme.merge", "theme.create"]);
    expect((await actions(csv.id))[0]).toBe("theme.absorb");
  });

  it("adds and removes items one by one", async () => {
    const added = await pm.ok("POST", `${w}/feedback/themes/${csv.id}/items`, {
      itemIds: [ids[8], ids[8], ids[0]],
    });
    expect(added.itemCount).toBe(6);
    await pm.ok("DELETE", `${w}/feedback/themes/${csv.id}/items/${ids[8]}`, undefined, 204);
    const gone = await pm.request("DELETE", `${w}/feedback/themes/${csv.id}/items/${ids[8]}`);
    expect(gone.statusCode).toBe(404);
    expect((await pm.ok("GET", `${w}/feedback/themes/${csv.id}`)).itemCount).toBe(5);
  });

  it("dismisses a suggestion: its items are not suggested again", async () => {
    const before = groupsOf(await suggestions(), ids);
    // Items 1, 4 are themed now (merged in); 8 was removed again; so SSO is the one group left.
    expect(before).toEqual([[2, 6, 10]]);
    const res = await pm.ok("POST", `${w}/feedback/themes/dismissals`, {
      itemIds: [ids[2], ids[6], ids[10]],
    });
    expect(res).toEqual({ dismissed: 3 });
    expect((await pm.ok("POST", `${w}/feedback/themes/dismissals`, { itemIds: [ids[2]] })).dismissed).toBe(0);
    expect((await suggestions()).suggestions).toEqual([]);
  });

  it("lets a viewer read themes but not change them", async () => {
    expect((await viewer.request("GET", `${w}/feedback/themes`)).statusCode).toBe(200);
    expect((await viewer.request("GET", `${w}/feedback/themes/suggestions`)).statusCode).toBe(200);
    const writes: [string, string, unknown][] = [
      ["POST", `${w}/feedback/themes`, { name: "V", itemIds: [ids[9]] }],
      ["PATCH", `${w}/feedback/themes/${csv.id}`, { name: "V", version: 3 }],
      ["DELETE", `${w}/feedback/themes/${csv.id}`, undefined],
      ["POST", `${w}/feedback/themes/dismissals`, { itemIds: [ids[9]] }],
    ];
    for (const [method, url, body] of writes)
      expect((await viewer.request(method, url, body)).statusCode, `${method} ${url}`).toBe(403);
  });

  it("deletes a theme, keeping its items", async () => {
    await pm.ok("DELETE", `${w}/feedback/themes/${csv.id}`, undefined, 204);
    expect((await pm.request("GET", `${w}/feedback/themes/${csv.id}`)).statusCode).toBe(404);
    expect((await pm.ok("GET", `${w}/feedback/${ids[0]}`)).id).toBe(ids[0]);
  });
});

describe("trends", () => {
  it("counts items and averages sentiment per Monday week (UTC), spam left out (hand-computed buckets)", async () => {
    const [owner, base] = await freshWorkspace();
    // Weeks: 2026-11-16, 2026-11-23, 2026-11-30 (to = Sunday 2026-12-06).
    const items = [
      { text: "I love the new roadmap, it is great", receivedAt: "2026-11-16T00:00:00.000Z" }, // w1, first instant
      { text: "Export is broken and awful", receivedAt: "2026-11-22T23:59:59.999Z" }, // w1, last instant
      { text: "The export is slow", receivedAt: "2026-11-30T00:00:00.000Z" }, // w3
      { text: "Awful crash, terrible", receivedAt: "2026-12-06T23:59:59.999Z" }, // w3
      { text: "Spam spam", receivedAt: "2026-12-01T10:00:00.000Z" }, // w3, marked spam below
      { text: "Before the range", receivedAt: "2026-11-15T23:59:59.999Z" }, // outside
      { text: "After the range", receivedAt: "2026-12-07T00:00:00.000Z" }, // outside
    ];
    const ids = await ingest(owner, base, items);
    const read = await Promise.all(ids.map((id) => owner.ok("GET", `${base}/feedback/${id}`)));
    const score = read.map((r: { sentimentScore: number }) => r.sentimentScore);
    const spam = read[4];
    await owner.ok("PATCH", `${base}/feedback/${spam.id}`, { status: "spam", version: spam.version });
    // A person's label counts in the label columns (the score stays the computed one).
    await owner.ok("PATCH", `${base}/feedback/${ids[2]}`, {
      sentiment: "negative",
      version: read[2].version,
    });
    const theme = await owner.ok(
      "POST",
      `${base}/feedback/themes`,
      { name: "Export", itemIds: [ids[1], ids[2], ids[4]] },
      201,
    );

    const tr = await owner.ok("GET", `${base}/feedback/trends?weeks=3&to=2026-12-06T12:00:00Z`);
    expect(tr.weeks).toEqual(["2026-11-16", "2026-11-23", "2026-11-30"]);
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const label = (i: number) => read[i].sentiment as string;
    const w1 = [label(0), label(1)];
    const w3 = ["negative", label(3)];
    const countOf = (labels: string[], l: string) => labels.filter((x) => x === l).length;
    expect(tr.sentiment).toEqual([
      {
        week: "2026-11-16",
        count: 2,
        positive: countOf(w1, "positive"),
        neutral: countOf(w1, "neutral"),
        negative: countOf(w1, "negative"),
        averageScore: r3((score[0] + score[1]) / 2),
      },
      { week: "2026-11-23", count: 0, positive: 0, neutral: 0, negative: 0, averageScore: null },
      {
        week: "2026-11-30",
        count: 2,
        positive: countOf(w3, "positive"),
        neutral: countOf(w3, "neutral"),
        negative: countOf(w3, "negative"),
        averageScore: r3((score[2] + score[3]) / 2),
      },
    ]);
    // VADER: the praise is positive, the complaints negative, so the weeks differ in sign.
    expect(label(0)).toBe("positive");
    expect(label(3)).toBe("negative");
    // The theme: item 1 in week 1, item 2 in week 3; item 4 is spam.
    expect(tr.themes).toEqual([
      {
        id: theme.id,
        name: "Export",
        total: 2,
        counts: [1, 0, 1],
        averageScore: [r3(score[1]), null, r3(score[2])],
      },
    ]);
    const one = await owner.ok(
      "GET",
      `${base}/feedback/trends?weeks=1&to=2026-11-23T00:00:00Z&themeId=${theme.id}`,
    );
    expect(one.weeks).toEqual(["2026-11-23"]);
    expect(one.themes).toMatchObject([{ id: theme.id, counts: [0], total: 0 }]);
    const foreign = await stranger.request("GET", `${sw}/feedback/trends?themeId=${theme.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).fields).toEqual({ "themeId.0": "not found" });
  });
});

describe("similar items while typing", () => {
  let items: string[];
  let product: string;
  let ideas: Record<string, string>;

  let owner: Client;
  let ws: string;

  beforeAll(async () => {
    [owner, ws] = await freshWorkspace();
    items = await ingest(owner, ws, [
      { text: "Would love a Slack integration for new ideas" },
      { text: "The CSV export of the backlog fails when it has more than 5,000 rows" },
      { text: "Exporting reports is slow" },
      { text: "Dark theme please" },
    ]);
    product = (await owner.ok("POST", `${ws}/products`, { name: "Similar" }, 201)).id;
    const create = (title: string, description = "") =>
      owner.ok("POST", `${ws}/products/${product}/ideas`, { title, description }, 201);
    ideas = {
      exportCsv: (await create("Export the backlog to CSV", "Large backlogs should export too")).id,
      slack: (await create("Slack notifications")).id,
      reports: (await create("Faster reports")).id,
    };
    // Another workspace holds the very same texts: none of them may appear.
    await ingest(stranger, sw, [
      { text: "The CSV export of the backlog fails when it has more than 5,000 rows" },
    ]);
    const sp = (await stranger.ok("POST", `${sw}/products`, { name: "Theirs" }, 201)).id;
    await stranger.ok("POST", `${sw}/products/${sp}/ideas`, { title: "Export the backlog to CSV" }, 201);
  });

  it("builds a query of pairs of the longest words, the word being typed as a prefix", () => {
    expect(similarityQueries("the and of")).toEqual([]);
    expect(similarityQueries("csv")).toEqual(["csv:*"]);
    expect(similarityQueries("csv ")).toEqual(["csv"]);
    expect(similarityQueries("CSV exports")).toEqual(["(csv & export:*)", "csv | export:*"]);
    // Three words: all three, then any two (which is also "all but one"), then any one.
    expect(similarityQueries("csv export fails ")).toEqual([
      "(csv & export:* & fail:*)",
      "(csv & export:*) | (csv & fail:*) | (export:* & fail:*)",
      "csv | export:* | fail:*",
    ]);
    // At most six words, the longest ("ab" goes); four tiers: 1, 6, 15 and 6 alternatives.
    const six = "ab backlog export integration notification slack reports";
    expect(searchTerms(six)).toEqual([
      "backlog:*",
      "export:*",
      "integration:*",
      "notification:*",
      "slack:*",
      "report:*",
    ]);
    expect(similarityQueries(six).map((q) => q.split(" | ").length)).toEqual([1, 6, 15, 6]);
  });

  it("ranks the near-duplicate first, feedback and ideas, and never shows another workspace's", async () => {
    const r = await owner.ok(
      "GET",
      `${ws}/similar?q=${encodeURIComponent("CSV export of the backlog fails with many rows")}`,
    );
    expect(r.feedback[0].id).toBe(items[1]);
    expect(r.feedback[0].score).toBeGreaterThan(0.6);
    expect(r.ideas[0].id).toBe(ideas.exportCsv);
    const all = [...r.feedback, ...r.ideas].map((x: { id: string }) => x.id);
    const mine = new Set([...items, ...Object.values(ideas)]);
    expect(all.every((id: string) => mine.has(id))).toBe(true);
    // Scores are best first.
    const scores = r.feedback.map((x: { score: number }) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("matches while a word is being typed, and falls back to any word", async () => {
    const typing = await owner.ok("GET", `${ws}/similar?q=${encodeURIComponent("slack integ")}`);
    expect(typing.feedback.map((x: { id: string }) => x.id)).toEqual([items[0]]);
    // The idea "Slack notifications" has only one of the two words: found by the looser query.
    expect(typing.ideas.map((x: { id: string }) => x.id)).toEqual([ideas.slack]);
    const loose = await owner.ok("GET", `${ws}/similar?q=${encodeURIComponent("slack webhooks")}`);
    expect(loose.ideas.map((x: { id: string }) => x.id)).toEqual([ideas.slack]);
    expect(loose.feedback.map((x: { id: string }) => x.id)).toEqual([items[0]]);
  });

  it("limits ideas to a product, leaves out an excluded item, and refuses another workspace's product", async () => {
    const other = (await owner.ok("POST", `${ws}/products`, { name: "Elsewhere" }, 201)).id;
    const q = encodeURIComponent("export backlog csv");
    expect((await owner.ok("GET", `${ws}/similar?q=${q}&productId=${other}`)).ideas).toEqual([]);
    expect((await owner.ok("GET", `${ws}/similar?q=${q}&productId=${product}`)).ideas[0].id).toBe(
      ideas.exportCsv,
    );
    const ex = await owner.ok("GET", `${ws}/similar?q=${q}&exclude=${items[1]}`);
    expect(ex.feedback.map((x: { id: string }) => x.id)).not.toContain(items[1]);
    const foreign = await stranger.request("GET", `${sw}/similar?q=${q}&productId=${product}`);
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).fields).toEqual({ productId: "not found" });
    expect(await owner.ok("GET", `${ws}/similar?q=${encodeURIComponent("the and of")}`)).toEqual({
      feedback: [],
      ideas: [],
    });
  });
});

describe("similar items: the words as typed first, and four-letter plurals", () => {
  it("matches a word of four letters or more as a prefix even when its stem is shorter", () => {
    expect(searchTerms("many rows ")).toEqual(["many:*", "row:*"]);
    expect(searchTerms("tags")).toEqual(["tag:*"]);
    expect(searchTerms("bug ")).toEqual(["bug"]);
  });

  it("tries every word exactly as typed before the tiers (the word being typed as a prefix)", () => {
    expect(exactQuery("CSV exports fail")).toBe("(csv & exports & fail:*)");
    expect(exactQuery("Export fails on large rows ")).toBe("(export & fails & large & rows)");
    // Nothing to gain when it is the first tier itself, or there are no words.
    expect(exactQuery("csv ")).toBeNull();
    expect(exactQuery("csv")).toBeNull();
    expect(exactQuery("the and of")).toBeNull();
  });
});

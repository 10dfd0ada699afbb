import { parseAtomFeed, parseRssFeed } from "feedsmith";
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

let t: TestApp;
let pm: Client;
let contributor: Client;
let w: string;
let pid: string;
let ideaId: string;
let pub = "";

beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  contributor = await addUser(pm, "contributor");
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Core" }, 201)).id;
  ideaId = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "SSO" }, 201)).id;
  pub = `/api/v1/public/changelog/${pm.wid}/${pid}`;
});
afterAll(() => t.close());

const anon = (url: string) => t.app.inject({ method: "GET", url });

describe("changelog", () => {
  it("is not public before something is published", async () => {
    expect((await anon(pub)).statusCode).toBe(404);
    const draft = await pm.ok(
      "POST",
      `${w}/products/${pid}/changelog`,
      { title: "Draft only", body: "secret plans", ideaIds: [ideaId] },
      201,
    );
    expect(draft).toMatchObject({
      status: "draft",
      publishedAt: null,
      ideas: [{ id: ideaId, title: "SSO" }],
    });
    expect(draft.url).toBe(`http://baton.test/changelog/${pm.wid}/${pid}#entry-${draft.id}`);
    expect((await anon(pub)).statusCode).toBe(404);
    expect((await anon(`${pub}/rss.xml`)).statusCode).toBe(404);
  });

  it("publishes entries: the public page and both feeds show only published ones, newest first", async () => {
    const a = await pm.ok(
      "POST",
      `${w}/products/${pid}/changelog`,
      {
        title: "Single sign-on <3",
        body: "Log in with **SAML**. <script>alert(1)</script> [docs](https://docs.test/sso) [bad](javascript:alert(1))",
        ideaIds: [ideaId],
        status: "published",
        publishedAt: "2026-11-01T10:00:00Z",
      },
      201,
    );
    const b = await pm.ok("POST", `${w}/products/${pid}/changelog`, { title: "Dark mode" }, 201);
    await pm.ok("PATCH", `${w}/changelog/${b.id}`, { version: b.version, status: "published" });
    const page = await anon(pub);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body).toMatchObject({ workspaceName: "Acme", productName: "Core" });
    expect(body.entries.map((e: { title: string }) => e.title)).toEqual(["Dark mode", "Single sign-on <3"]);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");

    const rss = await anon(`${pub}/rss.xml`);
    expect(rss.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    const feed = parseRssFeed(rss.body);
    expect(feed.title).toBe("Core changelog");
    expect(feed.items?.map((i) => i.title)).toEqual(["Dark mode", "Single sign-on <3"]);
    const sso = feed.items?.[1];
    expect(sso?.link).toBe(a.url);
    expect(sso?.guid?.value).toBe(`urn:uuid:${a.id}`);
    expect(new Date(sso?.pubDate as string).toISOString()).toBe("2026-11-01T10:00:00.000Z");
    // Markdown rendered; raw HTML escaped to text; only http(s) links kept.
    expect(sso?.description).toContain("<strong>SAML</strong>");
    expect(sso?.description).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(sso?.description).toContain('<a href="https://docs.test/sso">docs</a>');
    expect(sso?.description).not.toContain("javascript:");

    const atom = await anon(`${pub}/atom.xml`);
    expect(atom.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const af = parseAtomFeed(atom.body);
    expect(af.title?.value).toBe("Core changelog");
    expect(af.entries?.map((e) => e.title?.value)).toEqual(["Dark mode", "Single sign-on <3"]);
    expect(af.entries?.[1]?.links?.[0]?.href).toBe(a.url);
    expect(af.entries?.[1]?.content?.value).toContain("<strong>SAML</strong>");
    expect(rss.body).not.toContain("Draft only");
    expect(atom.body).not.toContain("secret plans");
  });

  it("unpublishing takes an entry off the page; stale versions and bad links are refused", async () => {
    const list = await pm.ok("GET", `${w}/products/${pid}/changelog`);
    expect(list.items).toHaveLength(3);
    expect(list.rssUrl).toBe(`http://baton.test${pub}/rss.xml`);
    const dark = list.items.find((e: { title: string }) => e.title === "Dark mode");
    const off = await pm.ok("PATCH", `${w}/changelog/${dark.id}`, { version: dark.version, status: "draft" });
    expect(off.status).toBe("draft");
    expect((await anon(pub)).json().entries.map((e: { title: string }) => e.title)).toEqual([
      "Single sign-on <3",
    ]);
    expect(
      (await pm.patch(`${w}/changelog/${dark.id}`, { version: dark.version, title: "x" })).statusCode,
    ).toBe(409);
    const otherProduct = (await pm.ok("POST", `${w}/products`, { name: "Other" }, 201)).id;
    const foreignIdea = (
      await pm.ok("POST", `${w}/products/${otherProduct}/ideas`, { title: "Elsewhere" }, 201)
    ).id;
    const bad = await pm.patch(`${w}/changelog/${dark.id}`, {
      version: off.version,
      ideaIds: [ideaId, foreignIdea],
    });
    expect(bad.statusCode).toBe(404);
    expect(errorOf(bad).fields).toEqual({ "ideaIds.1": "not an idea of this product" });
  });

  it("needs changelog.write to write, and records changes in the audit log", async () => {
    expect((await contributor.post(`${w}/products/${pid}/changelog`, { title: "Nope" })).statusCode).toBe(
      403,
    );
    expect((await contributor.get(`${w}/products/${pid}/changelog`)).statusCode).toBe(200);
    const audit = await pm.ok("GET", `${w}/audit?entityType=changelog_entry`);
    const actions = audit.items.map((e: { action: string }) => e.action).sort();
    // Draft only (create), Single sign-on (created published), Dark mode (create, publish, unpublish).
    expect(actions).toEqual([
      "changelog.create",
      "changelog.create",
      "changelog.publish",
      "changelog.publish",
      "changelog.unpublish",
    ]);
  });

  it("keeps another workspace out, and its product ids give no public changelog here", async () => {
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const entry = (await pm.ok("GET", `${w}/products/${pid}/changelog`)).items[0];
    expect((await stranger.get(`${sw}/products/${pid}/changelog`)).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/changelog/${entry.id}`)).statusCode).toBe(404);
    expect((await stranger.patch(`${sw}/changelog/${entry.id}`, { version: 1, title: "x" })).statusCode).toBe(
      404,
    );
    expect((await stranger.del(`${sw}/changelog/${entry.id}`)).statusCode).toBe(404);
    // Our product under their workspace id (and theirs under ours): 404, never our entries.
    expect((await anon(`/api/v1/public/changelog/${stranger.wid}/${pid}`)).statusCode).toBe(404);
    expect((await anon(`/api/v1/public/changelog/${stranger.wid}/${pid}/atom.xml`)).statusCode).toBe(404);
    const theirs = (await stranger.ok("POST", `${sw}/products`, { name: "Theirs" }, 201)).id;
    await stranger.ok(
      "POST",
      `${sw}/products/${theirs}/changelog`,
      { title: "Theirs", status: "published" },
      201,
    );
    expect((await anon(`/api/v1/public/changelog/${pm.wid}/${theirs}`)).statusCode).toBe(404);
    expect((await anon(`/api/v1/public/changelog/${stranger.wid}/${theirs}`)).statusCode).toBe(200);
    // Their entry cannot link our idea.
    const res = await stranger.post(`${sw}/products/${theirs}/changelog`, { title: "x", ideaIds: [ideaId] });
    expect(res.statusCode).toBe(404);
  });

  it("offers the product's roadmap items to link, searched by title, and links them", async () => {
    const roadmap = await pm.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: pid, name: "2027", periodKind: "quarter", startMonth: "2027-01", horizon: 4 },
      201,
    );
    const add = (title: string) =>
      pm.ok("POST", `${w}/roadmaps/${roadmap.id}/items`, { title }, 201) as Promise<{ id: string }>;
    const sso = await add("SSO rollout");
    await add("Audit 100% of logins");
    await add("Dark theme");
    const all = await pm.ok("GET", `${w}/products/${pid}/changelog/roadmap-items`);
    expect(all.items.map((i: { title: string }) => i.title)).toEqual([
      "Audit 100% of logins",
      "Dark theme",
      "SSO rollout",
    ]);
    expect(all.items[0]).toMatchObject({ roadmapId: roadmap.id, roadmapName: "2027", status: "candidate" });
    const sso2 = await pm.ok("GET", `${w}/products/${pid}/changelog/roadmap-items?q=sso`);
    expect(sso2.items.map((i: { id: string }) => i.id)).toEqual([sso.id]);
    // LIKE's wildcards are plain characters here.
    const pct = await pm.ok("GET", `${w}/products/${pid}/changelog/roadmap-items?q=100%25`);
    expect(pct.items.map((i: { title: string }) => i.title)).toEqual(["Audit 100% of logins"]);
    expect((await pm.ok("GET", `${w}/products/${pid}/changelog/roadmap-items?q=_`)).items).toEqual([]);
    expect((await pm.ok("GET", `${w}/products/${pid}/changelog/roadmap-items?limit=1`)).items).toHaveLength(
      1,
    );
    // Readers may list; another product's items are not offered; another workspace gets 404.
    expect((await contributor.get(`${w}/products/${pid}/changelog/roadmap-items`)).statusCode).toBe(200);
    const other = (await pm.ok("POST", `${w}/products`, { name: "Elsewhere" }, 201)).id;
    expect((await pm.ok("GET", `${w}/products/${other}/changelog/roadmap-items`)).items).toEqual([]);
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    expect((await stranger.get(`${sw}/products/${pid}/changelog/roadmap-items`)).statusCode).toBe(404);
    // An entry links a picked item.
    const entry = await pm.ok(
      "POST",
      `${w}/products/${pid}/changelog`,
      { title: "SSO is here", roadmapItemIds: [sso.id] },
      201,
    );
    expect(entry.roadmapItems).toEqual([{ id: sso.id, title: "SSO rollout", roadmapId: roadmap.id }]);
  });

  it("deletes an entry", async () => {
    const e = await pm.ok("POST", `${w}/products/${pid}/changelog`, { title: "Temp" }, 201);
    await pm.ok("DELETE", `${w}/changelog/${e.id}`, undefined, 204);
    expect((await pm.get(`${w}/changelog/${e.id}`)).statusCode).toBe(404);
  });
});

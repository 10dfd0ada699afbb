import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../lib/clock.ts";
import { addUser, Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";

let t: TestApp;
let owner: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(() => t.close());

const bearer = (token: string) => Object.assign(new Client(t.app), { bearer: token });

describe("API tokens", () => {
  it("is shown once, stored hashed, works as Bearer without CSRF, records last use, and revokes", async () => {
    const tok = await owner.ok("POST", `${w}/tokens`, { name: "CI" }, 201);
    expect(tok.token).toMatch(/^bt_[\w-]{40,}$/);
    expect(tok.prefix).toBe(tok.token.slice(0, 10));
    const list = await owner.ok("GET", `${w}/tokens`);
    expect(JSON.stringify(list)).not.toContain(tok.token);
    expect(list.items[0].lastUsedAt).toBeNull();

    const api = bearer(tok.token);
    const created = await api.ok("POST", `${w}/products`, { name: "Via token" }, 201);
    const audit = await owner.ok("GET", `${w}/audit?entityId=${created.id}`);
    expect(audit.items[0].via).toBe("token");
    const session = await api.ok("GET", "/api/v1/auth/session");
    expect(session.workspaces.map((x: { id: string }) => x.id)).toEqual([owner.wid]);
    expect((await owner.ok("GET", `${w}/tokens`)).items[0].lastUsedAt).not.toBeNull();

    // A token cannot mint tokens or create workspaces.
    expect((await api.post(`${w}/tokens`, { name: "child" })).statusCode).toBe(403);
    expect((await api.post("/api/v1/workspaces", { name: "Token WS" })).statusCode).toBe(403);

    await owner.ok("DELETE", `${w}/tokens/${tok.id}`, undefined, 204);
    expect((await api.get(`${w}/products`)).statusCode).toBe(401);
    expect((await owner.ok("GET", `${w}/tokens`)).items[0].revokedAt).not.toBeNull();
  });

  it("expires", async () => {
    const tok = await owner.ok("POST", `${w}/tokens`, { name: "Short", expiresInDays: 1 }, 201);
    expect((await bearer(tok.token).get(`${w}/products`)).statusCode).toBe(200);
    t.clock.advance(DAY + 1);
    owner = await reLogin(owner);
    expect((await bearer(tok.token).get(`${w}/products`)).statusCode).toBe(401);
  });

  it("follows its owner's role, and other people cannot revoke it unless admin", async () => {
    const viewer = await addUser(owner, "viewer");
    const tok = await viewer.ok("POST", `${w}/tokens`, { name: "read-only" }, 201);
    expect((await bearer(tok.token).post(`${w}/products`, { name: "No" })).statusCode).toBe(403);
    const pm = await addUser(owner, "product_manager");
    expect((await pm.del(`${w}/tokens/${tok.id}`)).statusCode).toBe(404);
    await owner.ok("DELETE", `${w}/tokens/${tok.id}`, undefined, 204);
    // Removing the member disables their other tokens too (no role any more).
    const tok2 = await viewer.ok("POST", `${w}/tokens`, { name: "second" }, 201);
    await owner.ok("DELETE", `${w}/members/${viewer.userId}`, undefined, 204);
    expect((await bearer(tok2.token).get(`${w}/products`)).statusCode).toBe(404);
  });

  it("ignores garbage bearer tokens", async () => {
    expect((await bearer("bt_nope").get(`${w}/products`)).statusCode).toBe(401);
    expect((await bearer("").get("/api/v1/auth/session")).statusCode).toBe(401);
  });
});

async function reLogin(c: Client) {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: c.session.user.email, password: "correct horse battery" },
  });
  const n = new Client(t.app);
  n.cookie = `baton_session=${res.cookies.find((k) => k.name === "baton_session")!.value}`;
  return n.adopt(res.json());
}

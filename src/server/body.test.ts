import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, errorOf, setupOwner, type TestApp } from "./test/app.ts";

/** Bodies are UTF-8: another declared charset is refused (415), invalid bytes too (400); nothing is stored mangled. */
let t: TestApp;
let owner: Client;
let products: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Charsets");
  products = `/api/v1/workspaces/${owner.wid}/products`;
});
afterAll(() => t.close());

const send = (url: string, contentType: string, payload: Buffer | string) =>
  t.app.inject({
    method: "POST",
    url,
    headers: { cookie: owner.cookie, "x-csrf-token": owner.csrf, "content-type": contentType },
    payload,
  });
const names = async () =>
  ((await owner.ok("GET", products)).items as { name: string }[]).map((p) => p.name).sort();

describe("request body charsets", () => {
  it("refuses JSON declared as Latin-1 with 415 in the standard envelope, storing nothing", async () => {
    const res = await send(
      products,
      "application/json; charset=latin1",
      Buffer.from('{"name":"Café"}', "latin1"),
    );
    expect(res.statusCode).toBe(415);
    expect(errorOf(res).code).toBe("validation");
    expect(errorOf(res).message).toMatch(/UTF-8.*charset=latin1/);
    expect(await names()).toEqual([]);
  });

  it("refuses UTF-16 (with or without quotes, any case) and ISO-8859-1", async () => {
    for (const [type, body] of [
      ["application/json; charset=utf-16", Buffer.from('\uFEFF{"name":"x"}', "utf16le")],
      ['application/json; charset="UTF-16LE"', Buffer.from('{"name":"x"}', "utf16le")],
      ["application/json;charset=ISO-8859-1", Buffer.from('{"name":"x"}', "latin1")],
      ["text/plain; charset=windows-1252", Buffer.from("x", "latin1")],
    ] as const) {
      const res = await send(products, type, body);
      expect(res.statusCode, type).toBe(415);
      expect(errorOf(res).message, type).toContain("UTF-8");
    }
    expect(await names()).toEqual([]);
  });

  it("refuses bytes that are not UTF-8 even without a charset (no silent U+FFFD)", async () => {
    const res = await send(products, "application/json", Buffer.from('{"name":"Caf\xe9"}', "latin1"));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: "validation",
      message: "The request body is not valid UTF-8 text",
    });
    expect(await names()).toEqual([]);
  });

  it("accepts UTF-8 declared, undeclared or with a BOM, and stores it exactly", async () => {
    await send(products, "application/json; charset=utf-8", Buffer.from('{"name":"Café ✓"}', "utf8"));
    await send(products, "application/json; charset=UTF8", Buffer.from('{"name":"Ünïcode"}', "utf8"));
    await send(products, "application/json", Buffer.from('\uFEFF{"name":"Ｆｕｌｌ"}', "utf8"));
    expect(await names()).toEqual(["Café ✓", "Ünïcode", "Ｆｕｌｌ"]);
  });

  it("still refuses prototype poisoning, bad and empty JSON", async () => {
    expect((await send(products, "application/json", '{"__proto__":{"x":1},"name":"p"}')).statusCode).toBe(
      400,
    );
    expect((await send(products, "application/json", "{nope")).statusCode).toBe(400);
    expect((await send(products, "application/json", "")).statusCode).toBe(400);
  });

  it("the CSV import (CSV inside JSON) refuses a Latin-1 body too", async () => {
    const pid = (await owner.ok("POST", products, { name: "Imports" }, 201)).id;
    const url = `${products}/${pid}/ideas/import`;
    const res = await send(
      url,
      "application/json; charset=latin1",
      Buffer.from('{"csv":"title\\nCrème"}', "latin1"),
    );
    expect(res.statusCode).toBe(415);
    expect((await owner.ok("GET", `${products}/${pid}/ideas`)).items).toEqual([]);
  });
});

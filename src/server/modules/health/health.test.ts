import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { TEST_DB_KIND } from "../../test/db.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("GET /api/v1/health", () => {
  it("reports version, database kind, migration level and that setup is needed", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: "ok", database: TEST_DB_KIND, setupRequired: true });
    expect(body.migration.applied).toBeGreaterThanOrEqual(1);
    expect(body.migration.latest).toMatch(/^\d{4}_/);
  });

  it("serves an OpenAPI 3.1 document listing the routes", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/workspaces/{wid}/products",
        "/api/v1/auth/login",
        "/api/v1/setup",
        "/api/v1/workspaces/{wid}/products/{pid}/ideas",
        "/api/v1/workspaces/{wid}/rounds/{id}/ratings",
        "/api/v1/workspaces/{wid}/factors",
        "/api/v1/workspaces/{wid}/objectives",
        "/api/v1/workspaces/{wid}/capacity",
        "/api/v1/workspaces/{wid}/roadmaps/{id}",
        "/api/v1/workspaces/{wid}/roadmaps/{id}/plan",
        "/api/v1/workspaces/{wid}/roadmaps/{id}/compare",
        "/api/v1/workspaces/{wid}/signoffs",
        "/api/v1/workspaces/{wid}/roadmaps/{id}/signoff-preflight",
        "/api/v1/workspaces/{wid}/roadmaps/{id}/signoffs",
        "/api/v1/workspaces/{wid}/signoffs/{id}",
        "/api/v1/workspaces/{wid}/signoffs/{id}/review",
        "/api/v1/workspaces/{wid}/signoffs/{id}/decision",
        "/api/v1/workspaces/{wid}/signoffs/{id}/comments",
        "/api/v1/workspaces/{wid}/signoffs/{id}/revise",
        "/api/v1/workspaces/{wid}/signoffs/{id}/extend",
        "/api/v1/workspaces/{wid}/signoffs/{id}/cancel",
        "/api/v1/workspaces/{wid}/signoffs/{id}/remind",
        "/api/v1/workspaces/{wid}/signoffs/{id}/approvers",
        "/api/v1/workspaces/{wid}/roadmaps/{id}/versions/{vid}/share-links",
        "/api/v1/workspaces/{wid}/share-links/{id}",
        "/api/v1/shared/{token}",
      ]),
    );
    // The shared-baseline page is public: the link's secret is the credential.
    expect(doc.paths["/api/v1/shared/{token}"].get).toBeTruthy();
    expect(
      Object.keys(doc.paths["/api/v1/workspaces/{wid}/roadmaps/{id}/versions/{vid}/share-links"]),
    ).toEqual(expect.arrayContaining(["get", "post"]));
    // Request bodies are documented from the same zod schemas that validate them.
    const cast = doc.paths["/api/v1/workspaces/{wid}/rounds/{id}/ratings"].put;
    const body = cast.requestBody.content["application/json"].schema;
    expect(body.properties.ratings.type).toBe("array");
  });

  it("answers unknown API routes with the error shape", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/nope" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });
});

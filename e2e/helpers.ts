import { type APIRequestContext, expect, type Page } from "@playwright/test";

/** The first owner and workspace, the same in every journey so the specs can share one server in any order. */
export const OWNER = { name: "Olivia Owner", email: "olivia@example.com", password: "conductor-baton-1" };
export const WORKSPACE = "Acme Product";

/** Sets up the owner by API unless the server is already set up (so any spec can run alone). */
export async function ensureOwner(request: APIRequestContext) {
  const health = await (await request.get("/api/v1/health")).json();
  if (health.setupRequired) {
    const res = await request.post("/api/v1/setup", { data: { ...OWNER, workspaceName: WORKSPACE } });
    expect(res.ok()).toBeTruthy();
  }
}

/** Logs in from the log-in page and waits for the workspace home. */
export async function logIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(who.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
}

/** The API with the page's session (cookie + CSRF header). */
export async function apiOf(page: Page) {
  const session = await (await page.request.get("/api/v1/auth/session")).json();
  const headers = { "X-CSRF-Token": session.csrfToken as string };
  return async (method: "get" | "post" | "put" | "patch", path: string, data?: unknown) => {
    const res = await page.request[method](`/api/v1${path}`, { data, headers });
    expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
    return res.json();
  };
}

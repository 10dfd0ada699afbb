/**
 * Every page, code-split. `preloadFor(path)` starts loading what a URL needs while the app boots,
 * and `preloadAll()` fetches the rest when the browser is idle.
 */
import { lazyNamed } from "./lib/lazy.ts";

export const pages = {
  SetupPage: lazyNamed(() => import("./modules/auth/SetupPage.tsx"), "SetupPage"),
  LoginPage: lazyNamed(() => import("./modules/auth/LoginPage.tsx"), "LoginPage"),
  ForgotPasswordPage: lazyNamed(() => import("./modules/auth/ForgotPasswordPage.tsx"), "ForgotPasswordPage"),
  ResetPasswordPage: lazyNamed(() => import("./modules/auth/ResetPasswordPage.tsx"), "ResetPasswordPage"),
  InvitePage: lazyNamed(() => import("./modules/auth/InvitePage.tsx"), "InvitePage"),
  NoWorkspacePage: lazyNamed(() => import("./modules/auth/NoWorkspacePage.tsx"), "NoWorkspacePage"),
  Shell: lazyNamed(() => import("./modules/shell/Shell.tsx"), "Shell"),
  HomePage: lazyNamed(() => import("./modules/home/HomePage.tsx"), "HomePage"),
  ProductsPage: lazyNamed(() => import("./modules/products/ProductsPage.tsx"), "ProductsPage"),
  PeoplePage: lazyNamed(() => import("./modules/people/PeoplePage.tsx"), "PeoplePage"),
  SettingsPage: lazyNamed(() => import("./modules/settings/SettingsPage.tsx"), "SettingsPage"),
  AuditPage: lazyNamed(() => import("./modules/audit/AuditPage.tsx"), "AuditPage"),
  AccountPage: lazyNamed(() => import("./modules/account/AccountPage.tsx"), "AccountPage"),
  ComingSoonPage: lazyNamed(() => import("./modules/coming-soon/ComingSoonPage.tsx"), "ComingSoonPage"),
  CommandPalette: lazyNamed(() => import("./modules/shell/CommandPalette.tsx"), "CommandPalette"),
};

const WORKSPACE_PAGES: Record<string, keyof typeof pages> = {
  "": "HomePage",
  products: "ProductsPage",
  people: "PeoplePage",
  settings: "SettingsPage",
  audit: "AuditPage",
  account: "AccountPage",
};

/** Starts loading the chunks a URL renders first (errors surface later, when the page renders). */
export function preloadFor(pathname: string) {
  const load = (k: keyof typeof pages) => void pages[k].preload().catch(() => undefined);
  const ws = /^\/w\/[^/]+\/?([^/]*)/.exec(pathname);
  if (ws) {
    load("Shell");
    load(WORKSPACE_PAGES[ws[1] ?? ""] ?? "ComingSoonPage");
    return;
  }
  if (pathname === "/" || pathname === "") load("Shell");
  else if (pathname.startsWith("/login")) load("LoginPage");
  else if (pathname.startsWith("/setup")) load("SetupPage");
  else if (pathname.startsWith("/invite/")) load("InvitePage");
  else if (pathname.startsWith("/forgot-password")) load("ForgotPasswordPage");
  else if (pathname.startsWith("/reset-password")) load("ResetPasswordPage");
}

/** Loads every page when the browser has nothing better to do, so navigation never waits. */
export function preloadAll() {
  const run = () => {
    for (const p of Object.values(pages)) void p.preload().catch(() => undefined);
  };
  if ("requestIdleCallback" in window) window.requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1500);
}

/**
 * Every page, code-split. `preloadFor(path)` starts loading what a URL needs while the app boots,
 * and `preloadAll()` fetches the rest when the browser is idle.
 */
import { lazyNamed } from "../../lib/lazy.ts";

export const pages = {
  SetupPage: lazyNamed(() => import("../auth/SetupPage.tsx"), "SetupPage"),
  LoginPage: lazyNamed(() => import("../auth/LoginPage.tsx"), "LoginPage"),
  ForgotPasswordPage: lazyNamed(() => import("../auth/ForgotPasswordPage.tsx"), "ForgotPasswordPage"),
  ResetPasswordPage: lazyNamed(() => import("../auth/ResetPasswordPage.tsx"), "ResetPasswordPage"),
  InvitePage: lazyNamed(() => import("../auth/InvitePage.tsx"), "InvitePage"),
  NoWorkspacePage: lazyNamed(() => import("./NoWorkspacePage.tsx"), "NoWorkspacePage"),
  Shell: lazyNamed(() => import("./Shell.tsx"), "Shell"),
  HomePage: lazyNamed(() => import("../home/HomePage.tsx"), "HomePage"),
  ProductsPage: lazyNamed(() => import("../products/ProductsPage.tsx"), "ProductsPage"),
  PeoplePage: lazyNamed(() => import("../people/PeoplePage.tsx"), "PeoplePage"),
  SettingsPage: lazyNamed(() => import("../settings/SettingsPage.tsx"), "SettingsPage"),
  AuditPage: lazyNamed(() => import("../audit/AuditPage.tsx"), "AuditPage"),
  AccountPage: lazyNamed(() => import("../account/AccountPage.tsx"), "AccountPage"),
  ComingSoonPage: lazyNamed(() => import("../coming-soon/ComingSoonPage.tsx"), "ComingSoonPage"),
  CommandPalette: lazyNamed(() => import("./CommandPalette.tsx"), "CommandPalette"),
  RoundsPage: lazyNamed(() => import("../rounds/RoundsPage.tsx"), "RoundsPage"),
  RoundPage: lazyNamed(() => import("../rounds/RoundPage.tsx"), "RoundPage"),
  IdeasIndexPage: lazyNamed(() => import("../ideas/IdeasIndexPage.tsx"), "IdeasIndexPage"),
  BacklogPage: lazyNamed(() => import("../ideas/BacklogPage.tsx"), "BacklogPage"),
  IdeaPage: lazyNamed(() => import("../matrix/IdeaPageWithMatrix.tsx"), "IdeaPageWithMatrix"),
  ObjectivesPage: lazyNamed(() => import("../objectives/ObjectivesPage.tsx"), "ObjectivesPage"),
  CapacityPage: lazyNamed(() => import("../capacity/CapacityPage.tsx"), "CapacityPage"),
  RoadmapsPage: lazyNamed(() => import("../roadmaps/RoadmapsPage.tsx"), "RoadmapsPage"),
  RoadmapPage: lazyNamed(() => import("../signoffs/RoadmapPageWithSignoff.tsx"), "RoadmapPageWithSignoff"),
  RoadmapPrintPage: lazyNamed(() => import("../roadmaps/RoadmapPrintPage.tsx"), "RoadmapPrintPage"),
  SignoffsPage: lazyNamed(() => import("../signoffs/SignoffsPage.tsx"), "SignoffsPage"),
  SignoffPage: lazyNamed(() => import("../signoffs/SignoffPage.tsx"), "SignoffPage"),
  FeedbackPage: lazyNamed(() => import("../loop/FeedbackPageWithLoop.tsx"), "FeedbackPageWithLoop"),
  ThemesPage: lazyNamed(() => import("../feedback/ThemesPage.tsx"), "ThemesPage"),
  CustomersPage: lazyNamed(() => import("../customers/CustomersPage.tsx"), "CustomersPage"),
  PersonPage: lazyNamed(() => import("../customers/PersonPage.tsx"), "PersonPage"),
  CompanyPage: lazyNamed(() => import("../customers/CompanyPage.tsx"), "CompanyPage"),
  SourcesPage: lazyNamed(() => import("../sources/SourcesPage.tsx"), "SourcesPage"),
  CompetitorsPage: lazyNamed(() => import("../competitors/CompetitorsPage.tsx"), "CompetitorsPage"),
  CompetitorPage: lazyNamed(
    () => import("../monitoring/CompetitorPageWithMonitoring.tsx"),
    "CompetitorPageWithMonitoring",
  ),
  BattlecardPrintPage: lazyNamed(
    () => import("../competitors/BattlecardPrintPage.tsx"),
    "BattlecardPrintPage",
  ),
  MatrixPage: lazyNamed(() => import("../matrix/MatrixPage.tsx"), "MatrixPage"),
  MatrixIndexPage: lazyNamed(() => import("../matrix/MatrixPage.tsx"), "MatrixIndexPage"),
  ChangesPage: lazyNamed(() => import("../monitoring/ChangesPage.tsx"), "ChangesPage"),
  ChangePage: lazyNamed(() => import("../monitoring/ChangePage.tsx"), "ChangePage"),
  MonitorHealthPage: lazyNamed(() => import("../monitoring/MonitorHealthPage.tsx"), "MonitorHealthPage"),
  SharedRoadmapPage: lazyNamed(() => import("../share/SharedRoadmapPage.tsx"), "SharedRoadmapPage"),
  ChangelogPage: lazyNamed(() => import("../loop/ChangelogPage.tsx"), "ChangelogPage"),
  PublicChangelogPage: lazyNamed(() => import("../loop/PublicChangelogPage.tsx"), "PublicChangelogPage"),
  UnsubscribePage: lazyNamed(() => import("../loop/UnsubscribePage.tsx"), "UnsubscribePage"),
};

const WORKSPACE_PAGES: Record<string, keyof typeof pages> = {
  "": "HomePage",
  products: "ProductsPage",
  people: "PeoplePage",
  settings: "SettingsPage",
  audit: "AuditPage",
  account: "AccountPage",
  rounds: "RoundsPage",
  ideas: "IdeasIndexPage",
  objectives: "ObjectivesPage",
  capacity: "CapacityPage",
  roadmap: "RoadmapsPage",
  signoffs: "SignoffsPage",
  feedback: "FeedbackPage",
  customers: "CustomersPage",
  sources: "SourcesPage",
  changes: "ChangesPage",
  monitors: "MonitorHealthPage",
  competitors: "CompetitorsPage",
  matrix: "MatrixIndexPage",
};

function chunksFor(pathname: string): (keyof typeof pages)[] {
  const ws = /^\/w\/[^/]+\/?([^/]*)/.exec(pathname);
  if (/^\/w\/[^/]+\/rounds\/[^/]+/.test(pathname)) return ["Shell", "RoundPage"];
  if (/^\/w\/[^/]+\/products\/[^/]+\/ideas/.test(pathname)) return ["Shell", "BacklogPage"];
  if (/^\/w\/[^/]+\/products\/[^/]+\/changelog/.test(pathname)) return ["Shell", "ChangelogPage"];
  if (/^\/w\/[^/]+\/products\/[^/]+\/matrix/.test(pathname)) return ["Shell", "MatrixPage"];
  if (/^\/w\/[^/]+\/ideas\/[^/]+/.test(pathname)) return ["Shell", "IdeaPage"];
  if (/^\/w\/[^/]+\/competitors\/[^/]+\/battlecard\/print/.test(pathname))
    return ["Shell", "BattlecardPrintPage"];
  if (/^\/w\/[^/]+\/competitors\/[^/]+/.test(pathname)) return ["Shell", "CompetitorPage"];
  if (/^\/w\/[^/]+\/signoffs\/[^/]+/.test(pathname)) return ["Shell", "SignoffPage"];
  if (/^\/w\/[^/]+\/feedback\/themes/.test(pathname)) return ["Shell", "ThemesPage"];
  if (/^\/w\/[^/]+\/customers\/people\/[^/]+/.test(pathname)) return ["Shell", "PersonPage"];
  if (/^\/w\/[^/]+\/customers\/companies\/[^/]+/.test(pathname)) return ["Shell", "CompanyPage"];
  if (/^\/w\/[^/]+\/roadmaps\/[^/]+\/print/.test(pathname)) return ["Shell", "RoadmapPrintPage"];
  if (/^\/w\/[^/]+\/roadmaps\/[^/]+/.test(pathname)) return ["Shell", "RoadmapPage"];
  if (/^\/w\/[^/]+\/changes\/[^/]+/.test(pathname)) return ["Shell", "ChangePage"];
  if (ws) return ["Shell", WORKSPACE_PAGES[ws[1] ?? ""] ?? "ComingSoonPage"];
  if (pathname === "/" || pathname === "") return ["Shell", "HomePage"];
  if (pathname.startsWith("/login")) return ["LoginPage"];
  if (pathname.startsWith("/s/")) return ["SharedRoadmapPage"];
  if (pathname.startsWith("/changelog/")) return ["PublicChangelogPage"];
  if (pathname.startsWith("/unsubscribe/")) return ["UnsubscribePage"];
  if (pathname.startsWith("/setup")) return ["SetupPage"];
  if (pathname.startsWith("/invite/")) return ["InvitePage"];
  if (pathname.startsWith("/forgot-password")) return ["ForgotPasswordPage"];
  if (pathname.startsWith("/reset-password")) return ["ResetPasswordPage"];
  return [];
}

/** Loads the chunks a URL renders first; never rejects (a failed chunk shows its error when rendered). */
export function preloadFor(pathname: string): Promise<unknown> {
  return Promise.all(chunksFor(pathname).map((k) => pages[k].preload().catch(() => undefined)));
}

/** Loads every page when the browser has nothing better to do, so navigation never waits. */
export function preloadAll() {
  const run = () => {
    for (const p of Object.values(pages)) void p.preload().catch(() => undefined);
  };
  if ("requestIdleCallback" in window) window.requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1500);
}

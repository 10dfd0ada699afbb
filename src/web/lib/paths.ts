/** Every in-app URL in one place: routes carry the workspace id. */
export const paths = {
  root: "/",
  setup: "/setup",
  login: (next?: string) => (next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"),
  forgotPassword: "/forgot-password",
  invite: (token: string) => `/invite/${token}`,
  home: (wid: string) => `/w/${wid}`,
  products: (wid: string) => `/w/${wid}/products`,
  people: (wid: string, tab: "members" | "teams" = "teams") => `/w/${wid}/people/${tab}`,
  settings: (wid: string, tab: SettingsTab = "general") => `/w/${wid}/settings/${tab}`,
  audit: (wid: string) => `/w/${wid}/audit`,
  account: (wid: string, tab: AccountTab = "profile") => `/w/${wid}/account/${tab}`,
  module: (wid: string, key: string) => `/w/${wid}/${key}`,
};

/** URLs of the ideas and scoring pages (with the workspace id). */
export const ideaPaths = {
  index: (wid: string) => `/w/${wid}/ideas`,
  backlog: (wid: string, pid: string) => `/w/${wid}/products/${pid}/ideas`,
  idea: (wid: string, id: string) => `/w/${wid}/ideas/${id}`,
  factors: (wid: string, productId?: string | null) =>
    `/w/${wid}/settings/scoring${productId ? `?product=${encodeURIComponent(productId)}` : ""}`,
};

export type SettingsTab =
  | "general"
  | "members"
  | "invitations"
  | "tokens"
  | "outbox"
  | "permissions"
  | "scoring";
export type AccountTab = "profile" | "password" | "sessions" | "notifications";

/** Only same-app paths are followed after log-in (no open redirects). */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

const LAST_WS = "baton-last-workspace";
export function rememberWorkspace(wid: string) {
  try {
    localStorage.setItem(LAST_WS, wid);
  } catch {
    // private mode: nothing to remember
  }
}
export function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(LAST_WS);
  } catch {
    return null;
  }
}

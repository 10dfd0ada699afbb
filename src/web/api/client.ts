/**
 * The one way the web app talks to the server: JSON over fetch, same-origin cookies,
 * the session's CSRF token on every write, and `{error:{code,message,fields}}` turned into ApiError.
 */

export const API_BASE = "/api/v1";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly path: string;
  constructor(
    status: number,
    code: string,
    message: string,
    fields: Record<string, string> | undefined,
    path: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields ?? {};
    this.path = path;
  }
  /** A stale `version`: someone else saved the same record since we read it. */
  get isStale(): boolean {
    return this.status === 409 && "version" in this.fields;
  }
}

let csrfToken: string | null = null;
/** Called whenever a SessionInfo arrives (session, login, setup, accept). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Listeners told about a 401 from anywhere (the app drops the session and goes to log-in). */
const unauthorizedListeners = new Set<(err: ApiError) => void>();
export function onUnauthorized(fn: (err: ApiError) => void) {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}
/** Endpoints whose 401 means "wrong credentials", not "your session ended". */
const CREDENTIAL_PATHS = ["/auth/login", "/auth/session", "/invitations/accept", "/setup"];

async function send<T>(method: Method, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(
      0,
      "network",
      "Cannot reach the Baton server. Check your connection and try again.",
      {},
      path,
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (
      data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null
    )?.error;
    throw new ApiError(
      res.status,
      e?.code ?? (res.status >= 500 ? "internal" : "error"),
      e?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      e?.fields,
      path,
    );
  }
  return data as T;
}

let refreshingCsrf: Promise<void> | null = null;
async function refreshCsrf() {
  refreshingCsrf ??= send<{ csrfToken: string }>("GET", "/auth/session", undefined)
    .then((s) => setCsrfToken(s.csrfToken))
    .catch(() => undefined)
    .finally(() => {
      refreshingCsrf = null;
    });
  return refreshingCsrf;
}

/** Calls the API; a write rejected for a stale CSRF token is retried once with a fresh token. */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  try {
    return await send<T>(method, path, body, signal);
  } catch (err) {
    if (err instanceof ApiError) {
      if (err.code === "csrf" && method !== "GET") {
        await refreshCsrf();
        return send<T>(method, path, body, signal);
      }
      if (err.status === 401 && !CREDENTIAL_PATHS.some((p) => path.startsWith(p))) {
        for (const fn of unauthorizedListeners) fn(err);
      }
    }
    throw err;
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>("GET", withQuery(path, query), undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, body ?? {}),
  delete: <T = void>(path: string) => request<T>("DELETE", path),
};

/** A readable message for any error thrown by a query or mutation. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong";
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

import { z } from "zod";
import { CursorSchema, int, num, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/**
 * API contract of monitored competitor sources (docs/COMPETITORS.md "Monitoring"): a web page, a feed, a sitemap,
 * a JSON endpoint, GitHub releases or an App Store listing; its schedule, its noise rules and its health.
 */

export const MONITOR_KINDS = ["page", "feed", "sitemap", "json", "github_releases", "app_store"] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];
export const MonitorKindSchema = z.enum(MONITOR_KINDS);

/**
 * Why the last check failed (a visible state, never a false "changed"): the fetch (timeout, redirect_loop,
 * too_large, network, private_address, bad_url), the answer (blocked 401/403, rate_limited 429/503, http_error,
 * not_html, bad_content, error_page: a 200 that is an error or challenge page), the rules (robots: robots.txt
 * disallows us; selector_missing: the watched element or JSON pointer is gone).
 */
export const MONITOR_ERROR_CODES = [
  "timeout",
  "redirect_loop",
  "too_large",
  "network",
  "private_address",
  "bad_url",
  "blocked",
  "rate_limited",
  "http_error",
  "not_html",
  "bad_content",
  "error_page",
  "robots",
  "selector_missing",
  "internal",
] as const;
export type MonitorErrorCode = (typeof MONITOR_ERROR_CODES)[number];

const HttpUrl = text()
  .trim()
  .max(2000, "Use at most 2,000 characters")
  .regex(/^https?:\/\/[^\s/]+/i, "Use an address that starts with http:// or https://");
const Slug = (what: string) =>
  text()
    .trim()
    .min(1, `Give the ${what}`)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, `Use the ${what} as it appears in the repository's URL`);
const Selector = text().trim().min(1, "Give a CSS selector").max(500, "Use at most 500 characters");

/** Longest ignore pattern, and how many unbounded quantifiers (*, +, {n,}) one may have. */
export const PATTERN_MAX_LENGTH = 200;
const PATTERN_MAX_UNBOUNDED = 2;

/**
 * Why an ignore pattern is refused, or null when it is safe to run on a page: it must compile, stay short, and
 * keep to a subset without catastrophic backtracking (no backreferences or lookbehind, no quantified group that
 * holds a quantifier or an alternation, at most two unbounded quantifiers, bounded repeats ≤ 100).
 */
export function unsafePatternReason(source: string): string | null {
  if (source.length > PATTERN_MAX_LENGTH) return `Use at most ${PATTERN_MAX_LENGTH} characters`;
  try {
    new RegExp(source, "giu");
  } catch (e) {
    return `Not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, "")})`;
  }
  if (/\\[1-9]|\\k</.test(source)) return "Backreferences are not allowed";
  if (/\(\?<[=!]/.test(source)) return "Lookbehind is not allowed";
  // Walk the pattern: groups remember whether they hold a quantifier or an alternation.
  const stack: { quantified: boolean; alternation: boolean }[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      continue;
    }
    const top = stack[stack.length - 1]!;
    if (c === "(") {
      stack.push({ quantified: false, alternation: false });
      continue;
    }
    if (c === "|") {
      top.alternation = true;
      continue;
    }
    let quantifier: "unbounded" | "bounded" | null = null;
    let end = i;
    if (c === "*" || c === "+") quantifier = "unbounded";
    else if (c === "?") quantifier = source[i - 1] === "(" ? null : "bounded";
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        end = i + m[0].length - 1;
        if (m[2] && m[3] === "") quantifier = "unbounded";
        else if (Number(m[3] ?? m[1]) > 100) return "Repeat counts above 100 are not allowed";
        else quantifier = "bounded";
      }
    }
    if (c === ")") {
      const group = stack.pop()!;
      if (!stack.length) return "Unbalanced parentheses";
      const next = source[i + 1];
      const quantifiedGroup = next === "*" || next === "+" || next === "?" || next === "{";
      if (quantifiedGroup && (group.quantified || group.alternation))
        return "A repeated group may not contain a repeat or an alternation (it could take forever)";
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= group.quantified;
      continue;
    }
    if (quantifier) {
      top.quantified = true;
      if (quantifier === "unbounded" && ++unbounded > PATTERN_MAX_UNBOUNDED)
        return `Use at most ${PATTERN_MAX_UNBOUNDED} unbounded repeats (*, + or {n,})`;
      i = end;
      if (source[i + 1] === "?") i++; // lazy
    }
  }
  return null;
}

const IgnorePattern = text()
  .min(1, "Give a pattern")
  .superRefine((s, ctx) => {
    const why = unsafePatternReason(s);
    if (why) ctx.addIssue({ code: "custom", message: why });
  });

export const PageConfigSchema = z.object({
  /** Watch only what this CSS selector matches (all matches); else the page's readable text. */
  selector: Selector.nullable().default(null),
  /** Elements removed before the text is read (banners, "latest posts", counters). */
  ignoreSelectors: z.array(Selector).max(20, "Use at most 20 selectors").default([]),
  /** Regular expressions (a safe subset) whose matches are masked before comparing. */
  ignorePatterns: z.array(IgnorePattern).max(20, "Use at most 20 patterns").default([]),
  /** A pricing page: prices are read from it into the competitor's pricing history; changes default to high importance. */
  pricing: z.boolean().default(false),
});
export const FeedConfigSchema = z.object({});
export const SitemapConfigSchema = z.object({
  /** How many child sitemaps of a sitemap index are read (each one request). */
  maxSitemaps: int(1, 50).default(10),
});
/** RFC 6901: "" (the whole document) or "/a/0/b~1c" (~0 is "~", ~1 is "/"). */
export const JsonPointerSchema = text()
  .max(500, "Use at most 500 characters")
  .regex(/^(\/([^~]|~[01])*)*$/, 'Use a JSON pointer like /data/0/price (RFC 6901; "~0" for ~, "~1" for /)');
export const JsonConfigSchema = z.object({ pointer: JsonPointerSchema.default("") });
export const GitHubReleasesConfigSchema = z.object({
  owner: Slug("owner"),
  repo: Slug("repository name"),
  /** The API's base (GitHub Enterprise, or a local fake in tests). */
  apiUrl: HttpUrl.default("https://api.github.com"),
});
export const AppStoreConfigSchema = z.object({
  appId: text()
    .trim()
    .regex(/^\d{1,20}$/, "The app id is the number in the App Store link (id123456789)"),
  country: text()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2}$/, "Use a two-letter country code like us")
    .default("us"),
  /** The iTunes Search API's base (a local fake in tests). */
  apiUrl: HttpUrl.default("https://itunes.apple.com"),
});
export const MONITOR_CONFIG_SCHEMAS = {
  page: PageConfigSchema,
  feed: FeedConfigSchema,
  sitemap: SitemapConfigSchema,
  json: JsonConfigSchema,
  github_releases: GitHubReleasesConfigSchema,
  app_store: AppStoreConfigSchema,
} as const;
export type MonitorConfig<K extends MonitorKind = MonitorKind> = z.infer<(typeof MONITOR_CONFIG_SCHEMAS)[K]>;
export type PageConfig = MonitorConfig<"page">;

/** Minutes between checks: hourly to weekly; daily by default (with jitter). */
export const MonitorIntervalSchema = int(60, 7 * 24 * 60);
const Name = text().trim().min(1, "Give the monitor a name").max(200, "Use at most 200 characters");
const Threshold = num(0, 100);

const common = {
  name: Name,
  enabled: z.boolean().default(true),
  intervalMinutes: MonitorIntervalSchema.default(1440),
  /** Changes smaller than this share of words (%) are kept but not reported. */
  thresholdPercent: Threshold.default(1),
};
/** Kinds that watch a URL someone gives; GitHub and the App Store derive theirs from the config. */
const withUrl = { url: HttpUrl };
export const CreateMonitorSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("page"),
    config: PageConfigSchema.default(PageConfigSchema.parse({})),
    ...withUrl,
    ...common,
  }),
  z.object({ kind: z.literal("feed"), config: FeedConfigSchema.default({}), ...withUrl, ...common }),
  z.object({
    kind: z.literal("sitemap"),
    config: SitemapConfigSchema.default({ maxSitemaps: 10 }),
    ...withUrl,
    ...common,
  }),
  z.object({
    kind: z.literal("json"),
    config: JsonConfigSchema.default({ pointer: "" }),
    ...withUrl,
    ...common,
  }),
  z.object({ kind: z.literal("github_releases"), config: GitHubReleasesConfigSchema, ...common }),
  z.object({ kind: z.literal("app_store"), config: AppStoreConfigSchema, ...common }),
]);
export type CreateMonitor = z.infer<typeof CreateMonitorSchema>;

/** The kind stays; `config` is checked against it (a whole new config, not a patch); `url` only for URL kinds. */
export const UpdateMonitorSchema = z
  .object({
    name: Name,
    url: HttpUrl,
    enabled: z.boolean(),
    intervalMinutes: MonitorIntervalSchema,
    thresholdPercent: Threshold,
    config: z.record(z.string(), z.unknown()),
  })
  .partial()
  .extend({ version: VersionSchema });
export type UpdateMonitor = z.infer<typeof UpdateMonitorSchema>;

const Timestamp = z.string();
export const MonitorErrorSchema = z.object({ code: z.string(), message: z.string(), at: Timestamp });
/** ok: the last check succeeded; pending: never checked; paused: disabled; else the last error's code. */
export const MonitorStateSchema = z.string();
export const MonitorHealthSchema = z.object({
  state: MonitorStateSchema,
  checking: z.boolean(),
  nextCheckAt: Timestamp.nullable(),
  lastCheckAt: Timestamp.nullable(),
  lastSuccessAt: Timestamp.nullable(),
  lastChangeAt: Timestamp.nullable(),
  lastError: MonitorErrorSchema.nullable(),
  consecutiveFailures: z.number().int(),
  checks: z.number().int(),
});
export type MonitorHealth = z.infer<typeof MonitorHealthSchema>;
export const MonitorSchema = z.object({
  id: IdSchema,
  competitorId: IdSchema,
  kind: MonitorKindSchema,
  name: z.string(),
  url: z.string(),
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  intervalMinutes: z.number().int(),
  thresholdPercent: z.number(),
  health: MonitorHealthSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Monitor = z.infer<typeof MonitorSchema>;
export const MonitorListSchema = z.object({ items: z.array(MonitorSchema) });

/** The workspace's health overview: monitors with their competitor's name, a page at a time. */
export const MonitorOverviewItemSchema = MonitorSchema.extend({ competitorName: z.string() });
export type MonitorOverviewItem = z.infer<typeof MonitorOverviewItemSchema>;
export const MonitorOverviewSchema = z.object({
  items: z.array(MonitorOverviewItemSchema),
  nextCursor: z.string().nullable(),
  /**
   * Across the workspace: every monitor, the enabled ones whose last check failed, the paused ones, the enabled ones
   * whose check time has come (queued or being checked: after "check all now", those not checked yet) and those
   * being checked at this moment.
   */
  counts: z.object({
    total: z.number().int(),
    failing: z.number().int(),
    paused: z.number().int(),
    due: z.number().int(),
    checking: z.number().int(),
  }),
});
export type MonitorOverview = z.infer<typeof MonitorOverviewSchema>;
export const MonitorOverviewQuerySchema = z.object({
  /** Only monitors whose last check failed. */
  failing: z.enum(["true", "false"]).optional(),
  cursor: CursorSchema.optional(),
  limit: queryInt(1, 200).default(50),
});
export type MonitorOverviewQuery = z.infer<typeof MonitorOverviewQuerySchema>;

/** Check now, in bulk: every enabled monitor of the workspace, or of one competitor. */
export const CheckAllSchema = z.object({ competitorId: IdSchema.optional() });
export type CheckAll = z.infer<typeof CheckAllSchema>;
export const CheckAllResultSchema = z.object({
  /** Monitors whose check was queued now (those already due or paused are left as they are). */
  queued: z.number().int(),
});

export const CheckResultSchema = z.object({
  /**
   * first: the first snapshot; unchanged: same content (nothing stored); not_modified: 304; changed: a change
   * was stored (reported or below the threshold); error: recorded on the monitor; busy: another check holds it.
   */
  outcome: z.enum(["first", "unchanged", "not_modified", "changed", "error", "busy"]),
  change: z
    .object({
      id: IdSchema,
      changedPercent: z.number(),
      addedWords: z.number().int(),
      removedWords: z.number().int(),
      reported: z.boolean(),
      summary: z.string(),
      suggestedCategory: z.string(),
      importance: z.string(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Prices read from a pricing page on this check. */
  prices: z.array(
    z.object({
      plan: z.string(),
      price: z.number(),
      currency: z.string(),
      period: z.string(),
      unit: z.string().optional(),
    }),
  ),
  monitor: MonitorSchema,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

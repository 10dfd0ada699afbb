import { z } from "zod";
import { CursorSchema, int, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/**
 * API contract of polled feedback sources (docs/FEEDBACK.md "Sources"): a connector's configuration, its
 * schedule and its state. Secrets (tokens) are write-only: a source says which ones are set, never their value.
 */

export const SOURCE_KINDS = ["rss", "hackernews", "mastodon", "github", "appstore", "bluesky"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SourceKindSchema = z.enum(SOURCE_KINDS);

const HttpUrl = text()
  .trim()
  .max(2000, "Use at most 2,000 characters")
  .regex(/^https?:\/\/[^\s/]+/i, "Use an address that starts with http:// or https://");
const Word = (max: number, what: string) =>
  text().trim().min(1, `Give the ${what}`).max(max, `Use at most ${max} characters`);
const Slug = (what: string) =>
  text()
    .trim()
    .min(1, `Give the ${what}`)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, `Use the ${what} as it appears in the repository's URL`);

export const RssConfigSchema = z.object({ url: HttpUrl });
export const HackerNewsConfigSchema = z.object({
  query: Word(200, "search words"),
  /** Stories, comments or both. */
  tags: z.enum(["story", "comment", "both"]).default("both"),
  apiUrl: HttpUrl.default("https://hn.algolia.com"),
});
export const MastodonConfigSchema = z.object({
  /** The instance, e.g. https://mastodon.social. */
  instanceUrl: HttpUrl,
  hashtag: text()
    .trim()
    .transform((s) => s.replace(/^#/, ""))
    .pipe(
      text()
        .min(1, "Give the hashtag")
        .max(100)
        .regex(/^[\p{L}\p{N}_]+$/u, "A hashtag has letters, digits and underscores only"),
    ),
});
export const GitHubConfigSchema = z.object({
  owner: Slug("owner"),
  repo: Slug("repository name"),
  apiUrl: HttpUrl.default("https://api.github.com"),
});
export const AppStoreConfigSchema = z.object({
  appId: text()
    .trim()
    .regex(/^\d{1,20}$/, "The app id is the number in the App Store link (id123456789)"),
  country: text()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2}$/, "Use a two-letter country code like us"),
  apiUrl: HttpUrl.default("https://itunes.apple.com"),
});
export const BlueskyConfigSchema = z.object({
  /** The account that searches: its handle (name.bsky.social) or e-mail; its app password is a secret. */
  identifier: text()
    .trim()
    .min(1, "Give the account's handle or e-mail")
    .max(253, "Use at most 253 characters")
    .transform((s) => s.replace(/^@/, "")),
  query: Word(300, "search words"),
  /** The account's service (its PDS or the entryway), which also answers searches. */
  apiUrl: HttpUrl.default("https://bsky.social"),
});
export const SOURCE_CONFIG_SCHEMAS = {
  rss: RssConfigSchema,
  hackernews: HackerNewsConfigSchema,
  mastodon: MastodonConfigSchema,
  github: GitHubConfigSchema,
  appstore: AppStoreConfigSchema,
  bluesky: BlueskyConfigSchema,
} as const;
export type SourceConfig<K extends SourceKind = SourceKind> = z.infer<(typeof SOURCE_CONFIG_SCHEMAS)[K]>;

/** Write-only secrets: a string sets it, null removes it, absent keeps it. */
export const SourceSecretsSchema = z
  .object({
    /** A bearer token (Mastodon, GitHub). */
    token: text().trim().min(1).max(500).nullable(),
    /** An app password (Bluesky): Baton signs in with it and keeps the session it gets. */
    appPassword: text().trim().min(1).max(500).nullable(),
  })
  .partial();
/** The secrets a person sets (others, such as a stored session, are Baton's own and never listed). */
export const SECRET_NAMES = ["token", "appPassword"] as const;
/** Which secret each kind needs (the source cannot be polled without it). */
export const REQUIRED_SECRET: Partial<Record<SourceKind, (typeof SECRET_NAMES)[number]>> = {
  bluesky: "appPassword",
};
export type SourceSecrets = z.infer<typeof SourceSecretsSchema>;

/** Minutes between polls: at least 5 (be polite to the service), at most a week. */
export const IntervalSchema = int(5, 7 * 24 * 60);
const Name = text().trim().min(1, "Give the source a name").max(200, "Use at most 200 characters");

const common = {
  name: Name,
  productId: IdSchema.nullable().default(null),
  enabled: z.boolean().default(true),
  intervalMinutes: IntervalSchema.default(60),
  secrets: SourceSecretsSchema.default({}),
};
export const CreateSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rss"), config: RssConfigSchema, ...common }),
  z.object({ kind: z.literal("hackernews"), config: HackerNewsConfigSchema, ...common }),
  z.object({ kind: z.literal("mastodon"), config: MastodonConfigSchema, ...common }),
  z.object({ kind: z.literal("github"), config: GitHubConfigSchema, ...common }),
  z.object({ kind: z.literal("appstore"), config: AppStoreConfigSchema, ...common }),
  z.object({ kind: z.literal("bluesky"), config: BlueskyConfigSchema, ...common }),
]);
export type CreateSource = z.infer<typeof CreateSourceSchema>;

/** The kind stays; `config` is checked against it (a whole new config, not a patch). */
export const UpdateSourceSchema = z
  .object({
    name: Name,
    productId: IdSchema.nullable(),
    enabled: z.boolean(),
    intervalMinutes: IntervalSchema,
    config: z.record(z.string(), z.unknown()),
    secrets: SourceSecretsSchema,
  })
  .partial()
  .extend({ version: VersionSchema });
export type UpdateSource = z.infer<typeof UpdateSourceSchema>;

const Timestamp = z.string();
export const SourceErrorSchema = z.object({
  /** http_429, http_500, not_modified …, a fetch failure (timeout, blocked_address …) or bad_body. */
  code: z.string(),
  message: z.string(),
  at: Timestamp,
});
export const SourceSchema = z.object({
  id: IdSchema,
  kind: SourceKindSchema,
  name: z.string(),
  productId: IdSchema.nullable(),
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  intervalMinutes: z.number().int(),
  /** Names of the secrets that are set (their values are never returned). */
  secretsSet: z.array(z.string()),
  state: z.object({
    cursor: z.string().nullable(),
    nextPollAt: Timestamp,
    polling: z.boolean(),
    lastPolledAt: Timestamp.nullable(),
    lastSuccessAt: Timestamp.nullable(),
    lastError: SourceErrorSchema.nullable(),
    consecutiveFailures: z.number().int(),
    lastImported: z.number().int(),
    /** When a poll last brought at least one new item. */
    lastNewAt: Timestamp.nullable(),
    totalImported: z.number().int(),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Source = z.infer<typeof SourceSchema>;
export const SourceListSchema = z.object({ items: z.array(SourceSchema), nextCursor: z.string().nullable() });
/** Sources oldest first, `limit` (≤ 200, default 50) a page; `cursor` is the previous page's nextCursor. */
export const SourceListQuerySchema = z.object({
  cursor: CursorSchema.optional(),
  limit: queryInt(1, 200).default(50),
});
export type SourceListQuery = z.infer<typeof SourceListQuerySchema>;

export const PollResultSchema = z.object({
  /** ok: fetched and ingested; not_modified: 304; error: recorded on the source; busy: another poll holds it. */
  outcome: z.enum(["ok", "not_modified", "error", "busy"]),
  fetched: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  requests: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  source: SourceSchema,
});
export type PollResult = z.infer<typeof PollResultSchema>;

import { LOGO_MAX_BYTES, type LogoInfo, sniffImage } from "../../../shared/competitors.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { AppError, invalid, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { FetchError, type GuardedFetchOptions, guardedFetch } from "../../lib/http/guarded-fetch.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { deleteLogoRow, selectLogo, selectLogoInfo, upsertLogo } from "./competitors.queries.ts";
import { getCompetitor, lockCompetitorOf } from "./competitors.service.ts";

/**
 * A competitor's logo: uploaded (raw image body) or fetched (the website's icon, through the guarded client).
 * Only raster images recognised by their magic bytes are kept, whatever Content-Type claims: never SVG, which
 * can carry script. They are served back with their sniffed type, nosniff and a CSP that allows nothing.
 */

const UPLOAD_FIELD = "body";
const KINDS = "a PNG, JPEG, WebP, GIF or ICO image";

/** The logo's size and type; 404 when the competitor has none. */
export async function getLogoInfo(db: Db, workspaceId: string, competitorId: string): Promise<LogoInfo> {
  const r = await selectLogoInfo(db, workspaceId, competitorId);
  if (!r) throw notFound("Logo");
  return isoColumns({ ...r, bytes: Number(r.bytes) }, "updatedAt");
}

/** The logo's bytes and type (checked again on the way out); 404 when there is none. */
export async function readLogo(db: Db, workspaceId: string, competitorId: string) {
  await getCompetitor(db, workspaceId, competitorId);
  const r = await selectLogo(db, workspaceId, competitorId);
  if (!r) throw notFound("Logo");
  const bytes = Buffer.from(r.b64, "base64");
  const type = sniffImage(bytes);
  if (!type) throw notFound("Logo");
  return { bytes, contentType: type, updatedAt: isoColumns(r, "updatedAt").updatedAt };
}

/** Checks an image's size and kind from its bytes: 413 over 256 kB, 400 when it is not a raster image we keep. */
export function checkLogo(bytes: Buffer, field = UPLOAD_FIELD) {
  if (bytes.length > LOGO_MAX_BYTES)
    throw new AppError("payload_too_large", `A logo may be at most ${LOGO_MAX_BYTES / 1024} kB`);
  if (bytes.length === 0) throw invalid({ [field]: `Send ${KINDS}` });
  const type = sniffImage(bytes);
  if (!type) throw invalid({ [field]: `Not ${KINDS} (SVG is not accepted)` });
  return type;
}

async function storeLogo(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  bytes: Buffer,
  fetchedFrom: string | null,
  clock: Clock,
) {
  const contentType = checkLogo(bytes);
  await lockCompetitorOf(db, ctx.workspaceId, competitorId);
  await upsertLogo(db, ctx.workspaceId, competitorId, {
    contentType,
    bytes,
    fetchedFrom,
    now: clock.now().toISOString(),
  });
  const info = await getLogoInfo(db, ctx.workspaceId, competitorId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: fetchedFrom ? "competitor.logo_fetch" : "competitor.logo_upload",
    entityType: "competitor",
    entityId: competitorId,
    after: { contentType: info.contentType, bytes: info.bytes, fetchedFrom },
  });
  return info;
}

/** Stores an uploaded logo (raw bytes of the request body). */
export function uploadLogo(db: Db, ctx: WorkspaceContext, competitorId: string, bytes: Buffer, clock: Clock) {
  return storeLogo(db, ctx, competitorId, bytes, null, clock);
}

export async function deleteLogo(db: Db, ctx: WorkspaceContext, competitorId: string) {
  await lockCompetitorOf(db, ctx.workspaceId, competitorId);
  if (!(await deleteLogoRow(db, ctx.workspaceId, competitorId))) throw notFound("Logo");
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "competitor.logo_delete",
    entityType: "competitor",
    entityId: competitorId,
  });
}

/** Fetch settings tests override (loopback for a local server, no per-host pause); production uses the defaults. */
export type LogoFetchOptions = Pick<
  GuardedFetchOptions,
  "allowPrivate" | "hostQueue" | "timeoutMs" | "resolve"
>;

const PAGE_MAX_BYTES = 1024 * 1024;
const ICON_REL = /(^|\s)(icon|shortcut icon|apple-touch-icon)(\s|$)/i;

/** The icons a page's <head> declares (<link rel="icon" href>), resolved against the page's URL, best first. */
export function iconLinks(html: string, base: string): string[] {
  const head = html.slice(0, 200_000);
  const found: { url: string; rank: number }[] = [];
  for (const m of head.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const rel = /\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const relValue = rel ? (rel[1] ?? rel[2] ?? rel[3] ?? "") : "";
    const hrefValue = href ? (href[1] ?? href[2] ?? href[3] ?? "").trim() : "";
    if (!hrefValue || !ICON_REL.test(relValue) || /\.svg(\?|#|$)/i.test(hrefValue)) continue;
    if (/\bimage\/svg/i.test(tag)) continue;
    try {
      const url = new URL(hrefValue.replaceAll("&amp;", "&"), base);
      if (url.protocol !== "http:" && url.protocol !== "https:") continue;
      found.push({ url: url.href, rank: /apple-touch-icon/i.test(relValue) ? 1 : 0 });
    } catch {
      // an unparsable href: skip it
    }
  }
  return [...new Set(found.sort((a, b) => a.rank - b.rank).map((f) => f.url))];
}

async function tryIcon(url: string, opts: LogoFetchOptions) {
  try {
    const res = await guardedFetch(url, {
      ...opts,
      maxBytes: LOGO_MAX_BYTES,
      timeoutMs: opts.timeoutMs ?? 10_000,
    });
    if (res.status !== 200 || !sniffImage(res.body)) return null;
    return { bytes: res.body, url: res.url };
  } catch {
    return null;
  }
}

/**
 * Finds the website's icon: the page's <link rel="icon">, else /favicon.ico, only through the guarded client
 * (private addresses refused, size and time caps). Network work happens before any transaction; 400 naming
 * `website` when there is no website or no usable icon.
 */
export async function findFavicon(website: string | null, opts: LogoFetchOptions = {}) {
  if (!website) throw invalid({ website: "Add the competitor's website first" });
  let base = website;
  const candidates: string[] = [];
  let refused: string | null = null;
  try {
    const page = await guardedFetch(website, {
      ...opts,
      maxBytes: PAGE_MAX_BYTES,
      timeoutMs: opts.timeoutMs ?? 10_000,
    });
    base = page.url;
    const type = String(page.headers["content-type"] ?? "");
    if (page.status === 200 && /html/i.test(type)) candidates.push(...iconLinks(page.text(), page.url));
  } catch (err) {
    if (err instanceof FetchError && (err.code === "blocked_address" || err.code === "bad_url"))
      refused = err.message;
  }
  if (refused) throw invalid({ website: `Cannot fetch from this address: ${refused}` });
  candidates.push(new URL("/favicon.ico", base).href);
  for (const url of [...new Set(candidates)].slice(0, 5)) {
    const icon = await tryIcon(url, opts);
    if (icon) return icon;
  }
  throw invalid({ website: "No usable icon (PNG, JPEG, WebP, GIF or ICO) found on this website" });
}

/** Stores a fetched icon as the competitor's logo. */
export function storeFetchedLogo(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  icon: { bytes: Buffer; url: string },
  clock: Clock,
) {
  return storeLogo(db, ctx, competitorId, icon.bytes, icon.url, clock);
}

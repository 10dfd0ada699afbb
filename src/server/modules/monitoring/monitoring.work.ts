import type { MonitorErrorCode, PageConfig } from "../../../shared/monitoring.schemas.ts";
import { decodeText } from "../../lib/http/response-body.ts";
import { diffTexts, normalizeText, sha256, type TextDiff } from "./monitoring.diff.ts";
import { extractPage, extractPrices, looksLikeErrorPage, type ObservedPrice } from "./monitoring.extract.ts";

/**
 * A check's CPU work, as tasks that run in a worker thread (monitoring.worker.ts) or, when workers cannot run,
 * on the main thread (monitoring.pool.ts): parsing a page (linkedom, Readability), masking volatile tokens,
 * hashing, reading prices, diffing. Plain data in and out (structured clone); no network, no database.
 */

export type WorkTask =
  | {
      kind: "page";
      /** The answer's bytes (decoded here: the main thread keeps no copy of the page as a string). */
      body: Uint8Array;
      contentType: string;
      config: PageConfig;
      previousLength: number | null;
      /** The latest snapshot's hash: the same text is not sent back. */
      latestHash: string | null;
    }
  | { kind: "normalize"; text: string; ignorePatterns: string[] }
  | { kind: "diff"; before: string; after: string };

/** A page read and normalized, or why it cannot be compared (an error page, the selector gone). */
export type PageWork =
  | { ok: false; code: Extract<MonitorErrorCode, "error_page" | "selector_missing">; message: string }
  | {
      ok: true;
      /** The normalized text; "" when its hash is the latest snapshot's (unchanged: not needed). */
      text: string;
      hash: string;
      prices: ObservedPrice[];
      headings: string[];
    };

export interface Normalized {
  text: string;
  hash: string;
}

export type WorkResult<T extends WorkTask> = T extends { kind: "page" }
  ? PageWork
  : T extends { kind: "normalize" }
    ? Normalized
    : TextDiff;

/** Normalized text and its hash (what a snapshot stores and compares). */
export function normalized(text: string, ignorePatterns: readonly string[]): Normalized {
  const t = normalizeText(text, ignorePatterns);
  return { text: t, hash: sha256(t) };
}

/**
 * A fetched page → its normalized text, hash, prices (pricing pages) and headings; the DOM is dropped before
 * this returns. The error-page heuristics look at the extracted text, as before masking.
 */
export function readPage(
  html: string,
  config: PageConfig,
  previousLength: number | null,
  latestHash: string | null = null,
): PageWork {
  const page = extractPage(html, config);
  const errorPage = looksLikeErrorPage(page, previousLength);
  if (errorPage) return { ok: false, code: "error_page", message: errorPage };
  if (page.selectorMissing)
    return {
      ok: false,
      code: "selector_missing",
      message: `Nothing on the page matches the selector "${config.selector}" any more`,
    };
  const { text, hash } = normalized(page.text, config.ignorePatterns);
  return {
    ok: true,
    text: hash === latestHash ? "" : text,
    hash,
    prices: config.pricing ? extractPrices(page.blocks) : [],
    headings: page.blocks.filter((b) => b.isHeading).map((b) => b.text),
  };
}

export async function runWork(task: WorkTask): Promise<PageWork | Normalized | TextDiff> {
  switch (task.kind) {
    case "page":
      return readPage(
        decodeText(
          Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength),
          task.contentType,
        ),
        task.config,
        task.previousLength,
        task.latestHash,
      );
    case "normalize":
      return normalized(task.text, task.ignorePatterns);
    case "diff":
      return diffTexts(task.before, task.after);
  }
}

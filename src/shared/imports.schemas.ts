import { z } from "zod";
import { text } from "./primitives.schemas.ts";

/**
 * CSV imports of customers and feedback (docs/FEEDBACK.md, "CSV import"): the same conventions as the ideas
 * import — a mapping of fields to CSV columns (guessed from the header names when none is sent), a dry run
 * that reports every row's errors and writes nothing, and an import that writes nothing while any row has one.
 */

/** Customers: one row is a person, a company, or a person with their company. */
export const CUSTOMER_IMPORT_FIELDS = [
  "name",
  "email",
  "externalId",
  "companyName",
  "companyDomain",
  "segment",
  "plan",
  "arr",
  "mrr",
  "currency",
] as const;
export type CustomerImportField = (typeof CUSTOMER_IMPORT_FIELDS)[number];

/** Feedback: one row is one item; its author is a customer (by e-mail, created when unknown) or a handle. */
export const FEEDBACK_IMPORT_FIELDS = [
  "text",
  "title",
  "externalId",
  "receivedAt",
  "email",
  "authorName",
  "handle",
  "company",
  "url",
  "tags",
] as const;
export type FeedbackImportField = (typeof FEEDBACK_IMPORT_FIELDS)[number];

/** Largest CSV text accepted (characters) and most data rows per import. */
export const CSV_IMPORT_MAX_CHARS = 60_000_000;
export const CSV_IMPORT_MAX_ROWS = 200_000;

const csvBody = <F extends readonly [string, ...string[]]>(fields: F) =>
  z.object({
    // Not text(): a NUL or lone surrogate in a cell is reported per row by the import.
    csv: z
      .string()
      .min(1, "The file is empty")
      .max(CSV_IMPORT_MAX_CHARS, `The file is larger than ${CSV_IMPORT_MAX_CHARS / 1e6} MB`),
    mapping: z.partialRecord(z.enum(fields), text().max(200)).optional(),
    dryRun: z.boolean().default(false),
  });
export const ImportCustomersSchema = csvBody(CUSTOMER_IMPORT_FIELDS);
export type ImportCustomers = z.infer<typeof ImportCustomersSchema>;
export const ImportFeedbackSchema = csvBody(FEEDBACK_IMPORT_FIELDS);
export type ImportFeedback = z.infer<typeof ImportFeedbackSchema>;

const Counts = z.object({ created: z.number().int(), updated: z.number().int() });
export const RowErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type RowError = z.infer<typeof RowErrorSchema>;

/**
 * What an import did, or (dry run) would do: rows read, the header, the mapping used, the first 1,000 row
 * errors (rows numbered as in the file, the header being row 1).
 */
const ResultBase = {
  dryRun: z.boolean(),
  rows: z.number().int(),
  columns: z.array(z.string()),
  mapping: z.record(z.string(), z.string()),
  errors: z.array(RowErrorSchema),
};
export const CustomerImportResultSchema = z.object({
  ...ResultBase,
  companies: Counts,
  people: Counts,
});
export type CustomerImportResult = z.infer<typeof CustomerImportResultSchema>;
export const FeedbackImportResultSchema = z.object({
  ...ResultBase,
  /** New items, and rows whose item was imported before (same external id, or the same row content). */
  created: z.number().int(),
  existing: z.number().int(),
  /** Customers created for authors' e-mails that matched nobody. */
  peopleCreated: z.number().int(),
});
export type FeedbackImportResult = z.infer<typeof FeedbackImportResultSchema>;

/** Guesses which CSV column feeds which field from the header names (case, spaces, `_` and `-` ignored). */
export function guessColumns<F extends string>(
  fields: readonly F[],
  aliases: Record<F, string[]>,
  columns: string[],
): Partial<Record<F, string>> {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, "");
  const out: Partial<Record<F, string>> = {};
  const used = new Set<string>();
  for (const f of fields) {
    const hit = columns.find((c) => !used.has(c) && aliases[f].some((a) => norm(a) === norm(c)));
    if (hit) {
      out[f] = hit;
      used.add(hit);
    }
  }
  return out;
}

export const CUSTOMER_ALIASES: Record<CustomerImportField, string[]> = {
  name: ["name", "full name", "person", "contact", "contact name", "customer", "customer name"],
  email: ["email", "e-mail", "email address", "mail", "contact email"],
  externalId: ["external id", "externalid", "id", "customer id", "crm id", "user id"],
  companyName: ["company", "company name", "organization", "organisation", "account", "account name"],
  companyDomain: ["domain", "company domain", "website"],
  segment: ["segment", "tier", "company segment"],
  plan: ["plan", "subscription", "pricing plan"],
  arr: ["arr", "annual revenue", "annual recurring revenue"],
  mrr: ["mrr", "monthly revenue", "monthly recurring revenue"],
  currency: ["currency"],
};

export const FEEDBACK_ALIASES: Record<FeedbackImportField, string[]> = {
  text: ["text", "feedback", "body", "message", "comment", "content", "description"],
  title: ["title", "subject", "summary"],
  externalId: ["external id", "externalid", "id", "ticket id", "feedback id"],
  receivedAt: ["received at", "received", "date", "created at", "created", "timestamp", "time"],
  email: ["email", "e-mail", "author email", "customer email", "from", "requester email"],
  authorName: ["author", "author name", "name", "customer", "customer name", "requester"],
  handle: ["handle", "username", "user name", "screen name"],
  company: ["company", "company name", "organization", "organisation", "account"],
  url: ["url", "link", "original url", "permalink"],
  tags: ["tags", "labels", "tag"],
};

/** PostgreSQL error codes we turn into field-level errors (same on PGlite and pg). */
export function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code;
}
export const isUniqueViolation = (err: unknown) => pgCode(err) === "23505";
export const isForeignKeyViolation = (err: unknown) => pgCode(err) === "23503";

/**
 * The request field behind a foreign-key refusal on insert or update ("Key (workspace_id, round_id)=(…) is not
 * present in table …" → "roundId"): composite tenant keys refuse another workspace's ids this way.
 */
export function missingReferenceField(err: unknown): string | null {
  if (!isForeignKeyViolation(err)) return null;
  const e = err as { detail?: string; cause?: { detail?: string } };
  const m = /^Key \(([^)]*)\)=\(.*\) is not present in table/s.exec(e?.detail ?? e?.cause?.detail ?? "");
  const columns = m?.[1]
    .split(",")
    .map((c) => c.trim().replaceAll('"', ""))
    .filter((c) => c !== "workspace_id");
  if (columns?.length !== 1) return null;
  return columns[0].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

import { readFileSync } from "node:fs";
import { AppError, invalid } from "../../server/errors.ts";
import { type FactorSet, PutFactorsSchema } from "../../shared/ideas.schemas.ts";
import { withBackend } from "../lib/backend.ts";
import { readStdin } from "../lib/input.ts";
import { plural, table } from "../lib/output.ts";
import { resolveProduct, workspaceScope } from "../lib/scope.ts";

interface Scope {
  product?: string;
  workspace?: string;
}

function printSet(set: FactorSet, what: string) {
  const scope =
    set.scope === "product"
      ? `${what}'s own factors`
      : `the workspace's factors${set.productId ? ` (${what} has none of its own)` : ""}`;
  console.log(`Scoring factors: ${scope}\n`);
  console.log(
    table(
      ["Factor", "Weight", "Direction", "Scale", "Labels", "Id"],
      set.factors.map((f) => [
        f.name,
        f.weight,
        f.kind === "rated" ? f.direction : `${f.direction}, computed: ${f.kind}`,
        `${f.scaleMin}–${f.scaleMax}`,
        f.labels.join(" / "),
        f.id,
      ]),
      48,
    ),
  );
}

/** `baton factors list` */
export async function runFactorsList(o: Scope & { json?: boolean }) {
  const { set, what } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = o.product ? await resolveProduct(b, ws.id, o.product) : null;
    return {
      set: await b.factorSet(ws.id, product?.id ?? null),
      what: product ? `product "${product.name}"` : `workspace "${ws.name}"`,
    };
  });
  if (o.json) console.log(JSON.stringify(set, null, 2));
  else printSet(set, what);
}

/**
 * The factors of a file: `{ "factors": [...] }` (the output of `factors list --json` too) or a bare array.
 * Checked before the database is opened. Returns the scope the file was listed from, if it says.
 */
function readFactorsFile(text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw invalid(
      { "--file": (err as Error).message },
      "The factors file is not valid JSON; nothing changed",
    );
  }
  const doc = (Array.isArray(value) ? { factors: value } : value) as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.factors))
    throw invalid(
      { "--file": 'expected { "factors": [ … ] } or an array of factors' },
      "Not a factors file; nothing changed",
    );
  const parsed = PutFactorsSchema.safeParse({ productId: null, factors: doc.factors });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[i.path.join(".") || "file"] ??= i.message;
    throw invalid(fields, "The factors file is invalid; nothing changed");
  }
  const listedFrom =
    typeof doc.scope === "string"
      ? doc.scope === "product"
        ? ((doc.productId as string) ?? null)
        : null
      : undefined;
  return { factors: parsed.data.factors, listedFrom };
}

/** `baton factors set --file factors.json`: like PUT /factors, every affected score is recomputed. */
export async function runFactorsSet(o: Scope & { file: string }) {
  let text: string;
  try {
    text = o.file === "-" ? await readStdin() : readFileSync(o.file, "utf8");
  } catch (err) {
    throw invalid({ "--file": (err as Error).message }, `Cannot read ${o.file}`);
  }
  const fromFile = readFactorsFile(text);
  const { result, what } = await withBackend("write", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = o.product ? await resolveProduct(b, ws.id, o.product) : null;
    const productId = product?.id ?? null;
    // A set listed from another scope is copied: its ids are dropped, so its factors are created anew here.
    const copied = fromFile.listedFrom !== undefined && fromFile.listedFrom !== productId;
    const input = {
      productId,
      factors: copied ? fromFile.factors.map(({ id: _id, ...f }) => f) : fromFile.factors,
    };
    const result = await b.putFactors(ws.id, input);
    return { result, what: product ? `product "${product.name}"` : `workspace "${ws.name}"` };
  }).catch((err) => {
    // Field paths of the service ("factors.2.name") point into the file.
    if (err instanceof AppError && Object.keys(err.fields ?? {}).some((k) => k.startsWith("factors.")))
      throw new AppError(err.code, `${err.message} (in ${o.file}); nothing changed`, err.fields);
    throw err;
  });
  printSet(result, what);
  const r = result.recomputed;
  console.log(
    `\nSaved ${plural(result.factors.length, "factor")}; recomputed the scores of ${plural(r.ideas, "idea")} (${Math.round(r.ms)} ms).`,
  );
}

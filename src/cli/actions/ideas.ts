import { parse } from "csv-parse/sync";
import { z } from "zod";
import { toCsv } from "../../shared/csv.ts";
import { IDEA_STATUSES } from "../../shared/enums.ts";
import { IDEA_SORTS, type IdeaRow, IMPORT_FIELDS, ImportIdeasSchema } from "../../shared/ideas.schemas.ts";
import { withBackend } from "../lib/backend.ts";
import { type CsvImportOptions, parseMapping, readCsvFile, runCsvImport } from "../lib/csv-import.ts";
import { parseOptions } from "../lib/input.ts";
import { fmtNumber, plural, table, writeFileAtomic } from "../lib/output.ts";
import { resolveProduct, workspaceScope } from "../lib/scope.ts";

interface Scope {
  product: string;
  workspace?: string;
}

interface ImportOptions extends Scope, CsvImportOptions {}

/** `baton ideas import <file.csv>` */
export async function runIdeasImport(file: string, o: ImportOptions) {
  const input = parseOptions(ImportIdeasSchema, {
    csv: await readCsvFile(file),
    mapping: parseMapping(o.map, IMPORT_FIELDS),
    dryRun: Boolean(o.dryRun),
  });
  let productName = "";
  const result = await runCsvImport(file, o, (bar) =>
    withBackend("write", async (b) => {
      const ws = await workspaceScope(b, o.workspace);
      const product = await resolveProduct(b, ws.id, o.product);
      productName = product.name;
      return b.importIdeas(ws.id, product.id, input, bar);
    }),
  );
  if (o.json) return;
  const where = `product "${productName}"`;
  if (result.dryRun)
    console.log(
      `Dry run: all ${plural(result.rows, "row")} are valid; ${result.rows} ideas would be added to ${where}.`,
    );
  else console.log(`Imported ${plural(result.created, "idea")} into ${where}.`);
}

const FORMATS = ["table", "csv", "json"] as const;
const ListOptionsSchema = z.object({
  sort: z.enum(IDEA_SORTS).default("rank"),
  dir: z.enum(["asc", "desc"]).optional(),
  status: z.array(z.enum([...IDEA_STATUSES])).optional(),
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(50),
  format: z.enum(FORMATS).default("table"),
});

interface ListOptions extends Scope {
  sort?: string;
  dir?: string;
  status?: string[];
  q?: string;
  tag?: string;
  limit?: string;
  format?: string;
}

const LIST_COLUMNS = [
  "rank",
  "number",
  "title",
  "status",
  "score",
  "weighted",
  "rice",
  "ice",
  "wsjf",
  "voters",
  "comments",
  "tags",
  "owner",
  "pinnedRank",
  "pinReason",
  "createdAt",
  "id",
] as const;

const listRecord = (i: IdeaRow): Record<(typeof LIST_COLUMNS)[number], unknown> => ({
  rank: i.rank,
  number: i.number,
  title: i.title,
  status: i.status,
  score: i.score,
  weighted: i.scores.weighted,
  rice: i.scores.rice,
  ice: i.scores.ice,
  wsjf: i.scores.wsjf,
  voters: i.voters,
  comments: i.commentCount,
  tags: i.tags.join(", "),
  owner: i.ownerName,
  pinnedRank: i.pinnedRank,
  pinReason: i.pinReason,
  createdAt: i.createdAt,
  id: i.id,
});

/** `baton ideas list` */
export async function runIdeasList(o: ListOptions) {
  const opts = parseOptions(ListOptionsSchema, o);
  const { items, total, framework, product } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = await resolveProduct(b, ws.id, o.product);
    const items: IdeaRow[] = [];
    let total = 0;
    let framework = "";
    let offset: number | null = 0;
    while (offset !== null && items.length < opts.limit) {
      const page = await b.ideasPage(ws.id, product.id, {
        q: opts.q,
        status: opts.status,
        tag: opts.tag,
        sort: opts.sort,
        dir: opts.dir,
        offset,
        limit: Math.min(500, opts.limit - items.length),
      });
      items.push(...page.items);
      total = page.total;
      framework = page.framework;
      offset = page.nextOffset;
    }
    return { items, total, framework, product };
  });

  if (opts.format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  if (opts.format === "csv") {
    process.stdout.write(
      toCsv(
        LIST_COLUMNS,
        items.map((i) => Object.values(listRecord(i))),
      ),
    );
    return;
  }
  if (!items.length) {
    console.log(`No ideas in "${product.name}" match.`);
    return;
  }
  console.log(
    table(
      ["Rank", "#", "Score", "Status", "Title", "Tags", "Owner"],
      items.map((i) => [
        i.pinnedRank ? `${i.rank ?? "—"}*` : (i.rank ?? "—"),
        i.number,
        fmtNumber(i.score),
        i.status,
        i.title,
        i.tags.join(", "),
        i.ownerName,
      ]),
    ),
  );
  const shown = items.length < total ? `${items.length} of ${total}` : `all ${total}`;
  if (items.some((i) => i.pinnedRank)) console.log("* pinned at this rank");
  console.log(
    `\n${shown} ideas of "${product.name}", by ${opts.sort}${opts.dir ? ` ${opts.dir}` : ""} (score: ${framework})${items.length < total ? "; --limit shows more" : ""}`,
  );
}

/** `baton ideas export` */
export async function runIdeasExport(o: Scope & { format: string; out?: string }) {
  const { format } = parseOptions(z.object({ format: z.enum(["csv", "json"]) }), o);
  const { text, product } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = await resolveProduct(b, ws.id, o.product);
    return { text: await b.exportIdeas(ws.id, product.id, format), product };
  });
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (!o.out || o.out === "-") {
    process.stdout.write(body);
    return;
  }
  writeFileAtomic(o.out, body);
  const n = format === "json" ? (JSON.parse(text) as unknown[]).length : parse(text).length - 1;
  console.log(`Exported ${plural(Math.max(n, 0), "idea")} of "${product.name}" to ${o.out} (${format}).`);
}

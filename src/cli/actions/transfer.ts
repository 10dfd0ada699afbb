import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { invalid } from "../../server/errors.ts";
import {
  type ImportResult,
  importWorkspace,
  parseExportText,
} from "../../server/modules/transfer/transfer.service.ts";
import { withBackend } from "../lib/backend.ts";
import { describeDatabase } from "../lib/database.ts";
import { asOptionError, readStdin } from "../lib/input.ts";
import { withOperator } from "../lib/operator.ts";
import { progressBar, wantsProgress } from "../lib/progress.ts";

interface ExportOptions {
  workspace: string;
  out?: string;
  progress?: boolean;
  compact?: boolean;
}

/** `baton export` */
export async function runExport(o: ExportOptions) {
  const bar = progressBar(wantsProgress(o.progress), "export");
  const doc = await withBackend("read", async (b) =>
    b.exportWorkspace(await b.workspace(o.workspace), bar),
  ).finally(() => bar.stop());
  const json = `${JSON.stringify(doc, null, o.compact ? undefined : 2)}\n`;
  const summary = `Exported workspace "${doc.workspace.name}" (${doc.workspace.slug}): ${doc.users.length} users, ${doc.products.length} products, ${doc.teams.length} teams, ${doc.ideas.length} ideas, ${doc.rounds.length} rounds (${doc.ratings.length} ratings), ${doc.objectives.length} objectives, ${doc.roadmaps.length} roadmaps (${doc.roadmapItems.length} items, ${doc.roadmapVersions.length} versions), ${doc.auditEvents.length} audit events, ${doc.outbox.length} messages`;
  if (!o.out || o.out === "-") {
    process.stdout.write(json);
    if (wantsProgress(o.progress)) process.stderr.write(`${summary}\n`);
    return;
  }
  // Written beside the target and renamed: a crash never leaves a half-written backup under the real name.
  const tmp = `${o.out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, json);
    renameSync(tmp, o.out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw invalid({ "--out": (err as Error).message }, `Cannot write ${o.out}`);
  }
  console.log(`${summary} to ${o.out} (${(Buffer.byteLength(json) / 1024).toFixed(0)} KiB).`);
}

interface ImportOptions {
  slug?: string;
  name?: string;
  progress?: boolean;
}

/** `baton import` */
export async function runImport(file: string, o: ImportOptions) {
  let text: string;
  try {
    text = file === "-" ? await readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    throw invalid({ file: (err as Error).message }, `Cannot read ${file}`);
  }
  // Checked whole before the database is even opened: a bad file changes nothing.
  const doc = parseExportText(text);
  const bar = progressBar(wantsProgress(o.progress), "import");
  const result = await withOperator(
    "import",
    "write",
    ({ db }) => importWorkspace(db, doc, { slug: o.slug, name: o.name, onProgress: (p) => bar.update(p) }),
    (call) =>
      call<ImportResult>("POST", "/cli/import", { body: { document: doc, slug: o.slug, name: o.name } }),
  )
    .catch((err) => asOptionError(err, ["slug", "name"]))
    .finally(() => bar.stop());
  const r = result.rows;
  console.log(
    `Imported workspace "${result.workspace.name}" (address ${result.workspace.slug}, id ${result.workspace.id}) into ${describeDatabase()}:`,
  );
  console.log(
    `  ${r.memberships} members, ${r.products} products, ${r.teams} teams (${r.teamMembers} team members), ${r.invitations} invitations, ${r.auditEvents} audit events, ${r.outbox} messages`,
  );
  console.log(
    `  ${r.factors} scoring factors, ${r.ideas} ideas (${r.ideaComments} comments, ${r.savedViews} saved views), ${r.rounds} rounds (${r.ratings} ratings), ${r.notifications} notifications, ${r.jobs} pending jobs`,
  );
  console.log(
    `  ${r.objectives} objectives (${r.keyResults} key results), ${r.teamCapacity} hand-set capacities, ${r.timeOff} time off, ${r.roadmaps} roadmaps (${r.roadmapItems} items, ${r.roadmapMilestones} milestones, ${r.roadmapVersions} versions, ${r.planProposals} planner proposals)`,
  );
  if (r.roadmaps)
    console.log("  Calendar feeds of imported roadmaps are off (their secret URLs were not exported)");
  if (result.defaultFactors)
    console.log(
      "  The file predates scoring factors (format version 1): the workspace got the default factors",
    );
  if (result.reusedUsers.length) {
    console.log(`  ${result.reusedUsers.length} existing account(s) reused (same e-mail)`);
  }
  if (result.remappedIds) console.log(`  ${result.remappedIds} id(s) were taken here and got new ones`);
  if (result.createdUsers.length) {
    console.log(
      `  ${result.createdUsers.length} account(s) created without a usable password: ${result.createdUsers.join(", ")}`,
    );
    console.log(
      "  They choose one with “Forgot password” on the log-in page (mail goes to `baton admin outbox` without SMTP),",
    );
    console.log("  or you set one: baton admin reset-password --email <e-mail>");
  }
}

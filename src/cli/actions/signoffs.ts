import { z } from "zod";
import { getSignoff, listSignoffs } from "../../server/modules/signoffs/signoffs.service.ts";
import { SIGNOFF_DECISION_LABELS, SIGNOFF_STATUSES, type SignoffDecision } from "../../shared/enums.ts";
import { withDatabase } from "../lib/database.ts";
import { parseOptions } from "../lib/input.ts";
import { csv, table } from "../lib/output.ts";
import { cliContext, resolveRoadmap, workspaceScope } from "../lib/scope.ts";

const Options = z.object({
  status: z.enum(SIGNOFF_STATUSES).optional(),
  format: z.enum(["table", "csv", "json"]).default("table"),
});

const statusOf = (s: { status: string; overdue: boolean }) =>
  s.status === "open" && s.overdue ? "overdue" : s.status;

/** `baton signoffs list`: requests with their status and who has not decided yet. */
export async function runSignoffsList(o: {
  workspace?: string;
  roadmap?: string;
  status?: string;
  format?: string;
}) {
  const { status, format } = parseOptions(Options, o);
  const { items, ws } = await withDatabase("read", async ({ db }) => {
    const { ws } = await workspaceScope(db, o.workspace);
    const ctx = cliContext(ws.id, "viewer");
    const roadmap = o.roadmap ? await resolveRoadmap(db, ws.id, o.roadmap) : null;
    const list = (await listSignoffs(db, ctx, { roadmapId: roadmap?.id, status })).items;
    const details = [];
    for (const s of list) details.push(await getSignoff(db, ctx, s.id));
    return { items: details, ws };
  });
  const waitingFor = (s: (typeof items)[number]) =>
    s.approvers
      .filter((a) => a.decision !== "approved" && a.decision !== "approved_with_comments")
      .map(
        (a) =>
          `${a.name}${a.required ? "" : " (optional)"}: ${SIGNOFF_DECISION_LABELS[a.decision as SignoffDecision]}`,
      )
      .join("; ");
  if (format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  const rows = items.map((s) => [
    s.roadmapName,
    `v${s.versionNumber} (round ${s.round})`,
    statusOf(s),
    s.deadline,
    `${s.counts.requiredApproved}/${s.counts.required}`,
    waitingFor(s),
    s.id,
  ]);
  if (format === "csv") {
    process.stdout.write(
      csv(["roadmap", "version", "status", "deadline", "requiredApproved", "waitingFor", "id"], rows),
    );
    return;
  }
  if (!items.length) {
    console.log(`No sign-off requests in workspace "${ws.name}".`);
    return;
  }
  console.log(
    table(["Roadmap", "Version", "Status", "Deadline (UTC)", "Required", "Waiting for", "Id"], rows, 80),
  );
}

import { z } from "zod";
import { SIGNOFF_DECISION_LABELS, SIGNOFF_STATUSES, type SignoffDecision } from "../../shared/enums.ts";
import { withBackend } from "../lib/backend.ts";
import { parseOptions } from "../lib/input.ts";
import { csv, table } from "../lib/output.ts";
import { resolveRoadmap, workspaceScope } from "../lib/scope.ts";

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
  const { items, ws } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const roadmap = o.roadmap ? await resolveRoadmap(b, ws.id, o.roadmap) : null;
    return { items: await b.signoffs(ws.id, { roadmapId: roadmap?.id, status }), ws };
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

import { z } from "zod";
import { AppError, conflict, invalid } from "../../server/errors.ts";
import { withBackend } from "../lib/backend.ts";
import { parseOptions } from "../lib/input.ts";
import { plural, table } from "../lib/output.ts";
import { resolveProduct, workspaceScope } from "../lib/scope.ts";

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

/** `baton rounds list` */
export async function runRoundsList(o: {
  product?: string;
  workspace?: string;
  status?: string;
  json?: boolean;
}) {
  const { status } = parseOptions(z.object({ status: z.enum(["open", "closed"]).optional() }), o);
  const { items, ws } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = o.product ? await resolveProduct(b, ws.id, o.product) : null;
    return { items: await b.listRounds(ws.id, { productId: product?.id, status }), ws };
  });
  if (o.json) {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  if (!items.length) {
    console.log(`No ${status ? `${status} ` : ""}scoring rounds in workspace "${ws.name}".`);
    return;
  }
  console.log(
    table(
      ["Status", "Round", "Product", "Ideas", "Finished", "Deadline (UTC)", "Closed (UTC)", "Id"],
      items.map((r) => [
        r.status,
        r.name,
        r.productName,
        r.ideaCount,
        `${r.finishedVoters}/${r.voterCount}`,
        day(r.deadline),
        r.closedAt ? `${day(r.closedAt)} (${r.closeReason})` : "",
        r.id,
      ]),
      40,
    ),
  );
}

/** `baton rounds close <id>`: as the product manager's "Close now"; its results become the ideas' scores. */
export async function runRoundsClose(id: string, o: { workspace?: string }) {
  parseOptions(z.object({ id: z.uuid("give the round's id (see `baton rounds list`)") }), { id });
  const round = await withBackend("write", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    return b.closeRound(ws.id, id).catch(async (err) => {
      if (!(err instanceof AppError && err.code === "conflict")) throw err;
      const round = await b.getRound(ws.id, id);
      throw conflict(
        `The round "${round.name}" is already closed (${round.closeReason}, ${day(round.closedAt)} UTC)`,
      );
    });
  });
  console.log(
    `Closed the round "${round.name}" of ${round.productName}: ${plural(round.ideaCount, "idea")}, ${round.finishedVoters} of ${plural(round.voterCount, "voter")} finished.`,
  );
  console.log("Its results are now the ideas' weighted scores; voters were notified.");
}

/** `baton rounds open`: a round on the top of the backlog (or given ideas), for voters by e-mail and teams by name. */
export async function runRoundsOpen(o: {
  product: string;
  name: string;
  deadline: string;
  top?: string;
  ideas?: string[];
  voters?: string[];
  teams?: string[];
  showOthers?: boolean;
  description?: string;
  workspace?: string;
}) {
  const opts = parseOptions(
    z.object({
      top: z.coerce.number().int().min(1).max(2000).optional(),
      deadline: z.iso.datetime({ offset: true, message: "give an ISO date-time, e.g. 2027-01-31T17:00:00Z" }),
    }),
    { top: o.top, deadline: o.deadline },
  );
  const round = await withBackend("write", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = await resolveProduct(b, ws.id, o.product);
    let ideaIds = o.ideas ?? [];
    if (!ideaIds.length) {
      // The top n of the backlog, in pages of at most 500 (the API's page size).
      const top = opts.top ?? 20;
      let offset: number | null = 0;
      const ranked: string[] = [];
      while (offset !== null && offset < top) {
        const limit = Math.min(500, top - offset);
        const page = await b.ideasPage(ws.id, product.id, { sort: "rank", offset, limit });
        ranked.push(...page.items.filter((i) => i.rank !== null).map((i) => i.id));
        offset = page.nextOffset;
      }
      ideaIds = ranked;
    }
    const voterIds: string[] = [];
    for (const email of o.voters ?? []) {
      const found = (await b.members(ws.id, email)).find(
        (m) => m.email.toLowerCase() === email.trim().toLowerCase(),
      );
      if (!found) throw invalid({ "--voters": `${email} is not a member of this workspace` });
      voterIds.push(found.userId);
    }
    const teamIds: string[] = [];
    if (o.teams?.length) {
      const all = await b.teams(ws.id);
      for (const name of o.teams) {
        const team = all.find((t) => t.id === name || t.name.toLowerCase() === name.trim().toLowerCase());
        if (!team) throw invalid({ "--teams": `no team named "${name}"` });
        teamIds.push(team.id);
      }
    }
    return b.openRound(ws.id, {
      productId: product.id,
      name: o.name,
      description: o.description ?? "",
      ideaIds,
      voterIds,
      teamIds,
      deadline: opts.deadline,
      showOthers: Boolean(o.showOthers),
    });
  });
  console.log(
    `Opened the round "${round.name}" of ${round.productName}: ${plural(round.ideaCount, "idea")}, ${plural(round.voterCount, "voter")}, closes ${day(round.deadline)} UTC.`,
  );
  console.log(`Id: ${round.id}. Voters were notified in the app.`);
}

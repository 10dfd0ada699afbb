import { z } from "zod";
import { conflict } from "../../server/errors.ts";
import { systemClock } from "../../server/lib/clock.ts";
import { closeIfDue, closeRound, getRound, listRounds } from "../../server/modules/rounds/rounds.service.ts";
import { withDatabase } from "../lib/database.ts";
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
  const { items, ws } = await withDatabase("read", async ({ db }) => {
    const { ws, ctx } = await workspaceScope(db, o.workspace);
    const product = o.product ? await resolveProduct(db, ws.id, o.product) : null;
    return { ...(await listRounds(db, ctx, { productId: product?.id, status })), ws };
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
  const round = await withDatabase("write", async ({ db }) => {
    const { ctx } = await workspaceScope(db, o.workspace);
    // A round past its deadline closes as the deadline job would have ("deadline", not "manual").
    await closeIfDue(db, ctx, id, systemClock);
    const closed = await db.transaction((tx) => closeRound(tx, ctx, id, "manual"));
    const round = await getRound(db, ctx, id);
    if (!closed)
      throw conflict(
        `The round "${round.name}" is already closed (${round.closeReason}, ${day(round.closedAt)} UTC)`,
      );
    return round;
  });
  console.log(
    `Closed the round "${round.name}" of ${round.productName}: ${plural(round.ideaCount, "idea")}, ${round.finishedVoters} of ${plural(round.voterCount, "voter")} finished.`,
  );
  console.log("Its results are now the ideas' weighted scores; voters were notified.");
}

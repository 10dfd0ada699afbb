import { z } from "zod";
import { invalid } from "../../server/errors.ts";
import type { Source } from "../../shared/sources.schemas.ts";
import { type Backend, withBackend } from "../lib/backend.ts";
import { parseOptions } from "../lib/input.ts";
import { csv, plural, table } from "../lib/output.ts";
import { isUuid, workspaceScope } from "../lib/scope.ts";

const ListOptions = z.object({ format: z.enum(["table", "csv", "json"]).default("table") });

const stateOf = (s: Source) =>
  !s.enabled ? "disabled" : s.state.lastError ? `failing ×${s.state.consecutiveFailures}` : "ok";
const errorOf = (s: Source) =>
  s.state.lastError ? `${s.state.lastError.code}: ${s.state.lastError.message}` : "";

/** `baton sources list`: sources with their state. */
export async function runSourcesList(o: { workspace?: string; format?: string }) {
  const { format } = parseOptions(ListOptions, o);
  const { items, ws } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    return { items: await b.sources(ws.id), ws };
  });
  if (format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  const rows = items.map((s) => [
    s.name,
    s.kind,
    stateOf(s),
    s.state.lastPolledAt ?? "never",
    s.state.nextPollAt,
    s.state.totalImported,
    errorOf(s),
    s.id,
  ]);
  if (format === "csv") {
    process.stdout.write(
      csv(["name", "kind", "state", "lastPolledAt", "nextPollAt", "imported", "lastError", "id"], rows),
    );
    return;
  }
  if (!items.length) {
    console.log(`No feedback sources in workspace "${ws.name}".`);
    return;
  }
  console.log(
    table(
      ["Name", "Kind", "State", "Last poll (UTC)", "Next poll (UTC)", "Imported", "Last error", "Id"],
      rows,
      60,
    ),
  );
}

async function resolveSource(b: Backend, wid: string, ref: string): Promise<Source> {
  const wanted = ref.trim();
  const all = await b.sources(wid);
  const found = isUuid(wanted)
    ? all.filter((s) => s.id === wanted)
    : all.filter((s) => s.name.toLowerCase() === wanted.toLowerCase());
  if (found.length === 1) return found[0];
  throw invalid(
    {
      "<source>": found.length
        ? `${found.length} sources are named "${wanted}": give the id`
        : `no source "${wanted}" in this workspace (see baton sources list)`,
    },
    "No such source",
  );
}

/** `baton sources poll <source>`: poll now. Exit code 1 when the poll failed (the error is recorded on the source). */
export async function runSourcesPoll(ref: string, o: { workspace?: string; json?: boolean }) {
  const r = await withBackend("write", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const source = await resolveSource(b, ws.id, ref);
    return b.pollSource(ws.id, source.id);
  });
  if (o.json) console.log(JSON.stringify(r, null, 2));
  else if (r.outcome === "error")
    console.error(
      `${r.source.name}: poll failed (${r.error?.code}): ${r.error?.message}; next attempt ${r.source.state.nextPollAt}`,
    );
  else
    console.log(
      `${r.source.name}: ${r.outcome === "not_modified" ? "not modified" : `${plural(r.created, "new item")}, ${r.existing} already imported`} (${plural(r.requests, "request")}); next poll ${r.source.state.nextPollAt}`,
    );
  if (r.outcome === "error") process.exitCode = 1;
}

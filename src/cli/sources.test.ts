import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../server/db/client.ts";
import { systemClock } from "../server/lib/clock.ts";
import { createUser } from "../server/modules/auth/auth.service.ts";
import { createSource } from "../server/modules/sources/sources.service.ts";
import { hackerNewsFake } from "../server/modules/sources/test/fakes.ts";
import { createWorkspace } from "../server/modules/workspaces/workspaces.service.ts";
import { CreateSourceSchema } from "../shared/sources.schemas.ts";
import { cliScratch, runBaton } from "./test-helpers.ts";

/** `baton sources list|poll` through the real binary, polling a local Hacker News fake. */
const hn = hackerNewsFake(2);
let sourceId = "";
beforeAll(async () => {
  await hn.server.start();
  hn.add(3);
});
afterAll(() => hn.server.close());

async function setup(database: Database) {
  const db = database.db;
  const pm = await createUser(db, { email: "pm@example.test", name: "Pat PM", password: "long-enough-pw" });
  const ws = await createWorkspace(db, { userId: pm.id, via: "cli" }, { name: "Acme" });
  const ctx = { workspaceId: ws.id, userId: pm.id, via: "cli" as const, role: "owner" as const };
  const input = CreateSourceSchema.parse({
    kind: "hackernews",
    name: "HN mentions",
    config: { query: "baton", apiUrl: hn.server.origin },
  });
  sourceId = (await db.transaction((tx) => createSource(tx, ctx, input, systemClock))).id;
}

const cli = cliScratch("baton-cli-sources-", setup);
const local = () => ({ ...cli.env, BATON_FETCH_ALLOW_PRIVATE: "1", BATON_FETCH_HOST_DELAY_MS: "0" });

describe("baton sources", () => {
  it("polls a source by name, imports once, lists its state, and reports a refused address with exit code 1", async () => {
    const first = await runBaton(local(), ["sources", "poll", "HN mentions"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^HN mentions: 3 new items, 0 already imported \(2 requests\)/);
    const again = await runBaton(local(), ["sources", "poll", sourceId, "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      outcome: "ok",
      created: 0,
      source: { state: { totalImported: 3 } },
    });
    const list = await runBaton(cli.env, ["sources", "list", "--format", "csv"]);
    expect(list.code).toBe(0);
    const [header, row] = list.stdout.trim().split("\n");
    expect(header).toBe("name,kind,state,lastPolledAt,nextPollAt,imported,lastError,id");
    expect(row).toMatch(new RegExp(`^HN mentions,hackernews,ok,[^,]+,[^,]+,3,,${sourceId}$`));
    // Without BATON_FETCH_ALLOW_PRIVATE the fake on 127.0.0.1 is refused; the error is recorded.
    const refused = await runBaton({ ...cli.env, BATON_FETCH_HOST_DELAY_MS: "0" }, [
      "sources",
      "poll",
      "hn mentions",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HN mentions: poll failed \(blocked_address\)/);
    const unknown = await runBaton(cli.env, ["sources", "poll", "Nope"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no source "Nope"/);
  }, 240_000);
});

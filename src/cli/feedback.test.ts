import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Database } from "../server/db/client.ts";
import { createUser } from "../server/modules/auth/auth.service.ts";
import { createWorkspace } from "../server/modules/workspaces/workspaces.service.ts";
import { cliScratch, runBaton } from "./test-helpers.ts";

/** `baton customers import`, `baton feedback import` and `baton feedback list` through the real binary. */
async function setup(database: Database) {
  const pm = await createUser(database.db, {
    email: "pm@example.test",
    name: "Pat PM",
    password: "long-enough-pw",
  });
  await createWorkspace(database.db, { userId: pm.id, via: "cli" }, { name: "Acme" });
}
const cli = cliScratch("baton-cli-feedback-", setup);

describe("baton customers import / feedback import / feedback list", () => {
  it("imports customers, then feedback by their e-mails (twice: nothing doubles), and lists it", async () => {
    const customers = path.join(cli.dir, "customers.csv");
    writeFileSync(
      customers,
      "Name,Email,Company,Segment,ARR\nAda,ada@a.test,Analytical,Enterprise,120000\nBo,bo@b.test,Bakery,SMB,900\n",
    );
    const feedback = path.join(cli.dir, "feedback.csv");
    writeFileSync(
      feedback,
      'id,message,from,date\nf1,"Export to Excel is broken, I hate it",ada@a.test,2026-11-01\nf2,Love the roadmap!,bo@b.test,2026-11-02\n',
    );
    const c = await runBaton(cli.env, ["customers", "import", customers]);
    expect(c.stderr).toBe("");
    expect(c.stdout).toContain("Imported companies: 2 new, 0 updated; people: 2 new, 0 updated.");
    const f = await runBaton(cli.env, [
      "feedback",
      "import",
      feedback,
      "--map",
      "text=message,email=from,externalId=id,receivedAt=date",
    ]);
    expect(f.stderr).toBe("");
    expect(f.stdout).toContain(
      'Columns: text ← "message", email ← "from", externalId ← "id", receivedAt ← "date"',
    );
    expect(f.stdout).toContain("Imported 2 feedback items, 0 already imported.");
    const again = await runBaton(cli.env, ["feedback", "import", feedback, "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, existing: 2, peopleCreated: 0 });
    const list = await runBaton(cli.env, ["feedback", "list", "--source", "csv", "--format", "csv"]);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trim().split("\n");
    expect(header).toBe("receivedAt,status,source,sentiment,author,company,text,id");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2026-11-02T00:00:00.000Z,new,csv,positive,Bo,Bakery,Love the roadmap!,/);
    expect(rows[1]).toMatch(
      /^2026-11-01T00:00:00.000Z,new,csv,negative,Ada,Analytical,"Export to Excel is broken, I hate it",/,
    );
  }, 240_000);
});

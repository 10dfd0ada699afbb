import { writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { WorkspaceContext } from "../server/context.ts";
import type { Database } from "../server/db/client.ts";
import { HOUR, manualClock, systemClock } from "../server/lib/clock.ts";
import { createUser } from "../server/modules/auth/auth.service.ts";
import { getFactorSet } from "../server/modules/factors/factors.service.ts";
import { createIdea } from "../server/modules/ideas/ideas.service.ts";
import { addMember } from "../server/modules/members/members.service.ts";
import { createProduct, updateProduct } from "../server/modules/products/products.service.ts";
import { castRatings, closeRound, createRound } from "../server/modules/rounds/rounds.service.ts";
import { createWorkspace } from "../server/modules/workspaces/workspaces.service.ts";
import { cliScratch, runBaton } from "./test-helpers.ts";

/**
 * The prioritization commands through the real binary, on a PGlite data dir (or a fresh PostgreSQL database).
 * The workspace, a product following RICE, a closed round (one scored idea), an open round and a round past
 * its deadline are made in-process first; every spawn then starts Node, the CLI and the database, so they are few.
 */
const rounds = { open: "", due: "" };

function baton(args: string[]) {
  return runBaton(cli.env, args);
}
const file = (name: string, text: string) => {
  const p = path.join(cli.dir, name);
  writeFileSync(p, text);
  return p;
};

async function setup(database: Database) {
  const db = database.db;
  const owner = await createUser(db, {
    email: "pm@example.test",
    name: "Pat PM",
    password: "long-enough-pw",
  });
  const ws = await createWorkspace(db, { userId: owner.id, via: "cli" }, { name: "Acme" });
  const ctx: WorkspaceContext = { workspaceId: ws.id, userId: owner.id, via: "cli", role: "owner" };
  const voter = await createUser(db, {
    email: "vi@example.test",
    name: "Vi Voter",
    password: "long-enough-pw",
  });
  await addMember(db, ws.id, ctx, voter.id, "stakeholder");
  const product = await createProduct(db, ctx, {
    name: "Mobile app",
    description: "",
    stage: "growth",
    managerId: null,
  });
  await updateProduct(db, ctx, product.id, { version: product.version, framework: "rice" });
  const idea = await db.transaction((tx) =>
    createIdea(tx, ctx, product.id, {
      title: "Scored in a round",
      description: "",
      status: "new",
      ownerId: null,
      tags: [],
      links: [],
      inputs: {},
    }),
  );
  const round = (name: string, deadline: Date, clock = systemClock) =>
    db.transaction((tx) =>
      createRound(
        tx,
        ctx,
        {
          productId: product.id,
          name,
          description: "",
          ideaIds: [idea.id],
          voterIds: [voter.id],
          teamIds: [],
          deadline: deadline.toISOString(),
          showOthers: false,
        },
        clock,
        null,
      ),
    );
  const now = Date.now();
  const done = await round("Done round", new Date(now + 24 * HOUR));
  const { factors } = await getFactorSet(db, ws.id, product.id);
  await db.transaction((tx) =>
    castRatings(
      tx,
      { ...ctx, userId: voter.id, role: "stakeholder" },
      done.id,
      { ratings: factors.map((f, i) => ({ ideaId: idea.id, factorId: f.id, value: 1 + (i % 5) })) },
      systemClock,
    ),
  );
  await db.transaction((tx) => closeRound(tx, ctx, done.id, "manual", null));
  rounds.open = (await round("Open round", new Date(now + 48 * HOUR))).id;
  // Created "an hour before" a deadline that has passed now: its closing job is due.
  const deadline = new Date(now - 60_000);
  rounds.due = (await round("Due round", deadline, manualClock(new Date(deadline.getTime() - HOUR)))).id;
}

const cli = cliScratch("baton-cli-prio-", setup);

describe("baton ideas", () => {
  it("import --dry-run: lists every problem by row and field, exits 1, adds nothing", async () => {
    const csv = file(
      "bad.csv",
      "Title,Description,Effort,Status\nGood row,fine,3,new\nBad effort,,lots,new\n,missing title,1,new\nLater,,1,someday\n",
    );
    const res = await baton(["ideas", "import", csv, "--product", "mobile APP", "--dry-run"]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'Columns: title ← "Title", description ← "Description", status ← "Status", effort ← "Effort"',
    );
    expect(res.stdout).toContain("3 problems in 3 rows:");
    expect(res.stdout).toContain('  row 3  effort: "lots" is not a number');
    expect(res.stdout).toContain("  row 4  title: Give the idea a title");
    expect(res.stdout).toContain('  row 5  status: Unknown status "someday"');
    expect(res.stderr).toBe(`baton: 3 problems in ${csv}; a real import would be refused\n`);
  });

  it("import --map: adds every row of a file with its own column names", async () => {
    const csv = file(
      "good.csv",
      [
        "Idea name,Details,Reach (users),Impact,Confidence %,Effort (days),Labels",
        '"Offline mode, really","Works without a network",1000,2,80,5,"offline;mobile"',
        "Dark theme,,500,1,50,2,ux",
        "Route planner,Saves an hour a day,9000,3,90,3,",
        '"=HYPERLINK(""http://evil.test"")",,100,1,100,1,',
        "No inputs yet,,,,,,",
      ].join("\n"),
    );
    const map = [
      "title=Idea name",
      "description=Details",
      "reach=Reach (users)",
      "impact=Impact",
      "confidence=Confidence %",
      "effort=Effort (days)",
      "tags=Labels",
    ].join(",");
    const res = await baton(["ideas", "import", csv, "--product", "Mobile app", "--map", map]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Imported 5 ideas into product "Mobile app"\.\n$/);

    const unknown = await baton([
      "ideas",
      "import",
      csv,
      "--product",
      "Mobile app",
      "--map",
      "name=Idea name",
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--map: unknown field "name"/);
  });

  it("list --sort score --format csv: the backlog by RICE score, spreadsheet-safe", async () => {
    const res = await baton([
      "ideas",
      "list",
      "--product",
      "Mobile app",
      "--sort",
      "score",
      "--format",
      "csv",
    ]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const rows = parse(res.stdout, { columns: true }) as Record<string, string>[];
    // RICE = reach × impact × confidence ÷ effort; ideas without a score last, by number.
    expect(rows.map((r) => [r.title, r.score])).toEqual([
      ["Route planner", "8100"],
      ["Offline mode, really", "320"],
      ["Dark theme", "125"],
      [`'=HYPERLINK("http://evil.test")`, "100"],
      ["Scored in a round", ""],
      ["No inputs yet", ""],
    ]);
    expect(rows[1]).toMatchObject({ status: "new", tags: "offline, mobile", rank: "2", number: "2" });
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(["rank", "number", "rice", "weighted", "id"]),
    );
  });
});

describe("baton factors", () => {
  it("set: gives the product its own factors and recomputes the scored ideas", {
    timeout: 60_000,
  }, async () => {
    const factors = file(
      "factors.json",
      JSON.stringify({
        factors: [
          { name: "Value", weight: 2, direction: "benefit" },
          {
            name: "Cost",
            weight: 1,
            direction: "cost",
            scaleMin: 1,
            scaleMax: 3,
            labels: ["low", "mid", "high"],
          },
        ],
      }),
    );
    const res = await baton(["factors", "set", "--file", factors, "--product", "Mobile app"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Scoring factors: product "Mobile app"'s own factors`);
    expect(res.stdout).toMatch(/Value +2 +benefit +1–5/);
    expect(res.stdout).toMatch(/Cost +1 +cost +1–3 +low \/ mid \/ high/);
    expect(res.stdout).toMatch(/Saved 2 factors; recomputed the scores of 1 idea \(\d+ ms\)\.\n$/);

    const bad = file("bad-factors.json", JSON.stringify([{ name: "Zero", weight: 0, direction: "benefit" }]));
    const refused = await baton(["factors", "set", "--file", bad, "--product", "Mobile app"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^baton: The factors file is invalid; nothing changed\n {2}factors\.0\.weight: /,
    );

    const list = await baton(["factors", "list", "--product", "Mobile app", "--json"]);
    const set = JSON.parse(list.stdout);
    expect(set.scope).toBe("product");
    expect(set.factors.map((f: { name: string }) => f.name)).toEqual(["Value", "Cost"]);
  });
});

// Several spawns each, on a machine that may be busy: more time than the default 30 s.
const SLOW = 90_000;

describe("baton rounds and jobs", () => {
  it(
    "jobs run: closes the round past its deadline (rounds list shows what is open)",
    async () => {
      const open = await baton(["rounds", "list", "--status", "open"]);
      expect(open.code).toBe(0);
      expect(open.stdout).toMatch(/open +Open round +Mobile app +1 +0\/1/);
      expect(open.stdout).toContain("Due round");
      expect(open.stdout).not.toContain("Done round");

      const jobs = await baton(["jobs", "run"]);
      expect(jobs.stderr).toBe("");
      // The round's closing, then the mail telling its voter the results are in.
      expect(jobs.stdout).toMatch(/^Ran 2 due jobs on /);
    },
    SLOW,
  );

  it(
    "rounds close: closes a round now, refuses a closed one; rounds list --json shows why each closed",
    async () => {
      const closed = await baton(["rounds", "close", rounds.open]);
      expect(closed.stderr).toBe("");
      expect(closed.stdout).toMatch(
        /^Closed the round "Open round" of Mobile app: 1 idea, 0 of 1 voter finished\./,
      );
      const again = await baton(["rounds", "close", rounds.open]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/is already closed \(manual/);

      const all = JSON.parse((await baton(["rounds", "list", "--json"])).stdout);
      const reason = Object.fromEntries(
        all.map((r: { name: string; closeReason: string }) => [r.name, r.closeReason]),
      );
      expect(reason).toEqual({ "Done round": "manual", "Open round": "manual", "Due round": "deadline" });
    },
    SLOW,
  );

  it(
    "rounds open: the top of the backlog for voters by e-mail, and refuses a stranger",
    async () => {
      const deadline = new Date(Date.now() + 72 * HOUR).toISOString();
      const opened = await baton([
        "rounds",
        "open",
        "--product",
        "Mobile app",
        "--name",
        "CLI round",
        "--top",
        "1",
        "--voters",
        "vi@example.test",
        "--deadline",
        deadline,
      ]);
      expect(opened.stderr).toBe("");
      expect(opened.stdout).toMatch(/^Opened the round "CLI round" of Mobile app: 1 idea, 1 voter, closes /);
      const list = await baton(["rounds", "list", "--status", "open"]);
      expect(list.stdout).toMatch(/open +CLI round +Mobile app +1 +0\/1/);
      const bad = await baton([
        "rounds",
        "open",
        "--product",
        "Mobile app",
        "--name",
        "Nope",
        "--voters",
        "ghost@nowhere.test",
        "--deadline",
        deadline,
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("ghost@nowhere.test is not a member");
    },
    SLOW,
  );
});

import { loadConfig } from "../../server/config.ts";
import { DEMO_PEOPLE, type DemoSeedResult, seedDemoIfEmpty } from "../../server/seed/demo.ts";
import { ROLE_LABELS } from "../../shared/enums.ts";
import { withOperator } from "../lib/operator.ts";

/** What to tell a new user after the demo seed ran (or why it did not). */
export function demoReport(result: DemoSeedResult, url = loadConfig().publicUrl): string {
  if (!result.seeded) return `Demo not added: ${result.reason} (the demo only fills an empty Baton).`;
  const people = Object.values(DEMO_PEOPLE)
    .map((p) => `  ${p.name.padEnd(17)} ${ROLE_LABELS[p.role].padEnd(16)} ${p.email.padEnd(32)} ${p.title}`)
    .join("\n");
  return [
    `Demo workspace "${result.workspace.name}" created: ${result.users} people, ${result.products} products, ${result.teams} teams, ${result.ideas} ideas, ${result.objectives} objectives and ${result.roadmaps} roadmap ("2027 plan" of Northwind Mobile), ${result.feedback} feedback items from ${result.customers} customers, ${result.competitors} competitors with a feature matrix and ${result.changes} detected changes (their monitored sources are paused: the demo fetches nothing).`,
    "",
    `Log in at ${url}`,
    `  e-mail:   ${result.login.email}`,
    `  password: ${result.login.password}`,
    "",
    `Every demo account uses the same password, so you can try each role:\n${people}`,
  ].join("\n");
}

/** `baton seed demo` */
export async function runSeedDemo() {
  const result = await withOperator(
    "seed demo",
    "write",
    (database) => seedDemoIfEmpty(database.db),
    (call) => call<DemoSeedResult>("POST", "/cli/seed/demo"),
  );
  console.log(demoReport(result));
}

import type { Clock } from "../lib/clock.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "./app.ts";

/**
 * The tiny planning workspace the roadmap decision tests work on, built through the API: product "Mobile", team
 * "Platform" with Ana (a contributor) at 100%, and roadmap "2027" of 4 quarters from 2027-01. Stand the clock on
 * 2027-01-15 so Q1 2027 is the first plannable quarter.
 */
export async function planningWorkspace(clock: Clock) {
  const t: TestApp = await createTestApp({ clock, env: { LOG_LEVEL: "error" } });
  const owner: Client = await setupOwner(t.app);
  const w = `/api/v1/workspaces/${owner.wid}`;
  const product: { id: string } = await owner.ok(
    "POST",
    `${w}/products`,
    { name: "Mobile", stage: "growth" },
    201,
  );
  const ana = await addUser(owner, "contributor", owner.wid, "Ana");
  const team: { id: string } = await owner.ok(
    "POST",
    `${w}/teams`,
    { name: "Platform", discipline: "engineering" },
    201,
  );
  await owner.ok("PUT", `${w}/teams/${team.id}/members/${ana.userId}`, { allocationPct: 100 });
  const roadmap: { id: string } = await owner.ok(
    "POST",
    `${w}/roadmaps`,
    { productId: product.id, name: "2027", periodKind: "quarter", startMonth: "2027-01", horizon: 4 },
    201,
  );
  return { t, owner, w, product, team, roadmap };
}

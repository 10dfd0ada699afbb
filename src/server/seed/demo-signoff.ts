import { CreateSignoffSchema, DecideSchema } from "../../shared/signoff.schemas.ts";
import type { WorkspaceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import { DAY, systemClock } from "../lib/clock.ts";
import { listVersions } from "../modules/roadmaps/versions.service.ts";
import { createSignoff, decide } from "../modules/signoffs/signoffs.service.ts";

const out = { clock: systemClock, publicUrl: null };

/** The kick-off draft, signed off by Dana for Leadership: the 2027 plan's first approved baseline. */
export async function seedDemoBaseline(
  db: Db,
  pm: WorkspaceContext,
  roadmapId: string,
  people: Record<"dana", string>,
  teams: Record<"Leadership", string>,
) {
  const [draft] = (await listVersions(db, pm.workspaceId, roadmapId)).filter((v) => v.number === 1);
  const s = await createSignoff(
    db,
    pm,
    roadmapId,
    CreateSignoffSchema.parse({
      versionId: draft.id,
      approvers: [{ teamId: teams.Leadership }],
      deadline: new Date(systemClock.now().getTime() + 2 * DAY).toISOString(),
      message: "The kick-off draft of the 2027 plan, as agreed in the planning workshop.",
      overrideReason: "A draft: success targets and estimates come in the next round",
    }),
    out,
  );
  await decide(
    db,
    { ...pm, userId: people.dana, role: "owner" },
    s.id,
    DecideSchema.parse({ versionId: s.versionId, decision: "approved" }),
    out,
  );
}

/**
 * The demo's open sign-off of the moved 2027 plan: Priya asks the Leadership, Product Design and Engineering
 * leads against the kick-off baseline; Lena and Marcus have approved, Dana (the demo log-in) still has to decide.
 * In-app only.
 */
export async function seedDemoSignoff(
  db: Db,
  pm: WorkspaceContext,
  roadmapId: string,
  people: Record<"dana" | "lena" | "marcus", string>,
  teams: Record<"Leadership" | "Product Design" | "Engineering", string>,
) {
  const s = await createSignoff(
    db,
    pm,
    roadmapId,
    CreateSignoffSchema.parse({
      approvers: [
        { teamId: teams.Leadership },
        { teamId: teams["Product Design"] },
        { teamId: teams.Engineering },
      ],
      deadline: new Date(systemClock.now().getTime() + 5 * DAY).toISOString(),
      message:
        "The 2027 plan after the kick-off: route planning moves to Q3, parts lookup comes forward for Fabrikam's pilot, translations are dropped. Please confirm by Friday.",
      overrideReason: "Route planning has no success target until the maps contract is signed in May",
    }),
    out,
  );
  const as = (who: "lena" | "marcus", role: WorkspaceContext["role"]) => ({
    ...pm,
    userId: people[who],
    role,
  });
  await decide(
    db,
    as("marcus", "admin"),
    s.id,
    DecideSchema.parse({ versionId: s.versionId, decision: "approved" }),
    out,
  );
  await decide(
    db,
    as("lena", "product_manager"),
    s.id,
    DecideSchema.parse({
      versionId: s.versionId,
      decision: "approved_with_comments",
      comment: "Design can absorb the photo rework in Q2 if the parts lookup UI reuses the scanner screens.",
    }),
    out,
  );
  return s.id;
}

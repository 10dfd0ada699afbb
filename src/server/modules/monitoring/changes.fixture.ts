import type { Db } from "../../db/client.ts";
import {
  type ChangeCategory,
  type ChangeImportance,
  type ChangeState,
  competitorChanges,
  competitors,
  competitorWatchers,
  type MonitorKind,
  monitors,
} from "../../db/schema.competitors.ts";

/**
 * Test fixture of detected changes, written straight to the tables (tests of the changes part never depend on
 * the check engine): a competitor, its monitors, changes with diffs, watchers.
 */
export async function insertCompetitor(
  db: Db,
  workspaceId: string,
  name: string,
  website = "https://rival.example",
) {
  const [row] = await db
    .insert(competitors)
    .values({ workspaceId, name, website })
    .returning({ id: competitors.id });
  return row.id;
}

export async function insertMonitor(
  db: Db,
  workspaceId: string,
  competitorId: string,
  opts: { name?: string; kind?: MonitorKind; url?: string; config?: Record<string, unknown> } = {},
) {
  const [row] = await db
    .insert(monitors)
    .values({
      workspaceId,
      competitorId,
      kind: opts.kind ?? "page",
      name: opts.name ?? "Pricing page",
      url: opts.url ?? "https://rival.example/pricing",
      config: opts.config ?? { ignorePatterns: [] },
      enabled: false,
    })
    .returning({ id: monitors.id });
  return row.id;
}

export interface FixtureChange {
  detectedAt?: string;
  diff?: [number, string][];
  changedPercent?: number;
  reported?: boolean;
  summary?: string;
  category?: ChangeCategory;
  importance?: ChangeImportance;
  state?: ChangeState;
}

/** Inserts changes of a monitor (of its competitor); returns their ids in order. */
export async function insertChanges(
  db: Db,
  workspaceId: string,
  competitorId: string,
  monitorId: string,
  changes: FixtureChange[],
) {
  const rows = await db
    .insert(competitorChanges)
    .values(
      changes.map((c) => {
        const diff = c.diff ?? [
          [0, "Plans start at"],
          [-1, "$10"],
          [1, "$12"],
          [0, "per user per month"],
        ];
        return {
          workspaceId,
          competitorId,
          monitorId,
          detectedAt: c.detectedAt ?? new Date().toISOString(),
          diff,
          changedPercent: c.changedPercent ?? 5,
          addedWords: diff.filter(([op]) => op === 1).length,
          removedWords: diff.filter(([op]) => op === -1).length,
          reported: c.reported ?? true,
          summary: c.summary ?? "Plans start at $12 (was $10)",
          category: c.category ?? "other",
          suggestedCategory: c.category ?? "other",
          importance: c.importance ?? "normal",
          state: c.state ?? "new",
        };
      }),
    )
    .returning({ id: competitorChanges.id });
  return rows.map((r) => r.id);
}

export async function insertWatchers(db: Db, workspaceId: string, competitorId: string, userIds: string[]) {
  if (userIds.length)
    await db
      .insert(competitorWatchers)
      .values(userIds.map((userId) => ({ workspaceId, competitorId, userId })));
}

/** A competitor with one page monitor and one reported change: the ids a route test needs. */
export async function insertOneChange(db: Db, workspaceId: string, name: string) {
  const competitorId = await insertCompetitor(db, workspaceId, name);
  const monitorId = await insertMonitor(db, workspaceId, competitorId);
  const [changeId] = await insertChanges(db, workspaceId, competitorId, monitorId, [
    { summary: `${name} change` },
  ]);
  return { competitorId, monitorId, changeId };
}

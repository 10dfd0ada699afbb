import {
  CHANGE_CATEGORY_LABELS,
  CHANGE_IMPORTANCE_LABELS,
  type ChangeCategory,
  type ChangeImportance,
  importanceRank,
} from "../../../shared/changes.schemas.ts";
import { excerptLines, type Op } from "../../../shared/changes.ts";
import type { DigestSection } from "../notifications/notifications.mail.ts";
import { competitorDigestHtml, plural } from "./digest.html.ts";
import { type DigestChangeRow, selectDigestChanges } from "./digest.queries.ts";

/** How many changes of one competitor the mail shows in full (the rest are counted, and one link away). */
const PER_COMPETITOR = 8;
const EXCERPTS = 3;

export interface DigestGroup {
  competitorId: string;
  competitorName: string;
  changes: DigestChangeRow[];
}

/**
 * Groups a member's changes by competitor: the competitor with the most important change first (then the most
 * changes, then by name); within one, most important first, then the largest change (the query's order).
 */
export function groupForDigest(rows: DigestChangeRow[]): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const r of rows) {
    const g = groups.get(r.competitorId) ?? {
      competitorId: r.competitorId,
      competitorName: r.competitorName,
      changes: [],
    };
    g.changes.push(r);
    groups.set(r.competitorId, g);
  }
  const best = (g: DigestGroup) => Math.min(...g.changes.map((c) => importanceRank(c.importance)));
  return [...groups.values()].sort(
    (a, b) =>
      best(a) - best(b) ||
      b.changes.length - a.changes.length ||
      a.competitorName.localeCompare(b.competitorName),
  );
}

const parseDiff = (d: DigestChangeRow["diff"]): Op[] => (typeof d === "string" ? JSON.parse(d) : d) ?? [];
/** One line of plain text: control characters (a page's own line breaks, escapes) become spaces. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();

/**
 * The competitor section of the daily digest (notifications' digest job): the reported, not-noise changes of
 * the competitors the member watches, detected since the previous local morning: plain text, and the same as
 * HTML (digest.html.ts) in which everything a page contains is escaped.
 */
export const competitorDigestSection: DigestSection = async (
  db,
  { workspaceId, userId, since, until, link },
) => {
  const rows = await selectDigestChanges(db, workspaceId, userId, since, until);
  if (!rows.length) return null;
  const groups = groupForDigest(rows);
  const blocks = groups.map((g) => {
    const high = g.changes.filter((c) => c.importance === "high").length;
    const head = `■ ${oneLine(g.competitorName)} — ${plural(g.changes.length, "change")}${high ? ` (${high} high)` : ""}`;
    const shown = g.changes.slice(0, PER_COMPETITOR).map((c) => {
      const tag = `${CHANGE_IMPORTANCE_LABELS[c.importance as ChangeImportance] ?? c.importance} · ${
        CHANGE_CATEGORY_LABELS[c.category as ChangeCategory] ?? c.category
      }`;
      const excerpts = excerptLines(parseDiff(c.diff), { max: EXCERPTS }).map((l) => `      ${oneLine(l)}`);
      return [
        `  [${tag}] ${oneLine(c.monitorName)} — ${Math.round(c.changedPercent * 10) / 10}% changed`,
        `    ${oneLine(c.monitorUrl)}`,
        ...(excerpts.length ? excerpts : c.summary ? [`      ${oneLine(c.summary)}`] : []),
        `    Open: ${link(`/changes/${c.id}`)}`,
      ].join("\n");
    });
    const more = g.changes.length - shown.length;
    return [
      head,
      ...shown,
      ...(more > 0
        ? [`  … and ${plural(more, "more change")}: ${link(`/changes?competitorId=${g.competitorId}`)}`]
        : []),
    ].join("\n\n");
  });
  const total = rows.length;
  const names = groups.map((g) => g.competitorName);
  const namesText =
    names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  const feed = `/changes?since=${encodeURIComponent(since.toISOString())}`;
  const html = competitorDigestHtml(
    groups.map((g) => ({ ...g, changes: g.changes.map((c) => ({ ...c, diff: parseDiff(c.diff) })) })),
    { total, feed, link, perCompetitor: PER_COMPETITOR, excerpts: EXCERPTS },
  );
  return {
    subject: plural(total, "competitor change"),
    html,
    text: `Competitor changes since yesterday morning (${plural(total, "change")}):\n\n${blocks.join("\n\n")}\n\nAll of them: ${link(feed)}\n`,
    notification: {
      kind: "digest.competitors",
      title: `Competitor digest: ${plural(total, "change")} at ${oneLine(namesText)}`,
      body: groups
        .map((g) => {
          const top = g.changes[0];
          return `${oneLine(g.competitorName)}: ${plural(g.changes.length, "change")} — ${oneLine(top.monitorName)}${
            top.summary ? `: ${oneLine(top.summary).slice(0, 120)}` : ""
          }`;
        })
        .join("\n")
        .slice(0, 2000),
      link: feed,
    },
  };
};

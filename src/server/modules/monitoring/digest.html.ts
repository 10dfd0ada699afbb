import {
  CHANGE_CATEGORY_LABELS,
  CHANGE_IMPORTANCE_LABELS,
  type ChangeCategory,
  type ChangeImportance,
} from "../../../shared/changes.schemas.ts";
import { diffExcerpts, type Op } from "../../../shared/changes.ts";
import { escapeHtml, htmlLink } from "../../lib/mail-html.ts";

/**
 * The competitor section of the digest as an HTML fragment (the mail's HTML alternative; digest.service.ts makes
 * the text). Everything a competitor's page gave us — names, URLs, summaries, the diff's words — is escaped
 * (lib/mail-html.ts), so markup in a page reads as text. Insertions and deletions are styled inline (colour,
 * underline or strike-through, and a +/− sign: not colour alone); no image, no external CSS.
 */

export interface HtmlChange {
  id: string;
  monitorName: string;
  monitorUrl: string;
  changedPercent: number;
  summary: string;
  category: string;
  importance: string;
  diff: Op[];
}
export interface HtmlGroup {
  competitorId: string;
  competitorName: string;
  changes: HtmlChange[];
}

const INS = "background:#d3f9d8;color:#1b5e20;text-decoration:underline";
const DEL = "background:#ffe3e3;color:#a61e1e;text-decoration:line-through";
const IMPORTANCE_STYLE: Record<string, string> = {
  high: "background:#c92a2a;color:#ffffff",
  normal: "background:#e9ecef;color:#212529",
  low: "background:#f1f3f5;color:#495057",
};
/** "1 change", "3 changes" (the text part too). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One excerpt: "…context [added or removed words] context…", the words in <ins> or <del>. */
function excerptHtml(e: ReturnType<typeof diffExcerpts>[number]) {
  const words =
    e.op === 1
      ? `<ins style="${INS}">${escapeHtml(e.text)}</ins>`
      : `<del style="${DEL}">${escapeHtml(e.text)}</del>`;
  return `<li style="margin:0 0 4px;list-style:none"><span style="color:#868e96">${e.op === 1 ? "+" : "−"}</span> ${
    e.before ? `…${escapeHtml(e.before)} ` : ""
  }${words}${e.after ? ` ${escapeHtml(e.after)}…` : ""}</li>`;
}

function changeHtml(c: HtmlChange, link: (path: string) => string, excerpts: number) {
  const importance = CHANGE_IMPORTANCE_LABELS[c.importance as ChangeImportance] ?? c.importance;
  const category = CHANGE_CATEGORY_LABELS[c.category as ChangeCategory] ?? c.category;
  const shown = diffExcerpts(c.diff, { max: excerpts });
  const body = shown.length
    ? `<ul style="margin:6px 0 0;padding:0">${shown.map(excerptHtml).join("")}</ul>`
    : c.summary
      ? `<p style="margin:6px 0 0">${escapeHtml(c.summary)}</p>`
      : "";
  return `<div style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #dee2e6">
<div><span style="${IMPORTANCE_STYLE[c.importance] ?? IMPORTANCE_STYLE.normal};border-radius:4px;padding:1px 6px;font-size:12px">${escapeHtml(importance)}</span> <span style="font-size:12px;color:#495057">${escapeHtml(category)}</span> <strong>${escapeHtml(c.monitorName)}</strong> — ${Math.round(c.changedPercent * 10) / 10}% changed</div>
<div style="font-size:12px;color:#868e96;word-break:break-all">${htmlLink(c.monitorUrl, c.monitorUrl, "color:#868e96")}</div>
${body}
<div style="margin-top:6px">${htmlLink(link(`/changes/${c.id}`), "Open the change in Baton")}</div>
</div>`;
}

/** The section's HTML: a heading per competitor (the order given), its first `perCompetitor` changes, a link to all. */
export function competitorDigestHtml(
  groups: HtmlGroup[],
  o: { total: number; feed: string; link: (path: string) => string; perCompetitor: number; excerpts: number },
) {
  const blocks = groups.map((g) => {
    const high = g.changes.filter((c) => c.importance === "high").length;
    const shown = g.changes.slice(0, o.perCompetitor);
    const more = g.changes.length - shown.length;
    return `<h3 style="font-size:15px;margin:16px 0 8px">${escapeHtml(g.competitorName)} <span style="font-weight:normal;color:#495057">— ${plural(g.changes.length, "change")}${high ? ` (${high} high)` : ""}</span></h3>
${shown.map((c) => changeHtml(c, o.link, o.excerpts)).join("\n")}${
  more > 0
    ? `\n<p style="margin:0 0 12px">${htmlLink(o.link(`/changes?competitorId=${g.competitorId}`), `… and ${plural(more, "more change")}`)}</p>`
    : ""
}`;
  });
  return `<h2 style="font-size:16px;margin:16px 0 8px">Competitor changes since yesterday morning (${plural(o.total, "change")})</h2>
${blocks.join("\n")}
<p style="margin:16px 0 0">${htmlLink(o.link(o.feed), "All of them in Baton")}</p>`;
}

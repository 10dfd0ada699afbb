import { Badge, Group, Stack, Text, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "wouter";
import type { Framework } from "../../../shared/enums.ts";
import { formatMoney, relativeTime } from "../../lib/format.ts";
import { COMPETITORS_COLUMN } from "./CompetitorsColumn.tsx";
import { RankCell, ScoreBar, Snippet, StatusBadge } from "./components.tsx";
import { formatNumber, formatScore } from "./format.ts";
import type { FactorDef, IdeaRow, IdeaSort } from "./types.ts";

export interface CellContext {
  framework: Framework;
  maxScore: number;
  href: (row: IdeaRow) => string;
}

export interface ColumnDef {
  key: string;
  label: string;
  /** Header tooltip. */
  hint?: string;
  width: number;
  /** Takes the free width (the title). */
  grow?: boolean;
  align?: "right";
  sort?: IdeaSort;
  defaultDir?: "asc" | "desc";
  /** Cannot be hidden. */
  fixed?: boolean;
  defaultOn: boolean;
  render: (row: IdeaRow, ctx: CellContext) => ReactNode;
}

const num = (n: number | null | undefined, dimZero = false) => (
  <Text
    size="sm"
    c={n === null || n === undefined || (dimZero && n === 0) ? "dimmed" : undefined}
    style={{ fontVariantNumeric: "tabular-nums" }}
  >
    {formatNumber(n)}
  </Text>
);

export const BASE_COLUMNS: ColumnDef[] = [
  {
    key: "rank",
    label: "Rank",
    width: 84,
    sort: "rank",
    defaultDir: "asc",
    fixed: true,
    defaultOn: true,
    render: (r) => <RankCell rank={r.rank} pinnedRank={r.pinnedRank} pinReason={r.pinReason} />,
  },
  {
    key: "number",
    label: "#",
    width: 64,
    sort: "created",
    defaultDir: "desc",
    defaultOn: true,
    hint: "Idea number (sorts by creation)",
    render: (r) => (
      <Text size="sm" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
        #{r.number}
      </Text>
    ),
  },
  {
    key: "title",
    label: "Title",
    width: 280,
    grow: true,
    sort: "title",
    defaultDir: "asc",
    fixed: true,
    defaultOn: true,
    render: (r, ctx) => (
      <Stack gap={0} style={{ minWidth: 0, width: "100%" }}>
        {/* Two lines before cutting (a long title at 1440 px), the whole title on hover. */}
        <Text size="sm" lineClamp={2} lh={1.3} title={r.title} style={{ overflowWrap: "anywhere" }}>
          <Link
            href={ctx.href(r)}
            className="baton-title-link"
            onClick={(e) => e.stopPropagation()}
            tabIndex={-1}
          >
            {r.title}
          </Link>
        </Text>
        {r.snippet ? <Snippet html={r.snippet} /> : null}
      </Stack>
    ),
  },
  {
    key: "status",
    label: "Status",
    width: 128,
    defaultOn: true,
    render: (r) => <StatusBadge status={r.status} />,
  },
  {
    key: "owner",
    label: "Owner",
    width: 150,
    defaultOn: true,
    render: (r) =>
      r.ownerName ? (
        <Text size="sm" truncate>
          {r.ownerName}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ),
  },
  {
    key: "tags",
    label: "Tags",
    width: 170,
    defaultOn: true,
    render: (r) =>
      r.tags.length ? (
        <Tooltip label={r.tags.join(", ")} disabled={r.tags.length < 3} openDelay={300}>
          <Group gap={4} wrap="nowrap" style={{ overflow: "hidden" }}>
            {r.tags.slice(0, 2).map((t) => (
              <Badge
                key={t}
                size="xs"
                variant="default"
                radius="sm"
                tt="none"
                fw={500}
                style={{ flexShrink: 0 }}
              >
                {t}
              </Badge>
            ))}
            {r.tags.length > 2 ? (
              <Text size="xs" c="dimmed">
                +{r.tags.length - 2}
              </Text>
            ) : null}
          </Group>
        </Tooltip>
      ) : null,
  },
  {
    key: "score",
    label: "Score",
    hint: "Under the product's active framework",
    width: 150,
    sort: "score",
    defaultDir: "desc",
    defaultOn: true,
    render: (r, ctx) => <ScoreBar score={r.score} max={ctx.maxScore} framework={ctx.framework} />,
  },
];

export const TAIL_COLUMNS: ColumnDef[] = [
  {
    key: "voters",
    label: "Voters",
    hint: "Distinct voters in the scoring round",
    width: 76,
    align: "right",
    defaultOn: true,
    render: (r) => num(r.voters, true),
  },
  {
    key: "effort",
    label: "Effort",
    width: 76,
    align: "right",
    defaultOn: true,
    render: (r) => num(r.effort),
  },
  {
    key: "weighted",
    label: "Weighted",
    hint: "Weighted scorecard, 0–100",
    width: 90,
    align: "right",
    sort: "weighted",
    defaultDir: "desc",
    defaultOn: false,
    render: (r) => <Text size="sm">{formatScore(r.scores.weighted, "weighted")}</Text>,
  },
  {
    key: "rice",
    label: "RICE",
    width: 84,
    align: "right",
    sort: "rice",
    defaultDir: "desc",
    defaultOn: false,
    render: (r) => num(r.scores.rice),
  },
  {
    key: "ice",
    label: "ICE",
    width: 76,
    align: "right",
    sort: "ice",
    defaultDir: "desc",
    defaultOn: false,
    render: (r) => num(r.scores.ice),
  },
  {
    key: "wsjf",
    label: "WSJF",
    width: 76,
    align: "right",
    sort: "wsjf",
    defaultDir: "desc",
    defaultOn: false,
    render: (r) => num(r.scores.wsjf),
  },
  {
    key: "comments",
    label: "Comments",
    width: 96,
    align: "right",
    defaultOn: false,
    render: (r) => num(r.commentCount, true),
  },
  {
    key: "updated",
    label: "Updated",
    width: 120,
    sort: "updated",
    defaultDir: "desc",
    defaultOn: false,
    render: (r) => (
      <Text size="sm" c="dimmed" title={r.updatedAt}>
        {relativeTime(r.updatedAt)}
      </Text>
    ),
  },
];

/** One column per scoring factor: the mean of the ratings, the spread in a tooltip. */
export function factorColumn(f: FactorDef): ColumnDef {
  return {
    key: `f:${f.id}`,
    label: f.name,
    hint: `${f.name}: mean rating on ${f.scaleMin}–${f.scaleMax}${f.direction === "cost" ? " (a cost: lower is better)" : ""}`,
    width: Math.min(120, Math.max(84, f.name.length * 8 + 24)),
    align: "right",
    defaultOn: true,
    render: (r) => {
      const s = r.factorStats.find((x) => x.factorId === f.id);
      if (!s || s.mean === null) {
        return (
          <Text size="sm" c="dimmed">
            —
          </Text>
        );
      }
      const disagree = s.spread !== null && s.spread >= 1;
      return (
        <Tooltip
          label={`${s.votes} vote${s.votes === 1 ? "" : "s"}, ${s.abstentions} abstained, spread ${formatNumber(s.spread)}`}
          openDelay={300}
        >
          <Text
            size="sm"
            c={disagree ? "orange" : undefined}
            fw={disagree ? 600 : undefined}
            style={{ fontVariantNumeric: "tabular-nums" }}
          >
            {formatNumber(s.mean)}
          </Text>
        </Tooltip>
      );
    },
  };
}

/** Customer evidence (docs/FEEDBACK.md): demand 0–10 and Σ ARR of the companies asking (customers.revenue only). */
export const EVIDENCE_COLUMNS: ColumnDef[] = [
  {
    key: "demand",
    label: "Demand",
    hint: "Customer demand, 0–10: each company (or customer) asking once, weighted by importance and revenue",
    width: 96,
    align: "right",
    sort: "demand",
    defaultDir: "desc",
    defaultOn: true,
    render: (r) => (
      <Text
        size="sm"
        c={r.demand ? undefined : "dimmed"}
        style={{ fontVariantNumeric: "tabular-nums" }}
        title={r.feedbackCount ? `${r.feedbackCount} linked feedback items` : "No linked feedback"}
      >
        {r.demand ? r.demand.toFixed(1) : "—"}
      </Text>
    ),
  },
  {
    key: "arr",
    label: "ARR",
    hint: "Annual recurring revenue of the distinct companies whose feedback supports the idea (as stored, no currency conversion)",
    width: 96,
    align: "right",
    sort: "arr",
    defaultDir: "desc",
    defaultOn: true,
    render: (r) => (
      <Text size="sm" c={r.arr ? undefined : "dimmed"} style={{ fontVariantNumeric: "tabular-nums" }}>
        {r.arr ? formatMoney(r.arr, null) : "—"}
      </Text>
    ),
  },
];

/** Every column: the ARR column only for people who may see revenue. */
export function allColumns(factors: FactorDef[], revenue = false): ColumnDef[] {
  const evidence = EVIDENCE_COLUMNS.filter((c) => revenue || c.key !== "arr");
  return [...BASE_COLUMNS, ...evidence, COMPETITORS_COLUMN, ...factors.map(factorColumn), ...TAIL_COLUMNS];
}

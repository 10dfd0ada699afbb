import { Badge, Box, Group, Text, Tooltip } from "@mantine/core";
import { IconPinFilled } from "@tabler/icons-react";
import DOMPurify from "dompurify";
import { useMemo } from "react";
import { type Framework, IDEA_STATUS_LABELS, type IdeaStatus } from "../../../shared/enums.ts";
import { formatScore } from "./format.ts";
import { STATUS_COLORS } from "./types.ts";

export function StatusBadge({ status, size = "sm" }: { status: IdeaStatus; size?: "xs" | "sm" | "md" }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size={size} style={{ flexShrink: 0 }}>
      {IDEA_STATUS_LABELS[status]}
    </Badge>
  );
}

/** A score with a small bar relative to `max` (the largest score in view). */
export function ScoreBar({
  score,
  max,
  framework,
}: {
  score: number | null;
  max: number;
  framework?: Framework;
}) {
  if (score === null) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const pct = max > 0 ? Math.max(2, Math.min(100, (score / max) * 100)) : 0;
  return (
    <Group gap={8} wrap="nowrap" w="100%">
      <Text
        size="sm"
        fw={600}
        ta="right"
        w={46}
        style={{ fontVariantNumeric: "tabular-nums", flexShrink: 0 }}
      >
        {formatScore(score, framework)}
      </Text>
      <Box className="baton-scorebar" aria-hidden>
        <Box className="baton-scorebar-fill" style={{ width: `${pct}%` }} />
      </Box>
    </Group>
  );
}

/** The rank, with a pin when a manager fixed it (the reason in a tooltip). */
export function RankCell({
  rank,
  pinnedRank,
  pinReason,
}: {
  rank: number | null;
  pinnedRank: number | null;
  pinReason: string | null;
}) {
  const shown = pinnedRank ?? rank;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" fw={600} style={{ fontVariantNumeric: "tabular-nums" }}>
        {shown ?? "—"}
      </Text>
      {pinnedRank !== null ? (
        <Tooltip label={pinReason ? `Pinned: ${pinReason}` : "Pinned rank"} multiline maw={280} withArrow>
          <IconPinFilled
            size={13}
            aria-label={`Pinned at ${pinnedRank}${pinReason ? `: ${pinReason}` : ""}`}
            style={{ color: "var(--mantine-color-orange-6)", flexShrink: 0 }}
          />
        </Tooltip>
      ) : null}
    </Group>
  );
}

/** Allows <mark> only: the server escapes everything else, this makes sure. */
export function sanitizeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] });
}

/** A search hit with its <mark> highlights. */
export function Snippet({ html }: { html: string }) {
  const safe = useMemo(() => sanitizeSnippet(html), [html]);
  return (
    <Text
      size="xs"
      c="dimmed"
      truncate
      className="baton-snippet"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized to <mark> only
      dangerouslySetInnerHTML={{ __html: safe }}
    />
  );
}

export function IdeaNumber({ n }: { n: number }) {
  return (
    <Text span c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
      #{n}
    </Text>
  );
}

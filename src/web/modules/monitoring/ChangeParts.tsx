import "./changes.css";
import { Badge, Box, SegmentedControl, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconMinus } from "@tabler/icons-react";
import { useState } from "react";
import {
  CHANGE_CATEGORY_LABELS,
  CHANGE_IMPORTANCE_LABELS,
  CHANGE_STATE_LABELS,
  type ChangeCategory,
  type ChangeImportance,
  type ChangeState,
} from "../../../shared/changes.schemas.ts";
import type { Op } from "../../../shared/changes.ts";

const IMPORTANCE_COLORS: Record<ChangeImportance, string> = { high: "red", normal: "blue", low: "gray" };
const IMPORTANCE_ICONS = { high: IconArrowUp, normal: IconMinus, low: IconArrowDown } as const;
const CATEGORY_COLORS: Record<ChangeCategory, string> = {
  pricing: "grape",
  product: "teal",
  messaging: "orange",
  hiring: "cyan",
  other: "gray",
};

/** Importance as a word and an arrow (never colour alone). */
export function ImportanceBadge({ importance }: { importance: ChangeImportance }) {
  const Icon = IMPORTANCE_ICONS[importance];
  return (
    <Badge
      color={IMPORTANCE_COLORS[importance]}
      variant={importance === "high" ? "filled" : "light"}
      leftSection={<Icon size={12} aria-hidden />}
    >
      {CHANGE_IMPORTANCE_LABELS[importance]} importance
    </Badge>
  );
}

export function CategoryBadge({ category }: { category: ChangeCategory }) {
  return (
    <Badge color={CATEGORY_COLORS[category]} variant="light">
      {CHANGE_CATEGORY_LABELS[category]}
    </Badge>
  );
}

export function StateBadge({ state }: { state: ChangeState }) {
  if (state === "new") return <Badge variant="dot">New</Badge>;
  return (
    <Badge color="gray" variant="outline">
      {CHANGE_STATE_LABELS[state]}
    </Badge>
  );
}

/** Added and removed text, marked by more than colour: a +/− label for screen readers, strike-through and underline. */
function Run({ op, text }: { op: number; text: string }) {
  if (op === 1)
    return (
      <ins className="baton-diff-add">
        <span className="baton-sr-only">[added: </span>
        {text}
        <span className="baton-sr-only">]</span>
      </ins>
    );
  if (op === -1)
    return (
      <del className="baton-diff-del">
        <span className="baton-sr-only">[removed: </span>
        {text}
        <span className="baton-sr-only">]</span>
      </del>
    );
  return <span>{text}</span>;
}

/**
 * Joins runs, with a space between two words that would touch: runs from the word diff keep their own spaces and
 * line breaks (an added space would start a line with one, or double a gap); "49" removed then "59" added stay apart.
 */
function Runs({ ops }: { ops: Op[] }) {
  return (
    <>
      {ops.map(([op, text], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the runs are a fixed sequence
        <span key={i}>
          {i > 0 && !/\s$/.test(ops[i - 1]![1]) && !/^\s/.test(text) ? " " : null}
          <Run op={op} text={text} />
        </span>
      ))}
    </>
  );
}

const PANE = {
  whiteSpace: "pre-wrap",
  overflowWrap: "anywhere",
  fontSize: "var(--mantine-font-size-sm)",
  lineHeight: 1.6,
  padding: "var(--mantine-spacing-sm)",
  border: "1px solid var(--mantine-color-default-border)",
  borderRadius: "var(--mantine-radius-md)",
  maxHeight: 560,
  overflowY: "auto",
} as const;

/**
 * A stored word-level diff, inline (one text, removals struck through, additions underlined) or side by side
 * (before: unchanged + removed; after: unchanged + added). Text only, rendered by React: nothing a page contains
 * is ever interpreted as markup.
 */
export function ChangeDiff({ diff }: { diff: Op[] }) {
  const [view, setView] = useState<"inline" | "side">("side");
  const before = diff.filter(([op]) => op !== 1);
  const after = diff.filter(([op]) => op !== -1);
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        w="fit-content"
        value={view}
        onChange={(v) => setView(v as "inline" | "side")}
        data={[
          { value: "side", label: "Side by side" },
          { value: "inline", label: "Inline" },
        ]}
        aria-label="How to show the difference"
      />
      {diff.length === 0 ? (
        <Text size="sm" c="dimmed">
          No text difference was stored for this change.
        </Text>
      ) : view === "inline" ? (
        <Box style={PANE} tabIndex={0} aria-label="Difference, inline">
          <Runs ops={diff} />
        </Box>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              Before
            </Text>
            <Box style={PANE} tabIndex={0} aria-label="Before">
              <Runs ops={before} />
            </Box>
          </Stack>
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              After
            </Text>
            <Box style={PANE} tabIndex={0} aria-label="After">
              <Runs ops={after} />
            </Box>
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}

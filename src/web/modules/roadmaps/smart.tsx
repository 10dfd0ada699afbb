import { Group, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { memo } from "react";
import { SMART_KEYS, SMART_LABELS, type SmartKey } from "../../../shared/enums.ts";
import type { Smart } from "../../../shared/roadmap.schemas.ts";
import classes from "./roadmap.module.css";

export const SMART_LETTER: Record<SmartKey, string> = {
  specific: "S",
  measurable: "M",
  achievable: "A",
  relevant: "R",
  timeBound: "T",
};

function smartTip(k: SmartKey, s: Smart): string {
  const c = s[k];
  return c.ok ? `${SMART_LABELS[k]}: passes` : `${SMART_LABELS[k]}: ${c.reason ?? "fails"}`;
}

/** "Fails Specific, Relevant" — for a card's accessible name. */
export function smartSummaryText(s: Smart): string {
  const failing = SMART_KEYS.filter((k) => !s[k].ok);
  return failing.length ? `fails ${failing.map((k) => SMART_LABELS[k]).join(", ")}` : "passes SMART";
}

/**
 * Five letter chips, green when the rule passes and red when not. Plain spans with `data-tip` (the page's one
 * HoverTip shows the reason): a card must stay light when a thousand are drawn.
 */
export const SmartChips = memo(function SmartChips({
  smart,
  size = "sm",
}: {
  smart: Smart;
  size?: "sm" | "md";
}) {
  return (
    <span className={classes.chips} data-size={size}>
      {SMART_KEYS.map((k) => (
        <span
          key={k}
          className={classes.chip}
          data-ok={smart[k].ok || undefined}
          data-tip={smartTip(k, smart)}
          aria-label={smartTip(k, smart)}
          role="img"
        >
          {SMART_LETTER[k]}
        </span>
      ))}
    </span>
  );
});

/** Every badge with its reason (the item editor). */
export function SmartList({ smart }: { smart: Smart }) {
  return (
    <Stack gap={6} aria-label="SMART check">
      {SMART_KEYS.map((k) => {
        const c = smart[k];
        return (
          <Group key={k} gap={8} wrap="nowrap" align="flex-start">
            <ThemeIcon
              size={20}
              radius="xl"
              color={c.ok ? "teal" : "red"}
              variant={c.ok ? "light" : "filled"}
            >
              {c.ok ? <IconCheck size={13} /> : <IconX size={13} />}
            </ThemeIcon>
            <Text size="sm" style={{ minWidth: 0 }}>
              <Text span fw={600} inherit>
                {SMART_LABELS[k]}
              </Text>
              {c.ok ? (
                <Text span c="dimmed" inherit>
                  {" "}
                  — passes
                </Text>
              ) : (
                <Text span c="red" inherit>
                  {" "}
                  — {c.reason}
                </Text>
              )}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

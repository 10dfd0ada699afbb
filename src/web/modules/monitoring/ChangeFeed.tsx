import { Box, Button, Group, Select, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconRadar, IconX } from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import {
  CHANGE_CATEGORIES,
  CHANGE_CATEGORY_LABELS,
  CHANGE_IMPORTANCE_LABELS,
  CHANGE_IMPORTANCES,
  CHANGE_STATE_LABELS,
  CHANGE_STATES,
  type ChangeCategory,
  type ChangeImportance,
  type ChangeState,
} from "../../../shared/changes.schemas.ts";
import { dayOf } from "../../../shared/changes.ts";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, LoadMore } from "../../components/States.tsx";
import { displayTimeZone, formatDate, formatDateTime, relativeTime } from "../../lib/format.ts";
import { useCompetitors } from "../competitors/hooks.ts";
import { CategoryBadge, ImportanceBadge, StateBadge } from "./ChangeParts.tsx";
import { type ChangeFilters, type ChangeSummary, changePaths, useChanges } from "./changes.hooks.ts";

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, label: labels[v] }));

/** "Today", "Yesterday" or the date, for a day heading. */
function dayLabel(day: string) {
  const tz = displayTimeZone();
  const today = dayOf(new Date().toISOString(), tz);
  const yesterday = dayOf(new Date(Date.now() - 86_400_000).toISOString(), tz);
  if (day === today) return "Today";
  if (day === yesterday) return "Yesterday";
  return formatDate(day);
}

function ChangeRow({
  wid,
  c,
  selected,
  showCompetitor,
  onSelect,
}: {
  wid: string;
  c: ChangeSummary;
  selected: boolean;
  showCompetitor: boolean;
  onSelect: () => void;
}) {
  return (
    <Link
      href={changePaths.page(wid, c.id)}
      className="baton-change-row"
      data-selected={selected}
      data-change-id={c.id}
      onFocus={onSelect}
      aria-current={selected ? "true" : undefined}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
            {showCompetitor ? `${c.competitorName} · ` : ""}
            {c.monitorName}
          </Text>
          <Text size="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
            {c.summary || "Changed"}
          </Text>
          <Group gap={6} wrap="wrap">
            <ImportanceBadge importance={c.importance} />
            <CategoryBadge category={c.category} />
            <StateBadge state={c.state} />
            {c.reported ? null : (
              <Text size="xs" c="dimmed">
                below the threshold
              </Text>
            )}
          </Group>
        </Stack>
        <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
          <Text size="xs" c="dimmed">
            {relativeTime(c.detectedAt)}
          </Text>
          <Text size="xs" c="dimmed">
            {Math.round(c.changedPercent * 10) / 10}% changed
          </Text>
        </Stack>
      </Group>
    </Link>
  );
}

/**
 * The feed of detected changes grouped by day, with filters and keyboard navigation (J/K or ↓/↑ to move, Enter
 * to open). `competitorId` fixes the competitor (the competitor page's Changes tab).
 */
export function ChangeFeed({
  wid,
  competitorId,
  initial = {},
}: {
  wid: string;
  competitorId?: string;
  initial?: ChangeFilters;
}) {
  const [filters, setFilters] = useState<ChangeFilters>({
    ...initial,
    competitorId: competitorId ?? initial.competitorId,
  });
  const competitors = useCompetitors(wid);
  const list = useChanges(wid, filters);
  const [, navigate] = useLocation();
  const [selected, setSelected] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const items = list.items;

  const groups = useMemo(() => {
    const out: { day: string; items: ChangeSummary[] }[] = [];
    for (const c of items) {
      const day = dayOf(c.detectedAt, displayTimeZone());
      const last = out[out.length - 1];
      if (last?.day === day) last.items.push(c);
      else out.push({ day, items: [c] });
    }
    return out;
  }, [items]);

  const move = useCallback(
    (by: number) => {
      if (!items.length) return;
      const i = items.findIndex((c) => c.id === selected);
      const next = items[Math.max(0, Math.min(items.length - 1, i < 0 ? 0 : i + by))];
      setSelected(next.id);
      const el = listRef.current?.querySelector<HTMLElement>(`[data-change-id="${next.id}"]`);
      el?.focus();
      el?.scrollIntoView({ block: "nearest" });
    },
    [items, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.closest("input, textarea, select, [contenteditable=true]") || t.closest('[role="dialog"]')))
        return;
      const key = e.key === "ArrowDown" ? "j" : e.key === "ArrowUp" ? "k" : e.key;
      if (key === "j" || key === "k") {
        e.preventDefault();
        move(key === "j" ? 1 : -1);
      } else if (key === "Enter" && selected && !t?.closest("a, button")) {
        e.preventDefault();
        navigate(changePaths.page(wid, selected));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, navigate, selected, wid]);

  const set = (patch: ChangeFilters) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = Boolean(
    filters.category ||
      filters.importance ||
      filters.state ||
      filters.since ||
      (!competitorId && filters.competitorId),
  );

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" align="flex-end">
        {competitorId ? null : (
          <Select
            label="Competitor"
            placeholder="All"
            clearable
            searchable
            w={200}
            data={(competitors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={filters.competitorId ?? null}
            onChange={(v) => set({ competitorId: v })}
          />
        )}
        <Select
          label="Category"
          placeholder="All"
          clearable
          w={170}
          data={options(CHANGE_CATEGORIES, CHANGE_CATEGORY_LABELS)}
          value={filters.category ?? null}
          onChange={(v) => set({ category: v as ChangeCategory | null })}
        />
        <Select
          label="Importance"
          placeholder="All"
          clearable
          w={140}
          data={options(CHANGE_IMPORTANCES, CHANGE_IMPORTANCE_LABELS)}
          value={filters.importance ?? null}
          onChange={(v) => set({ importance: v as ChangeImportance | null })}
        />
        <Select
          label="State"
          placeholder="All"
          clearable
          w={140}
          data={options(CHANGE_STATES, CHANGE_STATE_LABELS)}
          value={filters.state ?? null}
          onChange={(v) => set({ state: v as ChangeState | null })}
        />
        {filters.since ? (
          <Button
            variant="light"
            size="xs"
            mb={6}
            rightSection={<IconX size={12} aria-hidden />}
            onClick={() => set({ since: null })}
            aria-label={`Show all dates (now since ${formatDateTime(filters.since)})`}
          >
            Since {formatDateTime(filters.since)}
          </Button>
        ) : null}
        <Text size="xs" c="dimmed" visibleFrom="sm" pb={8}>
          J / K to move, Enter to open
        </Text>
      </Group>
      <QueryState
        query={list}
        loading={
          <Stack gap="xs" aria-busy="true" aria-label="Loading changes">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={72} radius="md" />
            ))}
          </Stack>
        }
        isEmpty={() => items.length === 0}
        empty={
          <EmptyBlock
            icon={<IconRadar size={28} />}
            title={filtered ? "No changes match these filters" : "No changes detected yet"}
            description={
              filtered
                ? "Clear a filter to see more."
                : "When a tracked page, feed or listing of a competitor changes, it shows up here, grouped by day."
            }
          />
        }
      >
        {() => (
          <Box ref={listRef}>
            <Stack gap="md">
              {groups.map((g) => (
                <section key={g.day} aria-label={dayLabel(g.day)}>
                  <Title order={2} size="h5" mb={6}>
                    {dayLabel(g.day)}
                  </Title>
                  <Surface>
                    {g.items.map((c) => (
                      <ChangeRow
                        key={c.id}
                        wid={wid}
                        c={c}
                        selected={c.id === selected}
                        showCompetitor={!competitorId}
                        onSelect={() => setSelected(c.id)}
                      />
                    ))}
                  </Surface>
                </section>
              ))}
            </Stack>
            <LoadMore list={list} />
          </Box>
        )}
      </QueryState>
    </Stack>
  );
}

import { Button, Group, MultiSelect, SegmentedControl, Select, Switch, Text } from "@mantine/core";
import { IconFilterOff } from "@tabler/icons-react";
import {
  LANE_BY,
  type LaneBy,
  ROADMAP_ITEM_STATUS_LABELS,
  ROADMAP_ITEM_STATUSES,
  type RoadmapItemStatus,
  SMART_LABELS,
} from "../../../shared/enums.ts";
import type { RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { SearchInput } from "../../components/SearchInput.tsx";
import { type Filters, isFiltered, LANE_BY_LABELS, NO_FILTERS } from "./model.ts";

const STATUS_OPTIONS = ROADMAP_ITEM_STATUSES.map((s) => ({ value: s, label: ROADMAP_ITEM_STATUS_LABELS[s] }));

/** Filters every view shares (team, objective, status, search), and the timeline's lanes and arrows. */
export function FiltersBar({
  view,
  filters,
  onChange,
  laneBy,
  onLaneBy,
  showDependencies,
  onShowDependencies,
  shown,
}: {
  view: RoadmapView;
  filters: Filters;
  onChange: (f: Filters) => void;
  /** Only on the timeline. */
  laneBy?: LaneBy;
  onLaneBy?: (l: LaneBy) => void;
  showDependencies?: boolean;
  onShowDependencies?: (on: boolean) => void;
  shown: number;
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  return (
    <Group gap="sm" wrap="wrap" align="center">
      <SearchInput
        label="Search items"
        placeholder="Search titles and themes"
        value={filters.q}
        onChange={(q) => set({ q })}
        style={{ flex: "1 1 200px", maxWidth: 260 }}
      />
      <Select
        aria-label="Filter by team"
        placeholder="Any team"
        data={view.teams.map((t) => ({ value: t.id, label: t.name }))}
        value={filters.teamId}
        onChange={(teamId) => set({ teamId })}
        clearable
        searchable
        w={170}
      />
      <Select
        aria-label="Filter by objective"
        placeholder="Any objective"
        data={view.objectives.map((o) => ({ value: o.id, label: o.title }))}
        value={filters.objectiveId}
        onChange={(objectiveId) => set({ objectiveId })}
        clearable
        searchable
        w={200}
        comboboxProps={{ width: 320 }}
      />
      <MultiSelect
        aria-label="Filter by status"
        placeholder={filters.statuses.length ? undefined : "Any status"}
        data={STATUS_OPTIONS}
        value={filters.statuses}
        onChange={(v) => set({ statuses: v as RoadmapItemStatus[] })}
        clearable
        w={200}
      />
      {isFiltered(filters) ? (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => onChange(NO_FILTERS)}
        >
          Clear{filters.failing ? ` (failing ${SMART_LABELS[filters.failing]})` : ""}
        </Button>
      ) : null}
      <Text size="xs" c="dimmed">
        {isFiltered(filters) ? `${shown} of ${view.items.length} items` : `${view.items.length} items`}
      </Text>
      {laneBy && onLaneBy ? (
        <Group gap="sm" ml="auto" wrap="wrap">
          {onShowDependencies ? (
            <Switch
              size="xs"
              label="Show all dependencies"
              checked={showDependencies}
              onChange={(e) => onShowDependencies(e.currentTarget.checked)}
            />
          ) : null}
          <LanePicker value={laneBy} onChange={onLaneBy} />
        </Group>
      ) : null}
    </Group>
  );
}

/** "Lanes: Team | Objective | Theme | Status". */
export function LanePicker({ value, onChange }: { value: LaneBy; onChange: (v: LaneBy) => void }) {
  return (
    <>
      <Text size="sm" c="dimmed">
        Lanes
      </Text>
      <SegmentedControl
        size="xs"
        aria-label="Lanes by"
        value={value}
        onChange={(v) => onChange(v as LaneBy)}
        data={LANE_BY.map((l) => ({ value: l, label: LANE_BY_LABELS[l] }))}
      />
    </>
  );
}

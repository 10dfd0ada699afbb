import { Autocomplete, Button, Group, MultiSelect, Select, Switch } from "@mantine/core";
import { IconFilterOff } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { IDEA_STATUS_LABELS, IDEA_STATUSES, type IdeaStatus } from "../../../shared/enums.ts";
import { SearchInput } from "../../components/SearchInput.tsx";
import type { BacklogFilterState } from "./useBacklogFilters.ts";

const STATUS_FILTER = IDEA_STATUSES.map((s) => ({ value: s, label: IDEA_STATUS_LABELS[s] }));

type Filters = Pick<BacklogFilterState, "q" | "status" | "tag" | "ownerId" | "segment" | "covered">;

/**
 * The backlog's filters (search, status, tag, owner, customer segment), with its saved views and column picker
 * at the end. Typing (search, tag) asks to replace the history entry; choices add one (useBacklogFilters).
 */
export function BacklogFilterBar({
  filters: { q, status, tag, ownerId, segment, covered },
  filtered,
  onChange,
  onClear,
  tagOptions,
  memberOptions,
  segmentOptions,
  views,
  columnPicker,
}: {
  filters: Filters;
  filtered: boolean;
  onChange: (patch: Partial<Filters>, o?: { replace?: boolean }) => void;
  onClear: () => void;
  tagOptions: string[];
  memberOptions: { value: string; label: string }[];
  segmentOptions: string[];
  views: ReactNode;
  columnPicker: ReactNode;
}) {
  return (
    <Group gap="sm" wrap="wrap">
      <SearchInput
        label="Search ideas"
        placeholder="Search titles and descriptions"
        value={q}
        onChange={(v) => onChange({ q: v }, { replace: true })}
        style={{ flex: "1 1 220px", maxWidth: 320 }}
      />
      <MultiSelect
        aria-label="Filter by status"
        placeholder={status.length ? undefined : "Any status"}
        data={STATUS_FILTER}
        value={status}
        onChange={(v) => onChange({ status: v as IdeaStatus[] })}
        clearable
        w={220}
        maxDropdownHeight={300}
      />
      <Autocomplete
        aria-label="Filter by tag"
        placeholder="Any tag"
        data={tagOptions}
        value={tag}
        onChange={(v) => onChange({ tag: v }, { replace: true })}
        w={150}
        limit={20}
      />
      <Select
        aria-label="Filter by owner"
        placeholder="Any owner"
        data={memberOptions}
        value={ownerId}
        onChange={(v) => onChange({ ownerId: v })}
        searchable
        clearable
        w={170}
      />
      <Select
        aria-label="Filter by customer segment"
        placeholder="Any segment"
        data={segmentOptions}
        value={segment}
        onChange={(v) => onChange({ segment: v })}
        clearable
        w={170}
        title="Only ideas with feedback from this segment's companies; Demand and ARR count only it"
      />
      <Switch
        label="Competitors have it"
        checked={Boolean(covered)}
        onChange={(e) => onChange({ covered: e.currentTarget.checked })}
        title="Only ideas at least one of the product's competitors has, fully or partly (feature matrix)"
      />
      {filtered ? (
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={onClear}>
          Clear
        </Button>
      ) : null}
      <Group gap="sm" ml="auto">
        {views}
        {columnPicker}
      </Group>
    </Group>
  );
}

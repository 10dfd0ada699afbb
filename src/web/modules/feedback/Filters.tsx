import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Popover,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBookmark, IconBookmarkPlus, IconFilter, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { FEEDBACK_SOURCES, SENTIMENTS } from "../../../shared/feedback.ts";
import { SearchInput } from "../../components/SearchInput.tsx";
import type { InboxFilters } from "./hooks.ts";
import { SENTIMENT_LABELS, SOURCE_LABELS } from "./labels.tsx";

export interface SavedView {
  name: string;
  filters: InboxFilters;
}

const viewsKey = (wid: string, uid: string) => `baton-feedback-views:${wid}:${uid}`;

/** Saved views live in this browser, per workspace and person. */
export function loadViews(wid: string, uid: string): SavedView[] {
  try {
    const raw = localStorage.getItem(viewsKey(wid, uid));
    return raw ? (JSON.parse(raw) as SavedView[]) : [];
  } catch {
    return [];
  }
}
export function storeViews(wid: string, uid: string, views: SavedView[]) {
  try {
    localStorage.setItem(viewsKey(wid, uid), JSON.stringify(views));
  } catch {
    // private mode: views last for this visit only
  }
}

/** How many filters beyond status and search are set (shown on the Filters button). */
export function activeFilters(f: InboxFilters): number {
  return (
    (f.source.length ? 1 : 0) +
    (f.sentiment.length ? 1 : 0) +
    (f.tag ? 1 : 0) +
    (f.segment ? 1 : 0) +
    (f.assignee ? 1 : 0) +
    (f.theme ? 1 : 0) +
    (f.from || f.to ? 1 : 0)
  );
}

export function FilterBar({
  filters,
  onChange,
  members,
  searchRef,
  views,
  builtIn,
  onSaveView,
  onDeleteView,
  themes = [],
}: {
  filters: InboxFilters;
  onChange: (f: InboxFilters) => void;
  members: { value: string; label: string }[];
  searchRef: React.RefObject<HTMLInputElement | null>;
  views: SavedView[];
  builtIn: SavedView[];
  onSaveView: (name: string) => void;
  onDeleteView: (name: string) => void;
  /** Confirmed themes to filter by. */
  themes?: { value: string; label: string }[];
}) {
  const set = (patch: Partial<InboxFilters>) => onChange({ ...filters, ...patch });
  const count = activeFilters(filters);
  const [saveOpened, saveModal] = useDisclosure(false);
  const [name, setName] = useState("");

  return (
    <Group gap="sm" wrap="wrap">
      <div style={{ flex: "1 1 220px", minWidth: 0 }}>
        <SearchInputWithRef
          value={filters.q}
          onChange={(q) => set({ q })}
          label="Search feedback"
          inputRef={searchRef}
        />
      </div>
      <Popover width={340} position="bottom-end" shadow="md" trapFocus>
        <Popover.Target>
          <Button
            variant={count ? "light" : "default"}
            leftSection={<IconFilter size={16} />}
            rightSection={
              count ? (
                <Badge size="xs" circle>
                  {count}
                </Badge>
              ) : null
            }
          >
            Filters
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="sm">
            <MultiSelect
              label="Source"
              placeholder={filters.source.length ? undefined : "Any source"}
              data={FEEDBACK_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
              value={filters.source}
              onChange={(v) => set({ source: v as InboxFilters["source"] })}
              comboboxProps={{ withinPortal: false }}
              clearable
            />
            <MultiSelect
              label="Sentiment"
              placeholder={filters.sentiment.length ? undefined : "Any sentiment"}
              data={SENTIMENTS.map((s) => ({ value: s, label: SENTIMENT_LABELS[s] }))}
              value={filters.sentiment}
              onChange={(v) => set({ sentiment: v as InboxFilters["sentiment"] })}
              comboboxProps={{ withinPortal: false }}
              clearable
            />
            <Select
              label="Assignee"
              placeholder="Anyone"
              data={[{ value: "none", label: "Unassigned" }, ...members]}
              value={filters.assignee || null}
              onChange={(v) => set({ assignee: v ?? "" })}
              comboboxProps={{ withinPortal: false }}
              searchable
              clearable
            />
            {themes.length ? (
              <Select
                label="Theme"
                placeholder="Any theme"
                data={themes}
                value={filters.theme || null}
                onChange={(v) => set({ theme: v ?? "" })}
                comboboxProps={{ withinPortal: false }}
                searchable
                clearable
              />
            ) : null}
            <SimpleGrid cols={2} spacing="sm">
              <TextInput
                label="Segment"
                placeholder="Enterprise"
                value={filters.segment}
                onChange={(e) => set({ segment: e.currentTarget.value })}
              />
              <TextInput
                label="Tag"
                placeholder="pricing"
                value={filters.tag}
                onChange={(e) => set({ tag: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label="Received from"
                value={filters.from}
                onChange={(e) => set({ from: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label="until"
                value={filters.to}
                onChange={(e) => set({ to: e.currentTarget.value })}
              />
            </SimpleGrid>
            {count ? (
              <Button
                variant="subtle"
                size="xs"
                onClick={() =>
                  set({
                    source: [],
                    sentiment: [],
                    assignee: "",
                    theme: "",
                    segment: "",
                    tag: "",
                    from: "",
                    to: "",
                  })
                }
              >
                Clear filters
              </Button>
            ) : null}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Menu position="bottom-end" width={260}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            Views
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {builtIn.map((v) => (
            <Menu.Item key={v.name} onClick={() => onChange(v.filters)}>
              {v.name}
            </Menu.Item>
          ))}
          {views.length ? <Menu.Label>Saved views</Menu.Label> : null}
          {views.map((v) => (
            <Menu.Item
              key={v.name}
              onClick={() => onChange(v.filters)}
              rightSection={
                <ActionIcon
                  component="span"
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Delete view ${v.name}`}
                  onClick={(e: React.MouseEvent) => {
                    e.stopPropagation();
                    onDeleteView(v.name);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconBookmarkPlus size={14} />}
            onClick={() => {
              setName("");
              saveModal.open();
            }}
          >
            Save the current view…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saveOpened} onClose={saveModal.close} title="Save this view" size="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            onSaveView(name.trim());
            saveModal.close();
          }}
        >
          <Stack gap="md">
            <TextInput
              label="Name"
              placeholder="Negative feedback from Enterprise"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              required
              maxLength={60}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={saveModal.close}>
                Cancel
              </Button>
              <Button type="submit" disabled={!name.trim()}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}

/** SearchInput, with a ref so "F" can focus it. */
function SearchInputWithRef({
  value,
  onChange,
  label,
  inputRef,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  inputRef: React.RefObject<HTMLInputElement | null>;
}) {
  return (
    <div
      ref={(el) => {
        const input = el?.querySelector("input") ?? null;
        inputRef.current = input;
        // Enter or Escape hands the keys back to the list (J/K, triage).
        if (input)
          input.onkeydown = (e) => {
            if (e.key === "Enter" || e.key === "Escape") input.blur();
          };
      }}
    >
      <SearchInput value={value} onChange={onChange} label={label} placeholder="Search feedback  (F)" />
    </div>
  );
}

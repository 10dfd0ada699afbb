import { ActionIcon, Anchor, Button, Group, Menu, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import {
  IconCalendarStats,
  IconColumns3,
  IconDeviceFloppy,
  IconDiamond,
  IconDots,
  IconFlame,
  IconHistory,
  IconPlus,
  IconSettings,
  IconTable,
  IconTimeline,
  IconWand,
} from "@tabler/icons-react";
import { type ComponentType, useCallback, useMemo, useRef, useState } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import type { LaneBy } from "../../../shared/enums.ts";
import type { RoadmapItem } from "../../../shared/roadmap.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { notifyError } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { ErrorState } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { AddItemModal } from "./AddItemModal.tsx";
import { BoardView } from "./BoardView.tsx";
import { CapacityView } from "./CapacityView.tsx";
import { ExportMenu } from "./ExportMenu.tsx";
import { FiltersBar } from "./FiltersBar.tsx";
import { type ItemPatch, useRoadmapView, useUpdateItem } from "./hooks.ts";
import { ItemDrawer } from "./ItemDrawer.tsx";
import { MilestonesModal } from "./MilestonesModal.tsx";
import { dropPatch, type Filters, filterItems, isFiltered, LANE_BY_LABELS, NO_FILTERS } from "./model.ts";
import { PlannerModal } from "./PlannerModal.tsx";
import { isRoadmapView, type RoadmapViewName, roadmapPaths } from "./paths.ts";
import { RoadmapSettingsModal } from "./RoadmapSettingsModal.tsx";
import { SaveVersionModal } from "./SaveVersionModal.tsx";
import { SmartSummary } from "./SmartSummary.tsx";
import { TableView } from "./TableView.tsx";
import { type MoveTarget, Timeline } from "./Timeline.tsx";
import { VersionsView } from "./VersionsView.tsx";

const TABS: { value: RoadmapViewName; label: string; icon: React.ReactNode }[] = [
  { value: "timeline", label: "Timeline", icon: <IconTimeline size={16} /> },
  { value: "board", label: "Now / Next / Later", icon: <IconColumns3 size={16} /> },
  { value: "table", label: "Table", icon: <IconTable size={16} /> },
  { value: "capacity", label: "Capacity", icon: <IconFlame size={16} /> },
  { value: "versions", label: "Versions", icon: <IconHistory size={16} /> },
];

// Off by default: the timeline shows the arrows of the hovered, focused or open item only.
const DEPS_KEY = "baton-roadmap-all-dependencies";
function loadFlag(key: string, fallback: boolean): boolean {
  try {
    const v = localStorage.getItem(key);
    return v === null ? fallback : v === "1";
  } catch {
    return fallback;
  }
}
function saveFlag(key: string, on: boolean) {
  try {
    localStorage.setItem(key, on ? "1" : "0");
  } catch {
    // private mode
  }
}

/** One roadmap: header with SMART summary and actions, shared filters, and five views (wouter paths). */
/** The header's sign-off controls, given by the sign-off module (signoffs/RoadmapPageWithSignoff.tsx). */
export type SignoffSlot = ComponentType<{ roadmapId: string; roadmapName: string }>;

export function RoadmapPage({ signoff: Signoff }: { signoff?: SignoffSlot }) {
  const { id, view } = useParams<{ id: string; view?: string }>();
  return <Roadmap key={id} id={id} tab={isRoadmapView(view) ? view : "timeline"} Signoff={Signoff} />;
}

function Roadmap({ id, tab, Signoff }: { id: string; tab: RoadmapViewName; Signoff?: SignoffSlot }) {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const [, navigate] = useLocation();
  const q = useRoadmapView(wid, id);
  const view = q.data;
  useDocumentTitle(view ? view.roadmap.name : "Roadmap", workspace.name);
  const canWrite = can("roadmaps.write");

  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [debouncedQ] = useDebouncedValue(filters.q, 150);
  const [laneChoice, setLaneBy] = useState<LaneBy | null>(null);
  const laneBy: LaneBy = laneChoice ?? view?.roadmap.laneBy ?? "team";
  const [showDeps, setShowDeps] = useState(() => loadFlag(DEPS_KEY, false));
  const toggleDeps = (on: boolean) => {
    setShowDeps(on);
    saveFlag(DEPS_KEY, on);
  };
  // ?item=<id> (from the portfolio) opens that item.
  const search = useSearch();
  const [openId, setOpenId] = useState<string | null>(() => new URLSearchParams(search).get("item"));
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [addOpened, addModal] = useDisclosure(false);
  const [planOpened, planModal] = useDisclosure(false);
  const [saveOpened, saveModal] = useDisclosure(false);
  const [milestonesOpened, milestonesModal] = useDisclosure(false);
  const [settingsOpened, settingsModal] = useDisclosure(false);

  const items = useMemo(
    () => (view ? filterItems(view.items, { ...filters, q: debouncedQ }) : []),
    [view, filters, debouncedQ],
  );

  const onFail = useCallback((err: unknown, vars: ItemPatch) => {
    if (err instanceof ApiError && err.isStale) setStale(true);
    else notifyError(err, vars.optimistic ? "Could not move the item" : "Could not save the item");
  }, []);
  const update = useUpdateItem(wid, id, onFail);

  // Stable for the memoized views: reads the lanes and the view through a ref.
  const latest = useRef({ laneBy, view });
  latest.current = { laneBy, view };
  const { mutate } = update;
  const move = useCallback(
    (source: string) => (item: RoadmapItem, to: MoveTarget) => {
      const { laneBy: by, view: v } = latest.current;
      if (!v) return;
      const res = dropPatch(item, to.lane !== null ? by : null, to.lane, to.period, v.roadmap);
      if (!res) return;
      const reason =
        "period" in res.patch
          ? `Moved on the ${source}`
          : `Moved to another ${LANE_BY_LABELS[by].toLowerCase()} on the ${source}`;
      mutate({ id: item.id, patch: { ...res.patch, reason }, optimistic: res.optimistic });
    },
    [mutate],
  );
  const onTimelineMove = useMemo(() => move("timeline"), [move]);
  const onBoardMove = useMemo(() => move("Now/Next/Later board"), [move]);
  const onOpen = useCallback((itemId: string) => setOpenId(itemId), []);

  const reload = async () => {
    setReloading(true);
    try {
      await q.refetch();
      setStale(false);
    } finally {
      setReloading(false);
    }
  };

  if (q.isError)
    return (
      <Page size="xl" title="Roadmap">
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      </Page>
    );

  return (
    <Page
      size="xl"
      title={
        view ? (
          <>
            {view.roadmap.name}{" "}
            <Text span inherit c="dimmed" fw={400}>
              ·{" "}
              <Anchor component={Link} href={roadmapPaths.index(wid)} inherit c="dimmed">
                {view.roadmap.productName}
              </Anchor>
            </Text>
          </>
        ) : (
          <Skeleton h={34} w={320} />
        )
      }
      actions={
        view ? (
          <>
            {canWrite ? (
              <>
                <Button variant="default" leftSection={<IconWand size={16} />} onClick={planModal.open}>
                  Auto-plan
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconDeviceFloppy size={16} />}
                  onClick={saveModal.open}
                >
                  Save version
                </Button>
              </>
            ) : null}
            {Signoff ? <Signoff roadmapId={id} roadmapName={view.roadmap.name} /> : null}
            <ExportMenu roadmap={view.roadmap} />
            {canWrite ? (
              <Button leftSection={<IconPlus size={16} />} onClick={addModal.open}>
                Add item
              </Button>
            ) : null}
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label="More roadmap actions">
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconDiamond size={16} />} onClick={milestonesModal.open}>
                  Milestones…
                </Menu.Item>
                {canWrite ? (
                  <Menu.Item leftSection={<IconSettings size={16} />} onClick={settingsModal.open}>
                    Roadmap settings…
                  </Menu.Item>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          </>
        ) : null
      }
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Tabs
          value={tab}
          onChange={(v) => v && navigate(roadmapPaths.roadmap(wid, id, v as RoadmapViewName))}
          variant="pills"
          radius="md"
        >
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value} leftSection={t.icon}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        {view ? (
          <SmartSummary
            summary={view.smartSummary}
            failing={filters.failing}
            onFailing={(failing) => setFilters((f) => ({ ...f, failing }))}
          />
        ) : null}
      </Group>

      {stale ? <StaleAlert what="item" onReload={reload} reloading={reloading} /> : null}

      {!view ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the roadmap">
          <Skeleton h={36} radius="md" />
          <Skeleton h={420} radius="lg" />
        </Stack>
      ) : (
        <>
          {tab !== "versions" && tab !== "capacity" ? (
            <FiltersBar
              view={view}
              filters={filters}
              onChange={setFilters}
              shown={items.length}
              laneBy={tab === "timeline" ? laneBy : undefined}
              onLaneBy={tab === "timeline" ? setLaneBy : undefined}
              showDependencies={showDeps}
              onShowDependencies={tab === "timeline" ? toggleDeps : undefined}
            />
          ) : null}
          {tab === "timeline" ? (
            <Timeline
              view={view}
              items={items}
              laneBy={laneBy}
              canWrite={canWrite}
              showAllDependencies={showDeps}
              selectedId={openId}
              hideEmptyLanes={isFiltered(filters)}
              onMove={onTimelineMove}
              onOpen={onOpen}
            />
          ) : tab === "board" ? (
            <BoardView view={view} items={items} canWrite={canWrite} onMove={onBoardMove} onOpen={onOpen} />
          ) : tab === "table" ? (
            <TableView view={view} items={items} onOpen={onOpen} />
          ) : tab === "capacity" ? (
            <CapacityView view={view} onOpen={onOpen} />
          ) : (
            <VersionsView view={view} onSave={saveModal.open} />
          )}
          {tab === "timeline" ? <TimelineLegend /> : null}
          <ItemDrawer
            view={view}
            itemId={openId}
            onClose={() => setOpenId(null)}
            onReload={() => q.refetch()}
          />
          <AddItemModal opened={addOpened} onClose={addModal.close} view={view} />
          <PlannerModal opened={planOpened} onClose={planModal.close} view={view} />
          <MilestonesModal opened={milestonesOpened} onClose={milestonesModal.close} view={view} />
          <RoadmapSettingsModal
            opened={settingsOpened}
            onClose={settingsModal.close}
            roadmap={view.roadmap}
            onReload={() => q.refetch()}
          />
          <SaveVersionModal
            opened={saveOpened}
            onClose={saveModal.close}
            roadmapId={id}
            onSaved={() => navigate(roadmapPaths.roadmap(wid, id, "versions"))}
          />
        </>
      )}
    </Page>
  );
}

function TimelineLegend() {
  return (
    <Group gap="lg" wrap="wrap">
      <Group gap={6}>
        <IconCalendarStats size={14} color="var(--mantine-color-grape-6)" />
        <Text size="xs" c="dimmed">
          ◆ milestone · red line: today · arrows: what an item depends on and what needs it (hover, focus or
          open a card; or show all) · red arrow: the dependency lands later
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        S M A R T: Specific, Measurable, Achievable, Relevant, Time-bound (green passes, red fails; hover for
        the reason)
      </Text>
    </Group>
  );
}

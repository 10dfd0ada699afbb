import "./ideas.css";
import {
  Anchor,
  Autocomplete,
  Button,
  Group,
  Menu,
  MultiSelect,
  Select,
  Tabs,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import {
  IconAdjustmentsHorizontal,
  IconBulb,
  IconChartDots3,
  IconDownload,
  IconFilterOff,
  IconList,
  IconPlus,
  IconSearch,
  IconUpload,
} from "@tabler/icons-react";
import { Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import {
  FRAMEWORK_LABELS,
  FRAMEWORKS,
  type Framework,
  IDEA_STATUS_LABELS,
  IDEA_STATUSES,
  type IdeaStatus,
} from "../../../shared/enums.ts";
import { notifyError } from "../../components/feedback.tsx";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { EmptyBlock, ErrorState, PageLoader, TableSkeleton } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { lazyNamed } from "../../lib/lazy.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useFactors } from "../factors/hooks.ts";
import { useAllMembers } from "../people/hooks.ts";
import { FrameworkSetting } from "../products/FrameworkSetting.tsx";
import { BacklogTable } from "./BacklogTable.tsx";
import { BulkBar } from "./BulkBar.tsx";
import { allColumns, type CellContext, type ColumnDef } from "./columns.tsx";
import {
  downloadExport,
  type IdeaFilters,
  PAGE_SIZE,
  useFarPages,
  useIdeasList,
  useProduct,
  useSegments,
} from "./hooks.ts";
import { ImportModal } from "./ImportModal.tsx";
import { NewIdeaModal } from "./NewIdeaModal.tsx";
import { ideaPaths, rememberProduct } from "./paths.ts";
import type { IdeaRow, SavedView, ViewConfig } from "./types.ts";
import { naturalDir, useBacklogFilters } from "./useBacklogFilters.ts";
import { ColumnPicker, ViewsMenu } from "./ViewControls.tsx";

const MatrixTab = lazyNamed(() => import("./MatrixTab.tsx"), "MatrixTab");

const STATUS_FILTER = IDEA_STATUSES.map((s) => ({ value: s, label: IDEA_STATUS_LABELS[s] }));
const FRAMEWORK_SHORT: Record<Framework, string> = {
  weighted: "Weighted",
  rice: "RICE",
  ice: "ICE",
  wsjf: "WSJF",
};

const COLUMNS_KEY = "baton-idea-columns:";
function loadColumns(pid: string): string[] | null {
  try {
    const raw = localStorage.getItem(COLUMNS_KEY + pid);
    return raw ? (JSON.parse(raw) as string[]) : null;
  } catch {
    return null;
  }
}
function saveColumns(pid: string, keys: string[] | null) {
  try {
    if (keys) localStorage.setItem(COLUMNS_KEY + pid, JSON.stringify(keys));
    else localStorage.removeItem(COLUMNS_KEY + pid);
  } catch {
    // private mode
  }
}

/** The ranked backlog of one product: filters, saved views, a virtualized table, bulk edit and the matrix. */
export function BacklogPage() {
  const { pid } = useParams<{ pid: string }>();
  // A fresh state (filters, selection, columns) for each product.
  return <Backlog key={pid} pid={pid} />;
}

function Backlog({ pid }: { pid: string }) {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const [, navigate] = useLocation();
  const product = useProduct(wid, pid);
  const factors = useFactors(wid, pid);
  const members = useAllMembers(wid);
  useDocumentTitle(product.data ? `Ideas — ${product.data.name}` : "Ideas", workspace.name);

  useEffect(() => rememberProduct(wid, pid), [wid, pid]);

  // ---- filters, sort, columns: kept in the URL (useBacklogFilters), so a filtered backlog is a link ----
  const [{ q, status, tag, ownerId, segment, sort, dir }, setFilters] = useBacklogFilters();
  const revenue = can("customers.revenue");
  // ARR is not shown (nor sortable) without customers.revenue: a shared ?sort=arr link falls back to demand.
  const serverSort = sort === "arr" && !revenue ? "demand" : sort;
  const segments = useSegments(wid);
  const [viewId, setViewId] = useState<string | null>(null);
  const [columnKeys, setColumnKeys] = useState<string[] | null>(() => loadColumns(pid));
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const [debouncedTag] = useDebouncedValue(tag.trim().toLowerCase(), 250);
  const filters: IdeaFilters = useMemo(
    () => ({
      q: debouncedQ || undefined,
      status: status.length ? status : undefined,
      tag: debouncedTag || undefined,
      ownerId: ownerId ?? undefined,
      segment: segment ?? undefined,
      sort: serverSort,
      dir,
    }),
    [debouncedQ, status, debouncedTag, ownerId, segment, serverSort, dir],
  );
  const list = useIdeasList(wid, pid, filters);
  const [range, setRange] = useState({ first: 0, last: 0 });
  const [debouncedRange] = useDebouncedValue(range, 120);
  const onRangeChange = useCallback((first: number, last: number) => setRange({ first, last }), []);
  const far = useFarPages(wid, pid, filters, debouncedRange, list.items.length, list.total);
  const rowAt = (i: number): IdeaRow | undefined =>
    i < list.items.length ? list.items[i] : far.get(Math.floor(i / PAGE_SIZE))?.items[i % PAGE_SIZE];
  const filtered = Boolean(q || status.length || tag || ownerId || segment);
  const framework: Framework = product.data?.framework ?? list.framework ?? "weighted";

  const columns = useMemo(() => allColumns(factors.data?.factors ?? [], revenue), [factors.data, revenue]);
  const visibleKeys = useMemo(
    () => new Set(columnKeys ?? columns.filter((c) => c.defaultOn).map((c) => c.key)),
    [columnKeys, columns],
  );
  const visible = columns.filter((c) => c.fixed || visibleKeys.has(c.key));
  const changeColumns = (keys: string[] | null) => {
    setColumnKeys(keys);
    saveColumns(pid, keys);
  };

  const onSort = useCallback(
    (c: ColumnDef) => {
      if (!c.sort) return;
      if (c.sort === serverSort) setFilters({ dir: dir === "asc" ? "desc" : "asc" });
      else setFilters({ sort: c.sort, dir: c.defaultDir ?? "asc" });
      setViewId(null);
    },
    [serverSort, dir, setFilters],
  );

  const clearFilters = () => {
    setFilters({ q: "", status: [], tag: "", ownerId: null, segment: null });
    setViewId(null);
  };

  const applyView = (v: SavedView) => {
    const c = v.config;
    const sortOf = c.sort ?? "rank";
    setFilters({
      q: c.q ?? "",
      status: c.status ?? [],
      tag: c.tag ?? "",
      ownerId: c.ownerId ?? null,
      segment: null,
      sort: sortOf,
      dir: c.dir ?? naturalDir(sortOf),
    });
    if (c.columns?.length) changeColumns(c.columns);
    setViewId(v.id);
  };
  const viewConfig: ViewConfig = {
    q: q.trim() || undefined,
    status: status.length ? status : undefined,
    tag: tag.trim() || undefined,
    ownerId: ownerId ?? undefined,
    sort,
    dir,
    columns: visible.map((c) => c.key),
  };

  // ---- selection ----
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const toggleAll = () =>
    setSelected((s) =>
      list.items.length > 0 && list.items.every((r) => s.has(r.id))
        ? new Set()
        : new Set(list.items.slice(0, 1000).map((r) => r.id)),
    );

  // ---- modals ----
  const [newOpened, newModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  useNewParam(ideaPaths.backlog(wid, pid), () => can("ideas.write") && newModal.open());
  const [tab, setTab] = useState<string | null>("list");

  const segmentOptions = useMemo(() => {
    const known = (segments.data?.items ?? []).map((s) => s.segment);
    // A shared link may name a segment this list does not hold (yet): keep it selectable.
    if (segment && !known.includes(segment)) known.push(segment);
    return known;
  }, [segments.data, segment]);
  const memberOptions = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
    [members.data],
  );
  const tagOptions = useMemo(() => {
    const tags = new Set<string>();
    for (const r of list.items.slice(0, 2000)) for (const t of r.tags) tags.add(t);
    return [...tags].sort();
  }, [list.items]);

  const maxScore = useMemo(() => {
    let m = 0;
    for (const r of list.items) if (r.score !== null && r.score > m) m = r.score;
    return framework === "weighted" ? Math.max(100, m) : m;
  }, [list.items, framework]);
  const ctx: CellContext = useMemo(
    () => ({ framework, maxScore, href: (r: IdeaRow) => ideaPaths.idea(wid, r.id) }),
    [framework, maxScore, wid],
  );
  const open = useCallback((r: IdeaRow) => navigate(ideaPaths.idea(wid, r.id)), [navigate, wid]);

  // Personal "view by": sorts this backlog by another framework's score (kept in the URL, ?by=rice), without
  // changing the product's ranking, which is a product setting (FrameworkSetting).
  const viewBy = (FRAMEWORKS as readonly string[]).includes(sort) ? sort : "product";
  const setViewBy = (v: string | null) => {
    const by = v && v !== "product" ? (v as Framework) : null;
    setFilters({ sort: by ?? "rank", dir: by ? "desc" : "asc" });
  };

  const exportAs = (format: "csv" | "json") => {
    const name = `${(product.data?.name ?? "ideas").toLowerCase().replace(/[^a-z0-9]+/g, "-")}-ideas`;
    downloadExport(wid, pid, format, name).catch((err) => notifyError(err, "Could not export"));
  };

  if (product.isError) {
    return (
      <Page size="xl" title="Ideas">
        <ErrorState error={product.error} onRetry={() => product.refetch()} />
      </Page>
    );
  }

  const canWrite = can("ideas.write");
  const resetKey = JSON.stringify(filters);
  const empty = list.isSuccess && list.total === 0 && list.items.length === 0;

  return (
    <Page
      size="xl"
      title={
        <>
          Ideas{" "}
          <Text span inherit c="dimmed" fw={400}>
            ·{" "}
            <Tooltip label="Switch product" openDelay={300}>
              <Anchor component={Link} href={`${ideaPaths.index(wid)}?choose=1`} inherit c="dimmed">
                {product.data?.name ?? "…"}
              </Anchor>
            </Tooltip>
          </Text>
        </>
      }
      description={
        list.isSuccess
          ? `${pluralize(list.total, "idea")}${filtered ? " match" : ""}, ranked by ${FRAMEWORK_LABELS[framework]}.`
          : "Candidate features, ranked by the product's prioritization framework."
      }
      actions={
        <>
          <Button
            component={Link}
            href={ideaPaths.factors(wid, pid)}
            variant="subtle"
            leftSection={<IconAdjustmentsHorizontal size={16} />}
          >
            Factors
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />}>
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => exportAs("csv")}>CSV (spreadsheets)</Menu.Item>
              <Menu.Item onClick={() => exportAs("json")}>JSON (everything)</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {can("ideas.prioritize") ? (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open}>
              Import
            </Button>
          ) : null}
          {canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
              New idea
            </Button>
          ) : null}
        </>
      }
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Tabs value={tab} onChange={setTab} variant="pills" radius="md">
          <Tabs.List>
            <Tabs.Tab value="list" leftSection={<IconList size={16} />}>
              Ranked list
            </Tabs.Tab>
            <Tabs.Tab value="matrix" leftSection={<IconChartDots3 size={16} />}>
              Value vs effort
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Group gap="xs" wrap="nowrap">
          <Select
            size="xs"
            w={170}
            aria-label="View by (only for you)"
            title="Only for you: sorts this list by a framework's score; the product's ranking stays"
            data={[
              { value: "product", label: "View by: product rank" },
              ...FRAMEWORKS.map((f) => ({ value: f, label: `View by: ${FRAMEWORK_SHORT[f]}` })),
            ]}
            value={viewBy}
            onChange={setViewBy}
            allowDeselect={false}
          />
          {product.data ? (
            <FrameworkSetting wid={wid} product={product.data} canChange={can("products.write")} />
          ) : null}
        </Group>
      </Group>

      <Group gap="sm" wrap="wrap">
        <SearchInput
          label="Search ideas"
          placeholder="Search titles and descriptions"
          value={q}
          onChange={(v) => {
            setFilters({ q: v }, { replace: true });
            setViewId(null);
          }}
          style={{ flex: "1 1 220px", maxWidth: 320 }}
        />
        <MultiSelect
          aria-label="Filter by status"
          placeholder={status.length ? undefined : "Any status"}
          data={STATUS_FILTER}
          value={status}
          onChange={(v) => {
            setFilters({ status: v as IdeaStatus[] });
            setViewId(null);
          }}
          clearable
          w={220}
          maxDropdownHeight={300}
        />
        <Autocomplete
          aria-label="Filter by tag"
          placeholder="Any tag"
          data={tagOptions}
          value={tag}
          onChange={(v) => {
            setFilters({ tag: v }, { replace: true });
            setViewId(null);
          }}
          w={150}
          limit={20}
        />
        <Select
          aria-label="Filter by owner"
          placeholder="Any owner"
          data={memberOptions}
          value={ownerId}
          onChange={(v) => {
            setFilters({ ownerId: v });
            setViewId(null);
          }}
          searchable
          clearable
          w={170}
        />
        <Select
          aria-label="Filter by customer segment"
          placeholder="Any segment"
          data={segmentOptions}
          value={segment}
          onChange={(v) => {
            setFilters({ segment: v });
            setViewId(null);
          }}
          clearable
          w={170}
          title="Only ideas with feedback from this segment's companies; Demand and ARR count only it"
        />
        {filtered ? (
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconFilterOff size={16} />}
            onClick={clearFilters}
          >
            Clear
          </Button>
        ) : null}
        <Group gap="sm" ml="auto">
          <ViewsMenu productId={pid} current={viewConfig} activeId={viewId} onApply={applyView} />
          {tab === "list" ? (
            <ColumnPicker
              columns={columns}
              visible={visible.map((c) => c.key)}
              onChange={changeColumns}
              onReset={() => changeColumns(null)}
            />
          ) : null}
        </Group>
      </Group>

      {selected.size > 0 && canWrite && tab === "list" ? (
        <BulkBar
          productId={pid}
          ids={[...selected]}
          onDone={() => setSelected(new Set())}
          memberOptions={memberOptions}
          tagOptions={tagOptions}
        />
      ) : null}

      {tab === "matrix" ? (
        <Suspense fallback={<PageLoader />}>
          <MatrixTab
            productId={pid}
            filters={filters}
            framework={framework}
            factors={factors.data?.factors ?? []}
          />
        </Suspense>
      ) : (
        <Surface>
          <QueryState
            query={list}
            loading={<TableSkeleton rows={10} cols={7} />}
            isEmpty={() => empty}
            empty={
              filtered ? (
                <EmptyBlock
                  size="sm"
                  icon={<IconSearch size={22} />}
                  title="No idea matches"
                  description="Try another search, status, tag or owner."
                >
                  <Button variant="default" onClick={clearFilters}>
                    Clear filters
                  </Button>
                </EmptyBlock>
              ) : (
                <EmptyBlock
                  icon={<IconBulb size={26} />}
                  title="No ideas yet"
                  description="Collect every candidate feature here: stakeholders score them on the factors, and the backlog ranks itself."
                >
                  {canWrite ? (
                    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                      Add the first idea
                    </Button>
                  ) : null}
                  {can("ideas.prioritize") ? (
                    <Button
                      variant="default"
                      leftSection={<IconUpload size={16} />}
                      onClick={importModal.open}
                    >
                      Import a CSV
                    </Button>
                  ) : null}
                  {!canWrite ? (
                    <Text size="sm" c="dimmed">
                      Contributors and product managers can add ideas.
                    </Text>
                  ) : null}
                </EmptyBlock>
              )
            }
            errorInset
          >
            {() => (
              <BacklogTable
                items={list.items}
                rowAt={rowAt}
                onRangeChange={onRangeChange}
                total={list.total}
                hasNextPage={list.hasNextPage}
                isFetchingNextPage={list.isFetchingNextPage}
                fetchNextPage={list.fetchNextPage}
                columns={visible}
                ctx={ctx}
                sort={serverSort}
                dir={dir}
                onSort={onSort}
                selectable={canWrite}
                selected={selected}
                onToggle={toggle}
                onToggleAll={toggleAll}
                onOpen={open}
                rowHeight={filters.q ? 56 : 44}
                resetKey={resetKey}
              />
            )}
          </QueryState>
        </Surface>
      )}
      {tab === "list" && list.isSuccess && !empty ? (
        <Text size="xs" c="dimmed">
          <kbd>j</kbd>/<kbd>k</kbd> or arrows to move, <kbd>Enter</kbd> to open
          {canWrite ? (
            <>
              , <kbd>x</kbd> to select
            </>
          ) : null}
          . Click a column header to sort.
        </Text>
      ) : null}

      <NewIdeaModal
        opened={newOpened}
        onClose={newModal.close}
        productId={pid}
        framework={framework}
        memberOptions={memberOptions}
        tagOptions={tagOptions}
      />
      {can("ideas.prioritize") ? (
        <ImportModal
          opened={importOpened}
          onClose={importModal.close}
          productId={pid}
          productName={product.data?.name ?? "this product"}
        />
      ) : null}
    </Page>
  );
}

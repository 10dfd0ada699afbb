import "./ideas.css";
import { Group } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { useLocation, useParams } from "wouter";
import { FRAMEWORK_LABELS, type Framework } from "../../../shared/enums.ts";
import { notifyError } from "../../components/feedback.tsx";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ErrorState, PageLoader, TableSkeleton } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { lazyNamed } from "../../lib/lazy.ts";
import { toggled } from "../../lib/sets.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useFactors } from "../factors/hooks.ts";
import { useAllMembers } from "../people/hooks.ts";
import { FrameworkSetting } from "../products/FrameworkSetting.tsx";
import { BacklogFilterBar } from "./BacklogFilterBar.tsx";
import {
  BacklogActions,
  BacklogEmpty,
  BacklogTabs,
  BacklogTitle,
  KeyboardHint,
  ViewBySelect,
} from "./BacklogParts.tsx";
import { BacklogTable } from "./BacklogTable.tsx";
import { BulkBar } from "./BulkBar.tsx";
import {
  filtersOfView,
  maxScoreOf,
  segmentOptionsOf,
  sortForViewBy,
  tagOptionsOf,
  toggleAllOf,
  viewByOf,
  viewConfigOf,
} from "./backlog.logic.ts";
import { useBacklogColumns } from "./backlogColumns.ts";
import type { CellContext, ColumnDef } from "./columns.tsx";
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
import type { IdeaRow, SavedView } from "./types.ts";
import { useBacklogFilters } from "./useBacklogFilters.ts";
import { ColumnPicker, ViewsMenu } from "./ViewControls.tsx";

const MatrixTab = lazyNamed(() => import("./MatrixTab.tsx"), "MatrixTab");

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
  const [{ q, status, tag, ownerId, segment, covered, sort, dir }, setFilters] = useBacklogFilters();
  const revenue = can("customers.revenue");
  // ARR is not shown (nor sortable) without customers.revenue: a shared ?sort=arr link falls back to demand.
  const serverSort = sort === "arr" && !revenue ? "demand" : sort;
  const segments = useSegments(wid);
  const [viewId, setViewId] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const [debouncedTag] = useDebouncedValue(tag.trim().toLowerCase(), 250);
  const filters: IdeaFilters = useMemo(
    () => ({
      q: debouncedQ || undefined,
      status: status.length ? status : undefined,
      tag: debouncedTag || undefined,
      ownerId: ownerId ?? undefined,
      segment: segment ?? undefined,
      covered: covered || undefined,
      sort: serverSort,
      dir,
    }),
    [debouncedQ, status, debouncedTag, ownerId, segment, covered, serverSort, dir],
  );
  const list = useIdeasList(wid, pid, filters);
  const [range, setRange] = useState({ first: 0, last: 0 });
  const [debouncedRange] = useDebouncedValue(range, 120);
  const onRangeChange = useCallback((first: number, last: number) => setRange({ first, last }), []);
  const far = useFarPages(wid, pid, filters, debouncedRange, list.items.length, list.total);
  const rowAt = (i: number): IdeaRow | undefined =>
    i < list.items.length ? list.items[i] : far.get(Math.floor(i / PAGE_SIZE))?.items[i % PAGE_SIZE];
  const filtered = Boolean(q || status.length || tag || ownerId || segment || covered);
  const framework: Framework = product.data?.framework ?? list.framework ?? "weighted";

  const { columns, visible, changeColumns } = useBacklogColumns(pid, factors.data?.factors, revenue);

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
    setFilters({ q: "", status: [], tag: "", ownerId: null, segment: null, covered: false });
    setViewId(null);
  };

  const applyView = (v: SavedView) => {
    setFilters(filtersOfView(v.config));
    if (v.config.columns?.length) changeColumns(v.config.columns);
    setViewId(v.id);
  };
  const viewConfig = viewConfigOf(
    { q, status, tag, ownerId, segment, sort, dir },
    visible.map((c) => c.key),
  );

  // ---- selection ----
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = useCallback((id: string) => setSelected((s) => toggled(s, id)), []);
  const toggleAll = () => setSelected((s) => toggleAllOf(s, list.items));

  // ---- modals ----
  const [newOpened, newModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  useNewParam(ideaPaths.backlog(wid, pid), () => can("ideas.write") && newModal.open());
  const [tab, setTab] = useState<string | null>("list");

  // A shared link may name a segment this list does not hold (yet): it stays selectable.
  const segmentOptions = useMemo(
    () =>
      segmentOptionsOf(
        (segments.data?.items ?? []).map((s) => s.segment),
        segment,
      ),
    [segments.data, segment],
  );
  const memberOptions = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
    [members.data],
  );
  const tagOptions = useMemo(() => tagOptionsOf(list.items), [list.items]);
  const maxScore = useMemo(() => maxScoreOf(list.items, framework), [list.items, framework]);
  const ctx: CellContext = useMemo(
    () => ({ framework, maxScore, href: (r: IdeaRow) => ideaPaths.idea(wid, r.id) }),
    [framework, maxScore, wid],
  );
  const open = useCallback((r: IdeaRow) => navigate(ideaPaths.idea(wid, r.id)), [navigate, wid]);

  // Personal "view by": sorts this backlog by another framework's score (kept in the URL, ?by=rice), without
  // changing the product's ranking, which is a product setting (FrameworkSetting).
  const viewBy = viewByOf(sort);
  const setViewBy = (v: string | null) => setFilters(sortForViewBy(v));

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
        <BacklogTitle switchHref={`${ideaPaths.index(wid)}?choose=1`} productName={product.data?.name} />
      }
      description={
        list.isSuccess
          ? `${pluralize(list.total, "idea")}${filtered ? " match" : ""}, ranked by ${FRAMEWORK_LABELS[framework]}.`
          : "Candidate features, ranked by the product's prioritization framework."
      }
      actions={
        <BacklogActions
          factorsHref={ideaPaths.factors(wid, pid)}
          onExport={exportAs}
          onImport={can("ideas.prioritize") ? importModal.open : undefined}
          onNew={canWrite ? newModal.open : undefined}
        />
      }
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <BacklogTabs tab={tab} onTab={setTab} />
        <Group gap="xs" wrap="nowrap">
          <ViewBySelect value={viewBy} onChange={setViewBy} />
          {product.data ? (
            <FrameworkSetting wid={wid} product={product.data} canChange={can("products.write")} />
          ) : null}
        </Group>
      </Group>

      <BacklogFilterBar
        filters={{ q, status, tag, ownerId, segment, covered }}
        filtered={filtered}
        onChange={(patch, o) => {
          setFilters(patch, o);
          setViewId(null);
        }}
        onClear={clearFilters}
        tagOptions={tagOptions}
        memberOptions={memberOptions}
        segmentOptions={segmentOptions}
        views={<ViewsMenu productId={pid} current={viewConfig} activeId={viewId} onApply={applyView} />}
        columnPicker={
          tab === "list" ? (
            <ColumnPicker
              columns={columns}
              visible={visible.map((c) => c.key)}
              onChange={changeColumns}
              onReset={() => changeColumns(null)}
            />
          ) : null
        }
      />

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
              <BacklogEmpty
                filtered={filtered}
                canWrite={canWrite}
                canImport={can("ideas.prioritize")}
                onClear={clearFilters}
                onNew={newModal.open}
                onImport={importModal.open}
              />
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
      {tab === "list" && list.isSuccess && !empty ? <KeyboardHint canSelect={canWrite} /> : null}

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

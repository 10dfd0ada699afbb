import "./feedback.css";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import {
  IconChartLine,
  IconFileImport,
  IconInbox,
  IconKeyboard,
  IconMessagePlus,
  IconSearch,
  IconTemplate,
} from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearch } from "wouter";
import { FEEDBACK_STATUSES, type FeedbackStatus, type Importance } from "../../../shared/feedback.ts";
import { ApiError } from "../../api/client.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { BulkBar } from "./BulkBar.tsx";
import { CaptureModal } from "./CaptureModal.tsx";
import { FilterBar, loadViews, type SavedView, storeViews } from "./Filters.tsx";
import {
  EMPTY_FILTERS,
  type InboxFilters,
  type Patch,
  useCounts,
  useInbox,
  useItem,
  useLinkIdea,
  useTriage,
} from "./hooks.ts";
import { ImportFeedbackModal } from "./ImportFeedbackModal.tsx";
import { InboxList } from "./InboxList.tsx";
import { type DetailExtra, ItemDetail } from "./ItemDetail.tsx";
import { LinkIdeaModal, type Span, selectedSpan } from "./LinkIdeaModal.tsx";
import { STATUS_LABELS } from "./labels.tsx";
import { ReplyTemplatesModal } from "./ReplyTemplates.tsx";
import { ShortcutsModal } from "./Shortcuts.tsx";
import { useThemes } from "./themes.hooks.ts";

const TABS: { key: string; label: string; status: FeedbackStatus[] }[] = [
  ...FEEDBACK_STATUSES.map((s) => ({ key: s, label: STATUS_LABELS[s], status: [s] })),
  { key: "all", label: "All", status: [] },
];

/**
 * The feedback inbox: filters, a virtualized list, the selected item beside it, and keyboard triage.
 * `detailExtra` adds a higher module's part to the selected item's pane (loop: what was sent about it).
 */
export function FeedbackPage({ detailExtra }: { detailExtra?: DetailExtra } = {}) {
  const { workspaceId: wid, workspace, user, can } = useWorkspace();
  useDocumentTitle("Feedback", workspace.name);
  const search = useSearch();
  const deepLink = new URLSearchParams(search).get("item");
  const themeLink = new URLSearchParams(search).get("theme");
  const isPhone = useMediaQuery("(max-width: 48em)") ?? false;
  const canWrite = can("feedback.write");
  const [importing, setImporting] = useState(false);
  const [templatesOpened, templatesModal] = useDisclosure(false);

  const [filters, setFilters] = useState<InboxFilters>(() =>
    deepLink || themeLink ? { ...EMPTY_FILTERS, status: [], theme: themeLink ?? "" } : EMPTY_FILTERS,
  );
  const themes = useThemes(wid);
  const themeOptions = useMemo(
    () => (themes.data?.items ?? []).map((t) => ({ value: t.id, label: t.name })),
    [themes.data],
  );
  const [q] = useDebouncedValue(filters.q, 250);
  const queryFilters = useMemo(() => ({ ...filters, q }), [filters, q]);
  const inbox = useInbox(wid, queryFilters);
  const counts = useCounts(wid);
  const members = useAllMembers(wid);
  const memberOptions = useMemo(
    () => (members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
    [members.data],
  );
  const { patch } = useTriage(wid);
  const link = useLinkIdea(wid);

  const items = inbox.items;
  const [selectedId, setSelectedId] = useState<string | null>(deepLink);
  const [phoneOpen, setPhoneOpen] = useState(Boolean(deepLink));
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [views, setViews] = useState<SavedView[]>(() => loadViews(wid, user.id));
  const [helpOpened, help] = useDisclosure(false);
  const [captureOpened, capture] = useDisclosure(false);
  const [linkOpened, linkModal] = useDisclosure(false);
  const [assignOpened, assignModal] = useDisclosure(false);
  const [span, setSpan] = useState<Span | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const bodyRef = useRef<HTMLDivElement | null>(null);
  useNewParam(`/w/${wid}/feedback`, capture.open);

  // The first item is selected when the list arrives or the selected one leaves it.
  const listed = items.find((i) => i.id === selectedId);
  const deep = useItem(wid, deepLink && selectedId === deepLink && !listed ? deepLink : null);
  const selected = listed ?? (deep.data?.id === selectedId ? deep.data : undefined);
  useEffect(() => {
    if (!selected && items.length && !(deepLink && selectedId === deepLink)) setSelectedId(items[0]!.id);
  }, [selected, items, deepLink, selectedId]);

  // Opening an unread item marks it read after a moment (not while skimming past with J/K).
  useEffect(() => {
    if (!selected || selected.read || !canWrite || (isPhone && !phoneOpen)) return;
    const t = setTimeout(() => void patch(selected.id, { read: true }).catch(() => undefined), 600);
    return () => clearTimeout(t);
  }, [selected, canWrite, patch, isPhone, phoneOpen]);

  const move = useCallback(
    (delta: number) => {
      if (!items.length) return;
      const i = items.findIndex((x) => x.id === selectedId);
      const next = items[Math.max(0, Math.min(items.length - 1, (i < 0 ? -1 : i) + delta))];
      if (next) setSelectedId(next.id);
    },
    [items, selectedId],
  );

  /** The items an action applies to: the checked ones, else the selected one. */
  const targets = useCallback(
    (): string[] => (checked.size ? [...checked] : selectedId ? [selectedId] : []),
    [checked, selectedId],
  );
  /** After acting on the selected item, the triager moves on to the next one. */
  const advancePast = useCallback(
    (ids: string[]) => {
      if (!selectedId || !ids.includes(selectedId)) return;
      const i = items.findIndex((x) => x.id === selectedId);
      const rest = items.filter((x, j) => j > i && !ids.includes(x.id));
      const before = items.filter((x, j) => j < i && !ids.includes(x.id));
      setSelectedId(rest[0]?.id ?? before[before.length - 1]?.id ?? null);
    },
    [items, selectedId],
  );

  const run = useCallback(
    async (ids: string[], changes: Patch, done: string) => {
      if (!ids.length) return;
      advancePast(ids);
      setChecked(new Set());
      const results = await Promise.allSettled(ids.map((id) => patch(id, changes)));
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      if (failed.length) {
        const err = failed[0]!.reason;
        notifyError(
          err,
          err instanceof ApiError && err.isStale
            ? "Someone else changed this item: it was reloaded, try again"
            : `${failed.length} of ${ids.length} could not be changed`,
        );
        void inbox.refetch();
      } else if (ids.length > 1) notifySuccess(`${ids.length} items ${done}.`);
    },
    [advancePast, patch, inbox],
  );

  const act = useCallback(
    (status: "triaged" | "archived" | "spam") =>
      void run(
        targets(),
        { status },
        status === "triaged" ? "marked triaged" : status === "archived" ? "archived" : "marked as spam",
      ),
    [run, targets],
  );
  const assign = useCallback(
    (assigneeId: string | null) =>
      void run(targets(), { assigneeId }, assigneeId ? "assigned" : "unassigned"),
    [run, targets],
  );
  const openLink = useCallback(() => {
    if (!targets().length) return;
    setSpan(selected && !checked.size ? selectedSpan(selected.text, bodyRef.current) : null);
    link.reset();
    linkModal.open();
  }, [targets, selected, checked, linkModal, link]);

  const doLink = async (ideaId: string, importance: Importance) => {
    const ids = targets();
    try {
      for (const id of ids) {
        const s = ids.length === 1 ? span : null;
        await link.mutateAsync({ itemId: id, ideaId, importance, start: s?.start, end: s?.end });
      }
      linkModal.close();
      advancePast(ids);
      setChecked(new Set());
      notifySuccess(ids.length > 1 ? `${ids.length} items linked.` : "Linked as evidence.");
    } catch {
      // shown in the dialog
    }
  };

  const anyModal = helpOpened || captureOpened || linkOpened || assignOpened || templatesOpened;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (anyModal || e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.closest("input, textarea, select, [contenteditable=true]") || t.closest('[role="dialog"]')))
        return;
      const toggleChecked = (id: string) =>
        setChecked((c) => {
          const n = new Set(c);
          if (n.has(id)) n.delete(id);
          else n.add(id);
          return n;
        });
      const write = canWrite && targets().length > 0;
      const keys: Record<string, (() => unknown) | false> = {
        "?": () => help.open(),
        f: () => searchRef.current?.focus(),
        j: () => move(1),
        k: () => move(-1),
        Enter: isPhone && Boolean(selectedId) && (() => setPhoneOpen(true)),
        x: Boolean(selectedId) && (() => toggleChecked(selectedId!)),
        c: canWrite && (() => capture.open()),
        l: write && (() => openLink()),
        t: write && (() => act("triaged")),
        e: write && (() => act("archived")),
        s: write && (() => act("spam")),
        a: write && (() => assignModal.open()),
        i: write && (() => assign(user.id)),
        u:
          canWrite &&
          Boolean(selected) &&
          (() => patch(selected!.id, { read: !selected!.read }).catch(notifyError)),
      };
      if (e.key === "Escape") {
        setChecked(new Set());
        return;
      }
      const fn = keys[e.key === "ArrowDown" ? "j" : e.key === "ArrowUp" ? "k" : e.key];
      if (fn) {
        e.preventDefault();
        fn();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [
    anyModal,
    move,
    isPhone,
    selectedId,
    canWrite,
    targets,
    openLink,
    act,
    assign,
    user.id,
    selected,
    patch,
    help,
    capture,
    assignModal,
  ]);

  const onCheck = useCallback((id: string, on: boolean) => {
    setChecked((c) => {
      const n = new Set(c);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  }, []);
  const onOpen = useCallback((id: string) => {
    setSelectedId(id);
    setPhoneOpen(true);
  }, []);
  const loadMore = useCallback(() => {
    if (!inbox.isFetchingNextPage) void inbox.fetchNextPage();
  }, [inbox]);

  const statusKey =
    filters.status.length === 1 ? filters.status[0]! : filters.status.length === 0 ? "all" : "";
  const countOf = (s: string) => {
    const rows = counts.data?.statuses ?? [];
    const pick = s === "all" ? rows : rows.filter((r) => r.status === s);
    return { total: pick.reduce((a, r) => a + r.total, 0), unread: pick.reduce((a, r) => a + r.unread, 0) };
  };
  const totalEver = countOf("all").total;
  const builtIn: SavedView[] = [
    { name: "New feedback", filters: EMPTY_FILTERS },
    { name: "Assigned to me", filters: { ...EMPTY_FILTERS, status: ["new", "triaged"], assignee: user.id } },
    { name: "Unassigned", filters: { ...EMPTY_FILTERS, status: ["new", "triaged"], assignee: "none" } },
    { name: "Negative sentiment", filters: { ...EMPTY_FILTERS, status: [], sentiment: ["negative"] } },
    { name: "Everything", filters: { ...EMPTY_FILTERS, status: [] } },
  ];
  const saveView = (name: string) => {
    const next = [...views.filter((v) => v.name !== name), { name, filters }];
    setViews(next);
    storeViews(wid, user.id, next);
    notifySuccess(`"${name}" is in Views.`, "View saved");
  };
  const deleteView = (name: string) => {
    const next = views.filter((v) => v.name !== name);
    setViews(next);
    storeViews(wid, user.id, next);
  };

  const showDetail = !isPhone || phoneOpen;
  const listHeight = isPhone ? "calc(100dvh - 330px)" : "max(440px, calc(100dvh - 300px))";
  const detail = selected ? (
    <ItemDetail
      key={selected.id}
      item={selected}
      members={memberOptions}
      onPatch={(changes) =>
        void patch(selected.id, changes).catch((err) => notifyError(err, "Could not save"))
      }
      onAct={(status) => {
        setChecked(new Set());
        void run([selected.id], { status }, status);
      }}
      onLink={() => {
        setChecked(new Set());
        setSpan(selectedSpan(selected.text, bodyRef.current));
        link.reset();
        linkModal.open();
      }}
      onAssign={() => {
        setChecked(new Set());
        assignModal.open();
      }}
      onBack={isPhone ? () => setPhoneOpen(false) : undefined}
      onDeleted={() => {
        advancePast([selected.id]);
        setPhoneOpen(false);
      }}
      bodyRef={bodyRef}
      extra={detailExtra}
    />
  ) : null;

  return (
    <Page
      size="xl"
      title="Feedback"
      description="Everything colleagues, customers and the public tell you, in one inbox. Link it to ideas as evidence."
      actions={
        <>
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={help.open}>
              <IconKeyboard size={18} />
            </ActionIcon>
          </Tooltip>
          <Button
            component={Link}
            href={`/w/${wid}/feedback/themes`}
            variant="default"
            leftSection={<IconChartLine size={16} />}
          >
            Themes
          </Button>
          {can("customers.contact") ? (
            <Button variant="default" leftSection={<IconTemplate size={16} />} onClick={templatesModal.open}>
              Reply templates
            </Button>
          ) : null}
          {canWrite ? (
            <Button
              variant="default"
              leftSection={<IconFileImport size={16} />}
              onClick={() => setImporting(true)}
            >
              Import CSV
            </Button>
          ) : null}
          {canWrite ? (
            <Button leftSection={<IconMessagePlus size={16} />} onClick={capture.open}>
              Capture feedback
            </Button>
          ) : null}
        </>
      }
    >
      {isPhone && phoneOpen && selected ? (
        <Box className="baton-surface">{detail}</Box>
      ) : (
        <Stack gap="sm">
          <Group gap={6} wrap="nowrap" className="baton-fb-tabs" role="group" aria-label="Status">
            {TABS.map((t) => {
              const c = countOf(t.key);
              const active = statusKey === t.key;
              return (
                <Button
                  key={t.key}
                  size="compact-sm"
                  variant={active ? "light" : "subtle"}
                  color={active ? undefined : "gray"}
                  aria-pressed={active}
                  onClick={() => setFilters({ ...filters, status: t.status })}
                  rightSection={
                    c.total ? (
                      <Badge
                        size="xs"
                        variant={c.unread && t.key === "new" ? "filled" : "default"}
                        aria-label={
                          t.key === "new" && c.unread ? `${c.unread} unread of ${c.total}` : `${c.total}`
                        }
                      >
                        {t.key === "new" && c.unread ? c.unread : c.total}
                      </Badge>
                    ) : null
                  }
                  style={{ flexShrink: 0 }}
                >
                  {t.label}
                </Button>
              );
            })}
          </Group>
          <FilterBar
            filters={filters}
            onChange={(f) => {
              setFilters(f);
              setChecked(new Set());
            }}
            members={memberOptions}
            searchRef={searchRef}
            views={views}
            builtIn={builtIn}
            onSaveView={saveView}
            onDeleteView={deleteView}
            themes={themeOptions}
          />
          {checked.size && canWrite ? (
            <BulkBar
              count={checked.size}
              onAct={act}
              onAssign={assignModal.open}
              onLink={openLink}
              onRead={() => void run([...checked], { read: true }, "marked read")}
              onSelectAll={() => setChecked(new Set(items.map((i) => i.id)))}
              onClear={() => setChecked(new Set())}
              allSelected={checked.size === items.length}
            />
          ) : null}
          <QueryState
            query={inbox}
            loading={<InboxSkeleton />}
            isEmpty={() => items.length === 0}
            empty={
              <Box className="baton-surface">
                {totalEver === 0 && !counts.isPending ? (
                  <EmptyBlock
                    icon={<IconInbox size={28} />}
                    title="No feedback yet"
                    description="Capture what a customer told you, or send feedback from your tools to the API (POST /feedback, see docs/FEEDBACK.md)."
                  >
                    {canWrite ? (
                      <Button leftSection={<IconMessagePlus size={16} />} onClick={capture.open}>
                        Capture feedback
                      </Button>
                    ) : null}
                  </EmptyBlock>
                ) : (
                  <EmptyBlock
                    icon={filters.q ? <IconSearch size={28} /> : <IconInbox size={28} />}
                    title={statusKey === "new" && !filters.q ? "Inbox zero" : "Nothing matches"}
                    description={
                      statusKey === "new" && !filters.q
                        ? "Every new item is triaged. New feedback will appear here."
                        : "Try other filters or another status."
                    }
                  >
                    <Button variant="default" onClick={() => setFilters({ ...EMPTY_FILTERS, status: [] })}>
                      Show everything
                    </Button>
                  </EmptyBlock>
                )}
              </Box>
            }
          >
            {() => (
              <Box className="baton-fb-split">
                <Box className="baton-fb-listpane">
                  <InboxList
                    items={items}
                    selectedId={selectedId}
                    checked={checked}
                    onOpen={onOpen}
                    onCheck={onCheck}
                    showStatus={statusKey !== "new" && statusKey !== "triaged"}
                    hasMore={Boolean(inbox.hasNextPage)}
                    loadMore={loadMore}
                    height={listHeight}
                  />
                  <Text size="xs" c="dimmed" px="sm" py={6} aria-live="polite">
                    {pluralize(items.length, "item")} loaded
                    {inbox.hasNextPage ? " · scroll for more" : ""}
                    {!isPhone ? " · press ? for shortcuts" : ""}
                  </Text>
                </Box>
                {showDetail && !isPhone ? (
                  <Box className="baton-fb-detailpane" style={{ height: `calc(${listHeight} + 30px)` }}>
                    {detail ?? (
                      <Text c="dimmed" p="lg">
                        Select an item.
                      </Text>
                    )}
                  </Box>
                ) : null}
              </Box>
            )}
          </QueryState>
        </Stack>
      )}

      <ShortcutsModal opened={helpOpened} onClose={help.close} />
      <ReplyTemplatesModal opened={templatesOpened} onClose={templatesModal.close} />
      <CaptureModal opened={captureOpened} onClose={capture.close} />
      <ImportFeedbackModal opened={importing} onClose={() => setImporting(false)} />
      <LinkIdeaModal
        opened={linkOpened}
        onClose={linkModal.close}
        onLink={(ideaId, importance) => void doLink(ideaId, importance)}
        span={span}
        linking={link.isPending}
        error={link.error}
      />
      <Modal opened={assignOpened} onClose={assignModal.close} title="Assign" size="sm">
        <Select
          label="Assign to"
          placeholder="Search members"
          data={[{ value: "__none", label: "Nobody (unassign)" }, ...memberOptions]}
          searchable
          data-autofocus
          defaultDropdownOpened
          onChange={(v) => {
            if (!v) return;
            assignModal.close();
            assign(v === "__none" ? null : v);
          }}
          comboboxProps={{ withinPortal: false }}
        />
      </Modal>
    </Page>
  );
}

/** The inbox's placeholder rows while its first page loads. */
function InboxSkeleton() {
  return (
    <Stack gap={0} className="baton-surface" aria-busy="true" aria-label="Loading feedback">
      {Array.from({ length: 6 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
        <Box key={i} p="md" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
          <Skeleton height={12} width="40%" mb={8} />
          <Skeleton height={10} width="90%" mb={6} />
          <Skeleton height={10} width="70%" />
        </Box>
      ))}
    </Stack>
  );
}

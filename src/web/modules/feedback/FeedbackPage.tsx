import "./feedback.css";
import { Box, Stack, Text } from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useCallback, useMemo, useRef, useState } from "react";
import { useSearch } from "wouter";
import type { Importance } from "../../../shared/feedback.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { pluralize } from "../../lib/format.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { BulkBar } from "./BulkBar.tsx";
import { CaptureModal } from "./CaptureModal.tsx";
import { FilterBar } from "./Filters.tsx";
import { EMPTY_FILTERS, type InboxFilters, useCounts, useInbox, useLinkIdea, useTriage } from "./hooks.ts";
import { ImportFeedbackModal } from "./ImportFeedbackModal.tsx";
import { InboxList } from "./InboxList.tsx";
import { AssignModal, FeedbackActions, InboxEmpty, InboxSkeleton, StatusTabs } from "./InboxParts.tsx";
import { type DetailExtra, ItemDetail } from "./ItemDetail.tsx";
import { countOf, statusKeyOf, toggled } from "./inbox.logic.ts";
import { LinkIdeaModal, type Span, selectedSpan } from "./LinkIdeaModal.tsx";
import { ReplyTemplatesModal } from "./ReplyTemplates.tsx";
import { ShortcutsModal } from "./Shortcuts.tsx";
import { useThemes } from "./themes.hooks.ts";
import { useInboxShortcuts } from "./useInboxShortcuts.ts";
import { useInboxTriage } from "./useInboxTriage.ts";
import { useSavedViews } from "./useSavedViews.ts";

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
  const { views, builtIn, saveView, deleteView } = useSavedViews(wid, user.id, filters);
  const [helpOpened, help] = useDisclosure(false);
  const [captureOpened, capture] = useDisclosure(false);
  const [linkOpened, linkModal] = useDisclosure(false);
  const [assignOpened, assignModal] = useDisclosure(false);
  const [span, setSpan] = useState<Span | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const bodyRef = useRef<HTMLDivElement | null>(null);
  useNewParam(`/w/${wid}/feedback`, capture.open);

  const {
    selectedId,
    setSelectedId,
    selected,
    phoneOpen,
    setPhoneOpen,
    checked,
    setChecked,
    move,
    targets,
    advancePast,
    run,
    act,
    assign,
  } = useInboxTriage({ wid, items, deepLink, canWrite, isPhone, patch, inbox });

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

  useInboxShortcuts({
    enabled: !(helpOpened || captureOpened || linkOpened || assignOpened || templatesOpened),
    canWrite,
    isPhone,
    selectedId,
    selected,
    targets,
    move,
    act,
    assign,
    openLink,
    patch,
    userId: user.id,
    setChecked,
    openPhone: () => setPhoneOpen(true),
    openHelp: help.open,
    openCapture: capture.open,
    openAssign: assignModal.open,
    focusSearch: () => searchRef.current?.focus(),
  });

  const onCheck = useCallback(
    (id: string, on: boolean) => setChecked((c) => toggled(c, id, on)),
    [setChecked],
  );
  const onOpen = useCallback(
    (id: string) => {
      setSelectedId(id);
      setPhoneOpen(true);
    },
    [setSelectedId, setPhoneOpen],
  );
  const loadMore = useCallback(() => {
    if (!inbox.isFetchingNextPage) void inbox.fetchNextPage();
  }, [inbox]);

  const statusKey = statusKeyOf(filters.status);
  const statusRows = counts.data?.statuses ?? [];
  const totalEver = countOf(statusRows, "all").total;

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
        <FeedbackActions
          wid={wid}
          canWrite={canWrite}
          canReply={can("customers.contact")}
          onHelp={help.open}
          onTemplates={templatesModal.open}
          onImport={() => setImporting(true)}
          onCapture={capture.open}
        />
      }
    >
      {isPhone && phoneOpen && selected ? (
        <Box className="baton-surface">{detail}</Box>
      ) : (
        <Stack gap="sm">
          <StatusTabs
            statusKey={statusKey}
            rows={statusRows}
            onChoose={(status) => setFilters({ ...filters, status })}
          />
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
              <InboxEmpty
                firstRun={totalEver === 0 && !counts.isPending}
                inboxZero={statusKey === "new" && !filters.q}
                searching={Boolean(filters.q)}
                canWrite={canWrite}
                onCapture={capture.open}
                onShowAll={() => setFilters({ ...EMPTY_FILTERS, status: [] })}
              />
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
      <AssignModal
        opened={assignOpened}
        onClose={assignModal.close}
        members={memberOptions}
        onAssign={assign}
      />
    </Page>
  );
}

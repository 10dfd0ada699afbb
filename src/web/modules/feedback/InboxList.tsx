import { Box, Checkbox, Group, Text, UnstyledButton } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef } from "react";
import { relativeTime } from "../../lib/format.ts";
import { markdownExcerpt } from "../ideas/markdown.tsx";
import type { FeedbackItem } from "./hooks.ts";
import {
  authorName,
  FeedbackStatusBadge,
  SENTIMENT_COLORS,
  SENTIMENT_LABELS,
  sourceIcon,
  sourceLabel,
} from "./labels.tsx";

/**
 * The inbox's list, virtualized: only the rows in view are in the DOM, so 10,000 loaded items scroll as
 * smoothly as 50. Reaching the end loads the next page.
 */
export function InboxList({
  items,
  selectedId,
  checked,
  onOpen,
  onCheck,
  showStatus,
  hasMore,
  loadMore,
  height,
}: {
  items: FeedbackItem[];
  selectedId: string | null;
  checked: Set<string>;
  onOpen: (id: string) => void;
  onCheck: (id: string, on: boolean) => void;
  showStatus: boolean;
  hasMore: boolean;
  loadMore: () => void;
  height: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 96,
    overscan: 8,
    getItemKey: (i) => items[i]!.id,
  });
  const virtual = v.getVirtualItems();
  const last = virtual[virtual.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && last >= items.length - 8) loadMore();
  }, [last, items.length, hasMore, loadMore]);

  // Keyboard moves keep the selected row in view.
  const selectedIndex = items.findIndex((i) => i.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) v.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, v]);

  return (
    <Box ref={scrollRef} style={{ height, overflowY: "auto", contain: "strict" }} className="baton-fb-scroll">
      <ul
        aria-label="Feedback items"
        style={{ height: v.getTotalSize(), position: "relative", margin: 0, padding: 0, listStyle: "none" }}
      >
        {virtual.map((row) => {
          const item = items[row.index]!;
          return (
            <li
              key={row.key}
              data-index={row.index}
              ref={v.measureElement}
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                width: "100%",
                transform: `translateY(${row.start}px)`,
              }}
            >
              <Row
                item={item}
                selected={item.id === selectedId}
                checked={checked.has(item.id)}
                onOpen={onOpen}
                onCheck={onCheck}
                showStatus={showStatus}
              />
            </li>
          );
        })}
      </ul>
    </Box>
  );
}

/** One plain line for the list: Markdown and any HTML tags left out (the detail renders the original, sanitized). */
const excerpt = (text: string) => markdownExcerpt(text.replace(/<[^>]*>/g, " "));

const Row = memo(function Row({
  item,
  selected,
  checked,
  onOpen,
  onCheck,
  showStatus,
}: {
  item: FeedbackItem;
  selected: boolean;
  checked: boolean;
  onOpen: (id: string) => void;
  onCheck: (id: string, on: boolean) => void;
  showStatus: boolean;
}) {
  const Icon = sourceIcon(item.source);
  const author = authorName(item);
  return (
    <Group
      gap={0}
      wrap="nowrap"
      align="stretch"
      className="baton-fb-row"
      data-selected={selected || undefined}
      data-unread={!item.read || undefined}
    >
      <Box pl="sm" pt={14}>
        <Checkbox
          size="xs"
          checked={checked}
          onChange={(e) => onCheck(item.id, e.currentTarget.checked)}
          aria-label={`Select feedback from ${author}`}
        />
      </Box>
      <UnstyledButton
        onClick={() => onOpen(item.id)}
        px="sm"
        py={10}
        style={{ flex: 1, minWidth: 0 }}
        aria-current={selected ? "true" : undefined}
        aria-label={`${item.read ? "" : "Unread. "}${author}: ${item.title ?? excerpt(item.text).slice(0, 80)}`}
        tabIndex={selected ? 0 : -1}
        data-item-id={item.id}
      >
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            {!item.read ? <span className="baton-fb-dot" aria-hidden /> : null}
            <Text size="sm" fw={item.read ? 500 : 700} truncate>
              {author}
            </Text>
            {item.companyName && item.personName ? (
              <Text size="xs" c="dimmed" truncate visibleFrom="xs">
                {item.companyName}
              </Text>
            ) : null}
          </Group>
          <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Icon size={14} aria-label={sourceLabel(item.source)} style={{ opacity: 0.7 }} />
            <Text size="xs" c="dimmed">
              {relativeTime(item.receivedAt)}
            </Text>
          </Group>
        </Group>
        {item.title ? (
          <Text size="sm" fw={item.read ? 400 : 600} truncate mt={2}>
            {item.title}
          </Text>
        ) : null}
        <Text size="sm" c="dimmed" lineClamp={item.title ? 1 : 2} mt={2}>
          {excerpt(item.text)}
        </Text>
        <Group gap={6} mt={6} wrap="nowrap" style={{ overflow: "hidden" }}>
          <span
            className="baton-fb-sentiment"
            style={{ background: `var(--mantine-color-${SENTIMENT_COLORS[item.sentiment]}-6)` }}
            title={SENTIMENT_LABELS[item.sentiment]}
            aria-hidden
          />
          <Text size="xs" c="dimmed">
            {SENTIMENT_LABELS[item.sentiment]}
          </Text>
          {showStatus ? <FeedbackStatusBadge status={item.status} size="xs" /> : null}
          {item.tags.slice(0, 3).map((t) => (
            <Text key={t} size="xs" c="dimmed" className="baton-fb-tag">
              #{t}
            </Text>
          ))}
        </Group>
      </UnstyledButton>
    </Group>
  );
});

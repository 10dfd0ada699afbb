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
  Tooltip,
} from "@mantine/core";
import {
  IconChartLine,
  IconFileImport,
  IconInbox,
  IconKeyboard,
  IconMessagePlus,
  IconSearch,
  IconTemplate,
} from "@tabler/icons-react";
import { Link } from "wouter";
import type { FeedbackStatus } from "../../../shared/feedback.ts";
import { EmptyBlock } from "../../components/States.tsx";
import { countOf, TABS } from "./inbox.logic.ts";

/** The inbox's status tabs, each with its count (unread ones on "New"). */
export function StatusTabs({
  statusKey,
  rows,
  onChoose,
}: {
  statusKey: string;
  rows: { status: FeedbackStatus; total: number; unread: number }[];
  onChoose: (status: FeedbackStatus[]) => void;
}) {
  return (
    <Group gap={6} wrap="nowrap" className="baton-fb-tabs" role="group" aria-label="Status">
      {TABS.map((t) => {
        const c = countOf(rows, t.key);
        const active = statusKey === t.key;
        return (
          <Button
            key={t.key}
            size="compact-sm"
            variant={active ? "light" : "subtle"}
            color={active ? undefined : "gray"}
            aria-pressed={active}
            onClick={() => onChoose(t.status)}
            rightSection={
              c.total ? (
                <Badge
                  size="xs"
                  variant={c.unread && t.key === "new" ? "filled" : "default"}
                  aria-label={t.key === "new" && c.unread ? `${c.unread} unread of ${c.total}` : `${c.total}`}
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
  );
}

/** An empty inbox: nothing captured yet, inbox zero, or nothing matching the filters. */
export function InboxEmpty({
  firstRun,
  inboxZero,
  searching,
  canWrite,
  onCapture,
  onShowAll,
}: {
  firstRun: boolean;
  inboxZero: boolean;
  searching: boolean;
  canWrite: boolean;
  onCapture: () => void;
  onShowAll: () => void;
}) {
  return (
    <Box className="baton-surface">
      {firstRun ? (
        <EmptyBlock
          icon={<IconInbox size={28} />}
          title="No feedback yet"
          description="Capture what a customer told you, or send feedback from your tools to the API (POST /feedback, see docs/FEEDBACK.md)."
        >
          {canWrite ? (
            <Button leftSection={<IconMessagePlus size={16} />} onClick={onCapture}>
              Capture feedback
            </Button>
          ) : null}
        </EmptyBlock>
      ) : (
        <EmptyBlock
          icon={searching ? <IconSearch size={28} /> : <IconInbox size={28} />}
          title={inboxZero ? "Inbox zero" : "Nothing matches"}
          description={
            inboxZero
              ? "Every new item is triaged. New feedback will appear here."
              : "Try other filters or another status."
          }
        >
          <Button variant="default" onClick={onShowAll}>
            Show everything
          </Button>
        </EmptyBlock>
      )}
    </Box>
  );
}

/** Assigns the checked items (or the selected one) to a member, or to nobody. */
export function AssignModal({
  opened,
  onClose,
  members,
  onAssign,
}: {
  opened: boolean;
  onClose: () => void;
  members: { value: string; label: string }[];
  onAssign: (assigneeId: string | null) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Assign" size="sm">
      <Select
        label="Assign to"
        placeholder="Search members"
        data={[{ value: "__none", label: "Nobody (unassign)" }, ...members]}
        searchable
        data-autofocus
        defaultDropdownOpened
        onChange={(v) => {
          if (!v) return;
          onClose();
          onAssign(v === "__none" ? null : v);
        }}
        comboboxProps={{ withinPortal: false }}
      />
    </Modal>
  );
}

/** The inbox's placeholder rows while its first page loads. */
export function InboxSkeleton() {
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

/** The inbox page's actions: shortcuts, themes, reply templates, CSV import, capture. */
export function FeedbackActions({
  wid,
  canWrite,
  canReply,
  onHelp,
  onTemplates,
  onImport,
  onCapture,
}: {
  wid: string;
  canWrite: boolean;
  canReply: boolean;
  onHelp: () => void;
  onTemplates: () => void;
  onImport: () => void;
  onCapture: () => void;
}) {
  return (
    <>
      <Tooltip label="Keyboard shortcuts (?)">
        <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={onHelp}>
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
      {canReply ? (
        <Button variant="default" leftSection={<IconTemplate size={16} />} onClick={onTemplates}>
          Reply templates
        </Button>
      ) : null}
      {canWrite ? (
        <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={onImport}>
          Import CSV
        </Button>
      ) : null}
      {canWrite ? (
        <Button leftSection={<IconMessagePlus size={16} />} onClick={onCapture}>
          Capture feedback
        </Button>
      ) : null}
    </>
  );
}

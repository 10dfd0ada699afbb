import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Divider,
  Group,
  Kbd,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconArchive,
  IconArrowLeft,
  IconBan,
  IconCheck,
  IconDots,
  IconExternalLink,
  IconLink,
  IconMail,
  IconMailOpened,
  IconTrash,
  IconUserPlus,
  IconX,
} from "@tabler/icons-react";
import type { ReactNode, Ref } from "react";
import { Link } from "wouter";
import type { Sentiment } from "../../../shared/feedback.ts";
import { confirmAction, notifyError } from "../../components/feedback.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useProduct } from "../ideas/hooks.ts";
import { ideaPaths } from "../ideas/paths.ts";
import { Conversation } from "./Conversation.tsx";
import { FeedbackBody } from "./FeedbackBody.tsx";
import { type FeedbackItem, type Patch, useDeleteFeedback, useItem, useUnlinkIdea } from "./hooks.ts";
import {
  authorName,
  FeedbackStatusBadge,
  ImportanceBadge,
  SENTIMENT_LABELS,
  SentimentBadge,
  sourceIcon,
  sourceLabel,
} from "./labels.tsx";

/** A higher module's part of the item's pane (e.g. loop's "What was sent"), shown after the conversation. */
export type DetailExtra = (item: FeedbackItem) => ReactNode;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The right side of the split view: the original, rendered safely, with its triage controls. */
export function ItemDetail({
  item: listed,
  members,
  onPatch,
  onAct,
  onLink,
  onAssign,
  onBack,
  onDeleted,
  bodyRef,
  extra,
}: {
  item: FeedbackItem;
  members: { value: string; label: string }[];
  onPatch: (changes: Patch) => void;
  onAct: (status: "triaged" | "archived" | "spam") => void;
  onLink: () => void;
  onAssign: () => void;
  onBack?: () => void;
  onDeleted: () => void;
  bodyRef: Ref<HTMLDivElement>;
  extra?: DetailExtra;
}) {
  const { workspaceId: wid, can } = useWorkspace();
  const detail = useItem(wid, listed.id);
  const unlink = useUnlinkIdea(wid);
  const del = useDeleteFeedback(wid);
  const item = detail.data && detail.data.version >= listed.version ? detail.data : listed;
  const links = detail.data?.links ?? [];
  const canWrite = can("feedback.write");
  const SourceIcon = sourceIcon(item.source);
  const memberName = (id: string) => members.find((m) => m.value === id)?.label;
  const author = authorName(item, memberName);
  // Mail to a product's address is that product's feedback: its source_id is the product's id.
  const product = useProduct(wid, item.source === "email" && UUID.test(item.sourceId) ? item.sourceId : null);

  const remove = () =>
    confirmAction({
      title: "Delete this feedback?",
      message: (
        <Text size="sm">The item and its links to ideas are deleted. The audit log keeps a record.</Text>
      ),
      confirmLabel: "Delete",
      onConfirm: () =>
        del.mutate(item.id, {
          onSuccess: onDeleted,
          onError: (err) => notifyError(err, "Could not delete"),
        }),
    });

  return (
    <Stack gap="md" p={{ base: "md", sm: "lg" }}>
      {onBack ? (
        <Anchor component="button" size="sm" c="dimmed" onClick={onBack} style={{ alignSelf: "flex-start" }}>
          <Group gap={4} component="span">
            <IconArrowLeft size={14} /> Back to the inbox
          </Group>
        </Anchor>
      ) : null}
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} size="h3" style={{ overflowWrap: "anywhere" }}>
            {item.title || `Feedback from ${author}`}
          </Title>
          <Group gap={6} wrap="wrap">
            <FeedbackStatusBadge status={item.status} />
            <SentimentBadge
              sentiment={item.sentiment}
              score={item.sentimentScore}
              overridden={item.sentimentOverridden}
            />
            <Badge variant="default" tt="none" fw={500} leftSection={<SourceIcon size={12} aria-hidden />}>
              {sourceLabel(item.source)}
            </Badge>
            {product.data ? (
              <Badge variant="light" tt="none" fw={500} title="Mailed to this product's address">
                {product.data.name}
              </Badge>
            ) : null}
            {item.language !== "und" ? (
              <Badge variant="default" tt="uppercase" fw={500} title="Detected language">
                {item.language}
              </Badge>
            ) : null}
          </Group>
        </Stack>
        {canWrite ? (
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="More actions on this item">
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={item.read ? <IconMail size={14} /> : <IconMailOpened size={14} />}
                onClick={() => onPatch({ read: !item.read })}
              >
                {item.read ? "Mark unread" : "Mark read"}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={remove}>
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>

      <Group gap="xs" wrap="wrap" c="dimmed" fz="sm">
        {item.personId ? (
          <Anchor component={Link} href={`/w/${wid}/customers/people/${item.personId}`} size="sm" fw={600}>
            {author}
          </Anchor>
        ) : (
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {author}
          </Text>
        )}
        {item.companyId && item.companyName ? (
          <>
            <Text span aria-hidden>
              ·
            </Text>
            <Anchor component={Link} href={`/w/${wid}/customers/companies/${item.companyId}`} size="sm">
              {item.companyName}
            </Anchor>
          </>
        ) : null}
        <Text span aria-hidden>
          ·
        </Text>
        <Text span size="sm" title={formatDateTime(item.receivedAt)}>
          {relativeTime(item.receivedAt)}
        </Text>
        {item.url ? (
          <>
            <Text span aria-hidden>
              ·
            </Text>
            <Anchor href={item.url} target="_blank" rel="noopener noreferrer nofollow" size="sm">
              <Group gap={4} component="span" wrap="nowrap">
                View original <IconExternalLink size={13} aria-hidden />
              </Group>
            </Anchor>
          </>
        ) : null}
      </Group>

      <Box
        ref={bodyRef}
        className="baton-fb-body"
        style={{ overflowWrap: "anywhere" }}
        aria-label="Feedback text"
        role="region"
      >
        <FeedbackBody text={item.text} />
      </Box>

      {canWrite ? (
        <Group gap="xs" wrap="wrap">
          <ActionButton label="Link to idea" kbd="L" icon={<IconLink size={16} />} onClick={onLink} primary />
          {item.status === "new" ? (
            <ActionButton
              label="Triaged"
              kbd="T"
              icon={<IconCheck size={16} />}
              onClick={() => onAct("triaged")}
            />
          ) : null}
          <ActionButton label="Assign" kbd="A" icon={<IconUserPlus size={16} />} onClick={onAssign} />
          <ActionButton
            label="Archive"
            kbd="E"
            icon={<IconArchive size={16} />}
            onClick={() => onAct("archived")}
            disabled={item.status === "archived"}
          />
          <ActionButton
            label="Spam"
            kbd="S"
            icon={<IconBan size={16} />}
            onClick={() => onAct("spam")}
            disabled={item.status === "spam"}
          />
        </Group>
      ) : null}

      <Divider />

      <Stack gap="xs">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          Evidence for
        </Text>
        {links.length === 0 ? (
          <Text size="sm" c="dimmed">
            {detail.isPending ? "Loading…" : "Not linked to an idea yet."}
          </Text>
        ) : (
          links.map((l) => (
            <Group key={l.id} gap="xs" wrap="nowrap" justify="space-between" className="baton-fb-link">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Anchor component={Link} href={ideaPaths.idea(wid, l.ideaId)} size="sm" fw={500} truncate>
                  {l.ideaTitle}
                </Anchor>
                {l.start !== null ? (
                  <Text size="xs" c="dimmed" fs="italic" lineClamp={2}>
                    “{l.quote}”
                  </Text>
                ) : null}
              </Stack>
              <Group gap={4} wrap="nowrap">
                <ImportanceBadge importance={l.importance} />
                {canWrite ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove the link to ${l.ideaTitle}`}
                    onClick={() =>
                      unlink.mutate(
                        { itemId: item.id, linkId: l.id },
                        { onError: (err) => notifyError(err, "Could not remove the link") },
                      )
                    }
                  >
                    <IconX size={14} />
                  </ActionIcon>
                ) : null}
              </Group>
            </Group>
          ))
        )}
      </Stack>

      <Divider />

      <Conversation item={item} />

      <Divider />

      {extra ? (
        <>
          {extra(item)}
          <Divider />
        </>
      ) : null}

      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Assignee"
          placeholder="Nobody"
          data={members}
          value={item.assigneeId}
          onChange={(v) => onPatch({ assigneeId: v })}
          clearable
          searchable
          disabled={!canWrite}
        />
        <Select
          label="Sentiment"
          description={
            item.sentimentOverridden ? `Computed: ${SENTIMENT_LABELS[item.sentimentHint]}` : undefined
          }
          data={[
            { value: "auto", label: `Automatic (${SENTIMENT_LABELS[item.sentimentHint]})` },
            ...(["positive", "neutral", "negative"] as const).map((s) => ({
              value: s,
              label: SENTIMENT_LABELS[s],
            })),
          ]}
          value={item.sentimentOverridden ? item.sentiment : "auto"}
          onChange={(v) => onPatch({ sentiment: v === "auto" || !v ? null : (v as Sentiment) })}
          allowDeselect={false}
          disabled={!canWrite}
        />
      </SimpleGrid>
      <TagsInput
        label="Tags"
        placeholder={canWrite ? "Add a tag" : undefined}
        value={item.tags}
        onChange={(tags) => onPatch({ tags: tags.map((t) => t.trim().toLowerCase()).filter(Boolean) })}
        disabled={!canWrite}
      />
    </Stack>
  );
}

function ActionButton({
  label,
  kbd,
  icon,
  onClick,
  primary,
  disabled,
}: {
  label: string;
  kbd: string;
  icon: React.ReactNode;
  onClick: () => void;
  primary?: boolean;
  disabled?: boolean;
}) {
  return (
    <Tooltip label={`${label} (${kbd})`}>
      <Button
        size="sm"
        variant={primary ? "filled" : "default"}
        leftSection={icon}
        onClick={onClick}
        disabled={disabled}
        rightSection={
          <Kbd size="xs" aria-hidden visibleFrom="sm">
            {kbd}
          </Kbd>
        }
        aria-keyshortcuts={kbd}
      >
        {label}
      </Button>
    </Tooltip>
  );
}

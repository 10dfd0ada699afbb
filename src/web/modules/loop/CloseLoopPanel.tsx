import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconMailForward } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link } from "wouter";
import type { Idea } from "../../../shared/ideas.schemas.ts";
import type { LoopRecipientStatus } from "../../../shared/loop.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { Surface } from "../../components/Page.tsx";
import { ErrorState, FormError } from "../../components/States.tsx";
import { formatDateTime, pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import {
  type LoopState,
  useChangelog,
  useLoopPreview,
  useLoopState,
  useSaveLoopDraft,
  useSendLoop,
} from "./hooks.ts";
import { customersPathsForLoop } from "./paths.ts";

const STATUS_LABELS: Record<LoopRecipientStatus, string> = {
  ready: "To tell",
  told: "Told",
  unsubscribed: "Unsubscribed",
  no_email: "No e-mail",
};
const STATUS_COLORS: Record<LoopRecipientStatus, string> = {
  ready: "blue",
  told: "teal",
  unsubscribed: "gray",
  no_email: "orange",
};
const DELIVERY_COLORS = { queued: "gray", sent: "teal", failed: "red" } as const;

/** The idea page's Close the loop panel: who asked, and (once shipped) the message to them and what was sent. */
export function CloseLoopPanel({ idea }: { idea: Idea }) {
  const { workspaceId: wid, can } = useWorkspace();
  const state = useLoopState(wid, idea.id);
  const [opened, { open, close }] = useDisclosure(false);
  // Shipping the idea on this page (its status) changes what the panel offers.
  const refetch = state.refetch;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the idea's status changes
  useEffect(() => {
    void refetch();
  }, [idea.status, refetch]);
  if (state.isPending) return <Skeleton height={120} radius="lg" />;
  if (state.isError)
    return (
      <Surface p="md">
        <ErrorState
          error={state.error}
          title="Close the loop could not load"
          onRetry={() => state.refetch()}
        />
      </Surface>
    );
  const s = state.data;
  if (s.recipients.length === 0 && s.campaigns.length === 0) return null;
  const { counts } = s;
  return (
    <Surface p="md">
      <Stack gap="sm">
        <Text fw={600} component="h2" m={0} fz="md">
          Close the loop
        </Text>
        <Text size="sm" c="dimmed">
          {s.shipped
            ? counts.ready
              ? `${pluralize(counts.ready, "customer")} asked for this and ${counts.ready === 1 ? "has" : "have"} not been told it shipped.`
              : "Every customer who asked for this has been told (or cannot be)."
            : `When this idea ships, tell the ${pluralize(s.recipients.length, "customer")} who asked for it.`}
        </Text>
        <Group gap={6}>
          <Badge variant="light" color="blue">
            {counts.ready} to tell
          </Badge>
          <Badge variant="light" color="teal">
            {counts.told} told
          </Badge>
          {counts.unsubscribed ? (
            <Badge variant="light" color="gray">
              {counts.unsubscribed} unsubscribed
            </Badge>
          ) : null}
          {counts.noEmail ? (
            <Badge variant="light" color="orange">
              {counts.noEmail} without e-mail
            </Badge>
          ) : null}
        </Group>
        {s.shipped && counts.ready > 0 ? (
          <Button leftSection={<IconMailForward size={16} />} onClick={open} disabled={!can("feedback.read")}>
            Close the loop
          </Button>
        ) : null}
        {s.campaigns.length ? <History state={s} /> : null}
      </Stack>
      {opened ? (
        <ComposeModal idea={idea} state={s} onClose={close} canSend={can("customers.contact")} />
      ) : null}
    </Surface>
  );
}

function History({ state }: { state: LoopState }) {
  const { workspaceId: wid } = useWorkspace();
  return (
    <Stack gap="xs" mt="xs">
      <Text fw={600} size="sm" component="h3" m={0}>
        Sent
      </Text>
      {state.campaigns.map((c) => (
        <Paper key={c.id} withBorder p="xs" radius="md">
          <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
            {c.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(c.sentAt)} · {pluralize(c.recipients, "person", "people")}
          </Text>
          <Stack gap={2} mt={4} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {c.sends.map((x) => (
              <Group key={x.id} component="li" gap={6} justify="space-between" wrap="nowrap">
                {x.personId ? (
                  <Anchor
                    component={Link}
                    href={customersPathsForLoop.person(wid, x.personId)}
                    size="xs"
                    style={{ minWidth: 0, overflowWrap: "anywhere" }}
                  >
                    {x.personName ?? x.email}
                  </Anchor>
                ) : (
                  <Text size="xs">{x.email}</Text>
                )}
                <Badge size="xs" variant="light" color={DELIVERY_COLORS[x.delivery]}>
                  {x.delivery}
                </Badge>
              </Group>
            ))}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function ComposeModal({
  idea,
  state,
  onClose,
  canSend,
}: {
  idea: Idea;
  state: LoopState;
  onClose: () => void;
  canSend: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const phone = useMediaQuery("(max-width: 36em)");
  const [subject, setSubject] = useState(state.draft.subject);
  const [body, setBody] = useState(state.draft.body);
  const [entryId, setEntryId] = useState<string | null>(state.draft.changelogEntryId);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const entries = useChangelog(wid, idea.productId, { status: "published" });
  const save = useSaveLoopDraft(wid, idea.id);
  const send = useSendLoop(wid, idea.id);
  const preview = useLoopPreview(wid, idea.id);
  const message = { subject, body, changelogEntryId: entryId };
  const [debounced] = useDebouncedValue(message, 400);
  const previewMutate = preview.mutate;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the debounced message changes
  useEffect(() => {
    if (!debounced.subject.trim() || !debounced.body.trim()) return;
    previewMutate(debounced, {
      onSuccess: () => setFields({}),
      onError: (e) => setFields(e instanceof ApiError ? (e.fields ?? {}) : {}),
    });
  }, [debounced.subject, debounced.body, debounced.changelogEntryId, previewMutate]);

  const fail = (e: unknown) => {
    setFields(e instanceof ApiError ? (e.fields ?? {}) : {});
    setError(errorMessage(e));
  };
  const onSave = () => {
    setError(null);
    save.mutate(
      { ...message, version: state.draft.version ?? undefined },
      {
        onSuccess: () => notifications.show({ message: "Draft saved", color: "teal" }),
        onError: fail,
      },
    );
  };
  const onSend = () => {
    setError(null);
    send.mutate(message, {
      onSuccess: (r) => {
        notifications.show({ message: `Sent to ${pluralize(r.sent, "customer")}`, color: "teal" });
        onClose();
      },
      onError: fail,
    });
  };
  const ready = state.recipients.filter((r) => r.status === "ready");
  const variables = Object.keys(state.variables);
  return (
    <Modal opened onClose={onClose} title="Close the loop" size="xl" fullScreen={phone}>
      <Stack gap="md">
        <Box>
          <Text size="sm" fw={600} component="h3" m={0} mb={4}>
            Recipients
          </Text>
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label="Recipients">
            {state.recipients.map((r) => (
              <Group key={r.personId} component="li" gap={6} justify="space-between" wrap="wrap">
                <Text size="sm" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                  {r.name}
                  {r.email ? <Text span c="dimmed" size="sm">{` <${r.email}>`}</Text> : null}
                  {r.items > 1 ? <Text span c="dimmed" size="xs">{` · ${r.items} items`}</Text> : null}
                </Text>
                <Badge size="sm" variant="light" color={STATUS_COLORS[r.status]}>
                  {STATUS_LABELS[r.status]}
                </Badge>
              </Group>
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt={4}>
            One message per person, however many of their items are linked. Nobody is told twice; people who
            unsubscribed are left out.
          </Text>
        </Box>
        <TextInput
          label="Subject"
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={fields.subject}
          required
          maxLength={300}
        />
        <Textarea
          label="Message (Markdown)"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fields.body}
          autosize
          minRows={6}
          maxRows={16}
          required
          description={
            <>
              Variables:{" "}
              {variables.map((v, i) => (
                <span key={v}>
                  {i ? ", " : ""}
                  <Code>{`{{${v}}}`}</Code>
                </span>
              ))}
              . An unsubscribe link is added at the end.
            </>
          }
        />
        <Select
          label="Changelog entry ({{changelogUrl}})"
          placeholder={entries.isPending ? "Loading…" : "None"}
          data={(entries.data?.items ?? []).map((e) => ({ value: e.id, label: e.title }))}
          value={entryId}
          onChange={setEntryId}
          clearable
          error={fields.changelogEntryId}
          description="Published entries of this product"
        />
        <Box>
          <Text size="sm" fw={600} component="h3" m={0} mb={4}>
            Preview{preview.data?.to ? ` (to ${preview.data.to})` : ""}
          </Text>
          <Paper withBorder p="sm" radius="md" aria-live="polite">
            {preview.data ? (
              <>
                <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                  {preview.data.subject}
                </Text>
                <Text
                  size="sm"
                  component="pre"
                  m={0}
                  mt={6}
                  style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontFamily: "inherit" }}
                >
                  {preview.data.text}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {preview.isError ? "Fix the message to see the preview." : "Preparing the preview…"}
              </Text>
            )}
          </Paper>
        </Box>
        <FormError error={error} />
        {!canSend ? (
          <Alert color="gray" variant="light">
            Only people who may contact customers (product managers, admins, owners) save and send this
            message.
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="light" onClick={onSave} loading={save.isPending} disabled={!canSend}>
            Save draft
          </Button>
          <Button
            leftSection={<IconMailForward size={16} />}
            onClick={onSend}
            loading={send.isPending}
            disabled={!canSend || ready.length === 0}
          >
            Send to {pluralize(ready.length, "customer")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

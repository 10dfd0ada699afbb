import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconDeviceFloppy, IconPaperclip, IconSend, IconTemplate } from "@tabler/icons-react";
import { useState } from "react";
import { TEMPLATE_VARIABLES } from "../../../shared/replies.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { ErrorState, FormError } from "../../components/States.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import type { FeedbackItem } from "./hooks.ts";
import { NewTemplateModal, ReplyTemplatesModal } from "./ReplyTemplates.tsx";
import {
  type FeedbackMessage,
  useConversation,
  usePreviewReply,
  useReplyTemplates,
  useSendReply,
} from "./replies.hooks.ts";

const size = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(1)} MB`
    : n >= 1024
      ? `${Math.round(n / 1024)} kB`
      : `${n} B`;

function deliveryOf(m: FeedbackMessage) {
  if (m.direction === "in") return null;
  if (m.sentAt)
    return (
      <Badge color="green" variant="light">
        Sent
      </Badge>
    );
  if (m.lastError)
    return (
      <Badge color="red" variant="light">
        Retrying: {m.lastError.slice(0, 80)}
      </Badge>
    );
  return (
    <Badge color="gray" variant="light">
      In the outbox
    </Badge>
  );
}

/** The item's mail conversation (received mail, replies sent) and, for those who may, the reply composer. */
export function Conversation({ item }: { item: FeedbackItem }) {
  const { workspaceId: wid, can } = useWorkspace();
  const conv = useConversation(wid, item.id);
  const mayReply = can("customers.contact");
  const messages = conv.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Conversation
      </Text>
      {conv.isError ? (
        <ErrorState error={conv.error} onRetry={() => void conv.refetch()} />
      ) : conv.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : messages.length === 0 ? (
        <Text size="sm" c="dimmed">
          No mail yet.
        </Text>
      ) : (
        messages.map((m) => (
          <Paper
            key={m.id}
            withBorder
            p="sm"
            radius="md"
            bg={m.direction === "out" ? "var(--mantine-color-blue-light)" : undefined}
          >
            <Stack gap={4}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                  {m.direction === "in" ? `From ${m.fromName ?? m.fromAddress}` : `Reply to ${m.toAddress}`}
                </Text>
                <Group gap={6}>
                  {deliveryOf(m)}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(m.createdAt)}
                  </Text>
                </Group>
              </Group>
              {m.subject ? (
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {m.subject}
                </Text>
              ) : null}
              <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {m.text}
              </Text>
              {m.attachments.length ? (
                <Stack gap={2}>
                  {m.attachments.map((a) => (
                    <Group key={`${a.name}/${a.type}/${a.size}`} gap={4} wrap="nowrap">
                      <IconPaperclip size={14} aria-hidden />
                      <Text size="xs" style={{ overflowWrap: "anywhere" }}>
                        {a.name || "unnamed"} · {a.type} · {size(a.size)} (listed, not stored)
                      </Text>
                    </Group>
                  ))}
                </Stack>
              ) : null}
            </Stack>
          </Paper>
        ))
      )}
      {mayReply ? <Composer item={item} /> : null}
    </Stack>
  );
}

function Composer({ item }: { item: FeedbackItem }) {
  const { workspaceId: wid } = useWorkspace();
  const templates = useReplyTemplates(wid);
  const preview = usePreviewReply(wid);
  const send = useSendReply(wid);
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  if (!item.personId)
    return (
      <Text size="sm" c="dimmed">
        Set the item's customer to reply by e-mail.
      </Text>
    );

  const fail = (e: unknown) => {
    if (e instanceof ApiError && Object.keys(e.fields).length) {
      setFields(e.fields);
      setFormError(e.fields.to ?? e.fields.templateId ?? null);
    } else setFormError(errorMessage(e));
  };
  const pick = (id: string | null) => {
    setTemplateId(id);
    setFields({});
    setFormError(null);
    if (!id) return;
    preview.mutate(
      { itemId: item.id, templateId: id },
      {
        onSuccess: (r) => {
          setSubject(r.subject);
          setText(r.text);
        },
        onError: fail,
      },
    );
  };
  const submit = () => {
    setFields({});
    setFormError(null);
    send.mutate(
      { itemId: item.id, subject, text },
      {
        onSuccess: () => {
          setText("");
          setSubject("");
          setTemplateId(null);
        },
        onError: fail,
      },
    );
  };
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <FormError error={formError} />
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select
          style={{ flex: 1, minWidth: 0 }}
          label="Template"
          placeholder={templates.data?.items.length ? "Pick a template" : "No templates yet"}
          data={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={templateId}
          onChange={pick}
          clearable
          searchable
          disabled={!templates.data?.items.length}
        />
        <Button variant="default" leftSection={<IconTemplate size={16} />} onClick={() => setManaging(true)}>
          Templates
        </Button>
      </Group>
      <TextInput
        label="Subject"
        placeholder="Re: the customer's subject"
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
        error={fields.subject}
      />
      <Textarea
        label="Reply"
        description={`Variables: ${Object.keys(TEMPLATE_VARIABLES)
          .map((v) => `{{${v}}}`)
          .join(" ")}`}
        autosize
        minRows={3}
        maxRows={12}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={fields.text}
        required
      />
      <Group justify="flex-end" gap="xs">
        <Button
          variant="default"
          leftSection={<IconDeviceFloppy size={16} />}
          onClick={() => setSaving(true)}
          disabled={!text.trim()}
        >
          Save as template
        </Button>
        <Button
          type="submit"
          leftSection={<IconSend size={16} />}
          loading={send.isPending}
          disabled={!text.trim()}
        >
          Send reply
        </Button>
      </Group>
      {saving ? (
        <NewTemplateModal initial={{ subject, body: text }} onClose={() => setSaving(false)} />
      ) : null}
      <ReplyTemplatesModal opened={managing} onClose={() => setManaging(false)} />
    </Stack>
  );
}

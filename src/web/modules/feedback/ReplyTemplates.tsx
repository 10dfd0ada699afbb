import {
  ActionIcon,
  Button,
  Code,
  Group,
  Modal,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPencil, IconPlus, IconTemplate, IconTrash } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { TEMPLATE_VARIABLES, unknownVariablesError } from "../../../shared/replies.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { EmptyBlock, ErrorState, FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import {
  type ReplyTemplate,
  useDeleteTemplate,
  useReplyTemplates,
  useSaveTemplate,
  useUpdateTemplate,
} from "./replies.hooks.ts";

interface Draft {
  name: string;
  subject: string;
  body: string;
}
type Fields = Partial<Record<keyof Draft, string>>;

/** The checks the server makes, made first here so the errors appear at their field before a request. */
function check(d: Draft): Fields {
  const f: Fields = {};
  if (!d.name.trim()) f.name = "Give the template a name";
  else if (d.name.trim().length > 100) f.name = "Use at most 100 characters";
  const subjectError =
    d.subject.trim().length > 300 ? "Use at most 300 characters" : unknownVariablesError(d.subject);
  if (subjectError) f.subject = subjectError;
  const bodyError = !d.body.trim() ? "Write the template" : unknownVariablesError(d.body);
  if (bodyError) f.body = bodyError;
  return f;
}

/** A template's fields with the {{variables}} it may use (each a button inserting it where the cursor is). */
function TemplateForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  submitLabel: string;
  busy: boolean;
  onSubmit: (d: Draft, fail: (e: unknown) => void) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [fields, setFields] = useState<Fields>({});
  const [error, setError] = useState<string | null>(null);
  const body = useRef<HTMLTextAreaElement>(null);
  const set = (k: keyof Draft, v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    if (fields[k]) setFields((f) => ({ ...f, [k]: undefined }));
  };
  const insert = (variable: string) => {
    const el = body.current;
    const token = `{{${variable}}}`;
    const at = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? at;
    set("body", draft.body.slice(0, at) + token + draft.body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiError && Object.keys(e.fields).length) {
      setFields(e.fields as Fields);
      setError(null);
    } else setError(errorMessage(e));
  };
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    // The modal is a portal inside the reply composer's form: React would bubble this submit to it.
    ev.stopPropagation();
    setError(null);
    const found = check(draft);
    setFields(found);
    if (Object.keys(found).length) return;
    onSubmit({ name: draft.name.trim(), subject: draft.subject.trim(), body: draft.body }, fail);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="What you pick it by in the reply composer"
          value={draft.name}
          onChange={(e) => set("name", e.currentTarget.value)}
          error={fields.name}
          required
          maxLength={100}
          data-autofocus
        />
        <TextInput
          label="Subject"
          description="Empty: “Re:” and the customer's subject"
          value={draft.subject}
          onChange={(e) => set("subject", e.currentTarget.value)}
          error={fields.subject}
          maxLength={300}
        />
        <Textarea
          ref={body}
          label="Text"
          value={draft.body}
          onChange={(e) => set("body", e.currentTarget.value)}
          error={fields.body}
          required
          autosize
          minRows={5}
          maxRows={14}
        />
        <Stack gap={4} component="section" aria-labelledby="template-variables">
          <Text id="template-variables" size="xs" fw={600}>
            Variables (filled from the item when you reply; a reply with one that has no value is refused)
          </Text>
          <Group gap={6} wrap="wrap">
            {Object.entries(TEMPLATE_VARIABLES).map(([v, help]) => (
              <Tooltip key={v} label={help} withArrow multiline maw={260}>
                <UnstyledButton
                  type="button"
                  onClick={() => insert(v)}
                  aria-label={`Insert {{${v}}}: ${help}`}
                  className="baton-fb-var"
                >
                  <Code>{`{{${v}}}`}</Code>
                </UnstyledButton>
              </Tooltip>
            ))}
          </Group>
        </Stack>
        <FormError error={error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Save as template" from the reply composer: a new template from what was written. */
export function NewTemplateModal({
  initial,
  onClose,
}: {
  initial: { subject: string; body: string };
  onClose: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const phone = useMediaQuery("(max-width: 36em)");
  const save = useSaveTemplate(wid);
  return (
    <Modal opened onClose={onClose} title="Save as a reply template" size="lg" fullScreen={phone}>
      <TemplateForm
        initial={{ name: "", ...initial }}
        submitLabel="Save template"
        busy={save.isPending}
        onCancel={onClose}
        onSubmit={(d, fail) =>
          save.mutate(d, {
            onSuccess: (t) => {
              notifySuccess(`"${t.name}" is in the templates.`, "Template saved");
              onClose();
            },
            onError: fail,
          })
        }
      />
    </Modal>
  );
}

/** The reply templates: list, add, edit and delete (customers.contact; others only read the list). */
export function ReplyTemplatesModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId: wid, can } = useWorkspace();
  const phone = useMediaQuery("(max-width: 36em)");
  const templates = useReplyTemplates(wid, opened);
  const create = useSaveTemplate(wid);
  const update = useUpdateTemplate(wid);
  const remove = useDeleteTemplate(wid);
  const [editing, setEditing] = useState<ReplyTemplate | "new" | null>(null);
  const mayEdit = can("customers.contact");
  const close = () => {
    setEditing(null);
    onClose();
  };
  const onDelete = (t: ReplyTemplate) =>
    confirmAction({
      title: `Delete "${t.name}"?`,
      message: <Text size="sm">Replies already sent with it stay as they were.</Text>,
      confirmLabel: "Delete",
      onConfirm: () =>
        remove.mutate(t.id, { onError: (e) => notifyError(e, "Could not delete the template") }),
    });
  const title =
    editing === "new" ? "New reply template" : editing ? `Edit "${editing.name}"` : "Reply templates";
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" fullScreen={phone}>
      {editing ? (
        <TemplateForm
          key={editing === "new" ? "new" : editing.id}
          initial={editing === "new" ? { name: "", subject: "", body: "" } : editing}
          submitLabel={editing === "new" ? "Add template" : "Save"}
          busy={create.isPending || update.isPending}
          onCancel={() => setEditing(null)}
          onSubmit={(d, fail) =>
            editing === "new"
              ? create.mutate(d, { onSuccess: () => setEditing(null), onError: fail })
              : update.mutate(
                  { id: editing.id, version: editing.version, ...d },
                  { onSuccess: () => setEditing(null), onError: fail },
                )
          }
        />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : templates.isPending ? (
        <Skeleton height={120} />
      ) : (
        <Stack gap="sm">
          {templates.data.items.length === 0 ? (
            <EmptyBlock
              size="sm"
              icon={<IconTemplate size={24} />}
              title="No reply templates yet"
              description="Templates are replies you write once and send often, with the customer's name and the idea filled in."
            />
          ) : (
            <Stack
              gap={0}
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-label="Reply templates"
            >
              {templates.data.items.map((t) => (
                <Group
                  component="li"
                  key={t.id}
                  justify="space-between"
                  wrap="nowrap"
                  gap="xs"
                  py="xs"
                  style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
                >
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                      {t.name}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                      {t.subject ? `${t.subject} — ` : ""}
                      {t.body}
                    </Text>
                  </Stack>
                  {mayEdit ? (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${t.name}`}
                        onClick={() => setEditing(t)}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${t.name}`}
                        onClick={() => onDelete(t)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  ) : null}
                </Group>
              ))}
            </Stack>
          )}
          {mayEdit ? (
            <Group justify="flex-end">
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
                New template
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Modal>
  );
}

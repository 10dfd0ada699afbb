import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useId, useRef, useState } from "react";
import type { Importance } from "../../../shared/feedback.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { SimilarItems } from "../../components/SimilarItems.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useCreateFeedback, useCustomerSearch, useLinkIdea } from "./hooks.ts";
import { IMPORTANCE_LABELS } from "./labels.tsx";

/**
 * Quick capture: what someone said, on behalf of a customer (or an external handle). From an idea's page it
 * also links the new item to that idea.
 */
export function CaptureModal({
  opened,
  onClose,
  idea,
}: {
  opened: boolean;
  onClose: () => void;
  idea?: { id: string; number: number; title: string };
}) {
  const { workspaceId: wid } = useWorkspace();
  const create = useCreateFeedback(wid);
  const link = useLinkIdea(wid);
  const [text, setText] = useState("");
  const [title, setTitle] = useState("");
  const [personId, setPersonId] = useState<string | null>(null);
  const [handle, setHandle] = useState("");
  const [tags, setTags] = useState<string[]>([]);
  const [importance, setImportance] = useState<Importance>("important");
  /** An existing idea picked from the similar ones: the new item is linked to it as evidence. */
  const [linkTo, setLinkTo] = useState<{ id: string; number: number; title: string } | null>(null);
  const target = idea ?? linkTo;
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 200);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const people = useCustomerSearch(wid, q, opened);
  const labels = useRef<Record<string, string>>({});
  const impId = useId();

  useEffect(() => {
    if (!opened) return;
    setText("");
    setTitle("");
    setPersonId(null);
    setHandle("");
    setTags([]);
    setLinkTo(null);
    setSearch("");
    setErrors({});
    setFormError(null);
  }, [opened]);

  for (const p of people.data ?? []) {
    labels.current[p.id] = p.companyName ? `${p.name} · ${p.companyName}` : p.name;
  }
  const options = (people.data ?? []).map((p) => ({ value: p.id, label: labels.current[p.id]! }));
  if (personId && !options.some((o) => o.value === personId) && labels.current[personId]) {
    options.unshift({ value: personId, label: labels.current[personId]! });
  }

  const busy = create.isPending || link.isPending;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    if (!text.trim()) {
      setErrors({ text: "Write the feedback" });
      return;
    }
    try {
      const item = await create.mutateAsync({
        text,
        title: title.trim() || null,
        source: "manual",
        author: { personId, userId: null, handle: personId ? null : handle.trim() || null },
        tags,
      });
      if (target) await link.mutateAsync({ itemId: item.id, ideaId: target.id, importance });
      notifySuccess(
        target ? `Linked to #${target.number} ${target.title} as evidence.` : "It is in the feedback inbox.",
        "Feedback captured",
      );
      onClose();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        const f: Record<string, string> = {};
        for (const [k, v] of Object.entries(err.fields)) f[k.replace(/^author\./, "")] = v;
        setErrors(f);
        if (!f.text && !f.title && !f.personId && !f.handle && !f.tags) setFormError(err.message);
      } else setFormError(errorMessage(err));
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={idea ? `Add feedback to #${idea.number}` : "Capture feedback"}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={formError} />
          <Textarea
            label="What did they say?"
            description="Markdown works. Paste the customer's words as they wrote them."
            required
            autosize
            minRows={4}
            maxRows={12}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={errors.text}
            data-autofocus
          />
          <SimilarItems
            wid={wid}
            text={`${title}\n${text}`}
            kinds={idea ? ["feedback"] : ["ideas", "feedback"]}
            ideaAction={(i) => {
              const on = linkTo?.id === i.id;
              return (
                <Button
                  size="compact-xs"
                  variant={on ? "filled" : "light"}
                  aria-pressed={on}
                  onClick={() => setLinkTo(on ? null : { id: i.id, number: i.number, title: i.title })}
                >
                  {on ? "Will link" : "Link to it"}
                </Button>
              );
            }}
          />
          <Group grow align="flex-start" wrap="wrap" gap="md">
            <Select
              label="Customer"
              placeholder="Search customers"
              searchable
              clearable
              searchValue={search}
              onSearchChange={setSearch}
              data={options}
              value={personId}
              onChange={setPersonId}
              filter={({ options: o }) => o}
              nothingFoundMessage={people.isFetching ? "Searching…" : "No customer matches"}
              error={errors.personId}
              miw={200}
            />
            {personId ? null : (
              <TextInput
                label="Or an external handle"
                placeholder="@someone, a reviewer's name"
                value={handle}
                onChange={(e) => setHandle(e.currentTarget.value)}
                error={errors.handle}
                miw={200}
              />
            )}
          </Group>
          <TextInput
            label="Title"
            placeholder="Optional: a short summary"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
          />
          <TagsInput
            label="Tags"
            placeholder="Type and press Enter"
            value={tags}
            onChange={setTags}
            error={errors.tags}
          />
          {target ? (
            <Stack gap={4}>
              <Text size="sm" fw={500} id={impId}>
                {idea
                  ? "Importance to this customer"
                  : `Importance to this customer for #${target.number} ${target.title}`}
              </Text>
              <SegmentedControl
                aria-labelledby={impId}
                value={importance}
                onChange={(v) => setImportance(v as Importance)}
                data={(["nice", "important", "critical"] as const).map((k) => ({
                  value: k,
                  label: IMPORTANCE_LABELS[k],
                }))}
                fullWidth
              />
            </Stack>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {target ? "Add evidence" : "Capture"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

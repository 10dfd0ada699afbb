import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Select,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconLink, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { type Framework, IDEA_STATUS_LABELS, IDEA_STATUSES } from "../../../shared/enums.ts";
import {
  emptyInputValues,
  FrameworkInputsFields,
  type InputValues,
  inputsFromValues,
  inputValuesFrom,
} from "./FrameworkInputsFields.tsx";
import type { IdeaInput } from "./hooks.ts";
import { Markdown } from "./markdown.tsx";
import type { Idea, SettableStatus } from "./types.ts";

export const STATUS_OPTIONS = IDEA_STATUSES.filter((s) => s !== "merged").map((s) => ({
  value: s,
  label: IDEA_STATUS_LABELS[s],
}));

export interface IdeaFormValues {
  title: string;
  description: string;
  status: SettableStatus;
  ownerId: string | null;
  tags: string[];
  links: { url: string; title: string }[];
  inputs: InputValues;
}

export function emptyIdeaValues(): IdeaFormValues {
  return {
    title: "",
    description: "",
    status: "new",
    ownerId: null,
    tags: [],
    links: [],
    inputs: emptyInputValues(),
  };
}

export function ideaValuesFrom(idea: Idea): IdeaFormValues {
  return {
    title: idea.title,
    description: idea.description,
    status: idea.status === "merged" ? "new" : idea.status,
    ownerId: idea.ownerId,
    tags: idea.tags,
    links: idea.links.map((l) => ({ url: l.url, title: l.title })),
    inputs: inputValuesFrom(idea.inputs),
  };
}

export function ideaInputFrom(v: IdeaFormValues): IdeaInput {
  return {
    title: v.title.trim(),
    description: v.description,
    status: v.status,
    ownerId: v.ownerId,
    tags: [...new Set(v.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))],
    links: v.links.filter((l) => l.url.trim()).map((l) => ({ url: l.url.trim(), title: l.title.trim() })),
    inputs: inputsFromValues(v.inputs),
  };
}

/** The idea form, starting from `initial` (an empty idea by default; an idea's values when editing it). */
export function useIdeaForm(initial: IdeaFormValues = emptyIdeaValues()) {
  return useForm<IdeaFormValues>({
    initialValues: initial,
    validate: {
      title: (v) => (v.trim() ? null : "Give the idea a title"),
      tags: (v) => (v.some((t) => t.includes(",")) ? "Tags cannot contain commas" : null),
      links: {
        url: (v) =>
          !v.trim() || /^https?:\/\//i.test(v.trim()) ? null : "Links start with http:// or https://",
      },
    },
  });
}
export type IdeaForm = ReturnType<typeof useIdeaForm>;

/** Markdown with a preview tab. */
export function DescriptionField({ form }: { form: IdeaForm }) {
  const [tab, setTab] = useState<string | null>("write");
  return (
    <Stack gap={4}>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" fw={500} component="label" htmlFor="idea-description">
          Description
        </Text>
        <Tabs value={tab} onChange={setTab} variant="pills" radius="sm">
          <Tabs.List>
            <Tabs.Tab value="write" py={2} px={8} fz="xs">
              Write
            </Tabs.Tab>
            <Tabs.Tab value="preview" py={2} px={8} fz="xs">
              Preview
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
      </Group>
      {tab === "write" ? (
        <Textarea
          id="idea-description"
          placeholder="The problem, who has it, what we know. Markdown works: **bold**, lists, [links](https://…)"
          autosize
          minRows={4}
          maxRows={16}
          {...form.getInputProps("description")}
        />
      ) : (
        <Stack
          p="sm"
          mih={96}
          style={{
            border: "1px solid var(--mantine-color-default-border)",
            borderRadius: "var(--mantine-radius-sm)",
          }}
        >
          {form.values.description.trim() ? (
            <Markdown source={form.values.description} />
          ) : (
            <Text size="sm" c="dimmed">
              Nothing to preview
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

export function LinksField({ form }: { form: IdeaForm }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Links
      </Text>
      {form.values.links.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: form list rows are positional
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            placeholder="https://…"
            aria-label={`Link ${i + 1} URL`}
            leftSection={<IconLink size={14} />}
            style={{ flex: 2 }}
            {...form.getInputProps(`links.${i}.url`)}
          />
          <TextInput
            placeholder="Title (optional)"
            aria-label={`Link ${i + 1} title`}
            style={{ flex: 1 }}
            {...form.getInputProps(`links.${i}.title`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={4}
            onClick={() => form.removeListItem("links", i)}
            aria-label={`Remove link ${i + 1}`}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem("links", { url: "", title: "" })}
          disabled={form.values.links.length >= 50}
        >
          Add link
        </Button>
      </Group>
    </Stack>
  );
}

/** Every editable field of an idea. */
export function IdeaFormFields({
  form,
  memberOptions,
  tagOptions = [],
  framework,
  autoFocus,
  reachFromEvidence,
}: {
  form: IdeaForm;
  memberOptions: { value: string; label: string }[];
  tagOptions?: string[];
  framework?: Framework;
  autoFocus?: boolean;
  /** the product takes RICE's reach from customer evidence (the reach input says it is overridden) */
  reachFromEvidence?: boolean;
}) {
  return (
    <Stack gap="md">
      <TextInput
        label="Title"
        required
        data-autofocus={autoFocus || undefined}
        placeholder="e.g. Export the roadmap as PDF"
        maxLength={200}
        {...form.getInputProps("title")}
      />
      <DescriptionField form={form} />
      <Group grow align="flex-start">
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps("status")}
        />
        <Select
          label="Owner"
          placeholder="Nobody yet"
          data={memberOptions}
          searchable
          clearable
          nothingFoundMessage="No member with that name"
          {...form.getInputProps("ownerId")}
        />
      </Group>
      <TagsInput
        label="Tags"
        placeholder="Type a tag, press Enter"
        data={tagOptions}
        maxTags={20}
        splitChars={[","]}
        clearable
        {...form.getInputProps("tags")}
      />
      <LinksField form={form} />
      <Divider label="Framework inputs" labelPosition="left" />
      <FrameworkInputsFields
        inputProps={(k) => form.getInputProps(`inputs.${k}`)}
        active={framework}
        reachFromEvidence={reachFromEvidence}
      />
    </Stack>
  );
}

import { Button, CloseButton, Group, Paper, Select, TagsInput, Text } from "@mantine/core";
import { IconChecks } from "@tabler/icons-react";
import { useState } from "react";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { type BulkSet, useBulkIdeas } from "./hooks.ts";
import { STATUS_OPTIONS } from "./IdeaFormFields.tsx";
import type { SettableStatus } from "./types.ts";

const NOBODY = "__nobody";

/** Shown while rows are selected: set status or owner, add or remove tags, on all of them at once. */
export function BulkBar({
  productId,
  ids,
  onDone,
  memberOptions,
  tagOptions,
}: {
  productId: string;
  ids: string[];
  onDone: () => void;
  memberOptions: { value: string; label: string }[];
  tagOptions: string[];
}) {
  const { workspaceId } = useWorkspace();
  const bulk = useBulkIdeas(workspaceId, productId);
  const [status, setStatus] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [addTags, setAddTags] = useState<string[]>([]);
  const [removeTags, setRemoveTags] = useState<string[]>([]);
  const changes = Boolean(status || owner || addTags.length || removeTags.length);

  const apply = () => {
    const set: BulkSet = {};
    if (status) set.status = status as SettableStatus;
    if (owner) set.ownerId = owner === NOBODY ? null : owner;
    if (addTags.length) set.addTags = addTags.map((t) => t.trim().toLowerCase());
    if (removeTags.length) set.removeTags = removeTags.map((t) => t.trim().toLowerCase());
    bulk.mutate(
      { ids, set },
      {
        onSuccess: (r) => {
          notifySuccess(`${pluralize(r.updated, "idea")} updated.`, "Bulk edit");
          setStatus(null);
          setOwner(null);
          setAddTags([]);
          setRemoveTags([]);
          onDone();
        },
        onError: (err) => notifyError(err, "Could not update the ideas"),
      },
    );
  };

  return (
    <Paper withBorder radius="lg" p="xs" px="sm" shadow="sm" role="region" aria-label="Bulk edit">
      <Group gap="sm" wrap="wrap">
        <Group gap={6} wrap="nowrap">
          <IconChecks size={18} />
          <Text size="sm" fw={600}>
            {pluralize(ids.length, "idea")} selected
          </Text>
        </Group>
        <Select
          size="xs"
          aria-label="Set status"
          placeholder="Set status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={setStatus}
          clearable
          w={150}
        />
        <Select
          size="xs"
          aria-label="Set owner"
          placeholder="Set owner"
          data={[{ value: NOBODY, label: "Nobody" }, ...memberOptions]}
          value={owner}
          onChange={setOwner}
          searchable
          clearable
          w={170}
        />
        <TagsInput
          size="xs"
          aria-label="Add tags"
          placeholder={addTags.length ? "" : "Add tags"}
          data={tagOptions}
          value={addTags}
          onChange={setAddTags}
          splitChars={[","]}
          w={170}
        />
        <TagsInput
          size="xs"
          aria-label="Remove tags"
          placeholder={removeTags.length ? "" : "Remove tags"}
          data={tagOptions}
          value={removeTags}
          onChange={setRemoveTags}
          splitChars={[","]}
          w={170}
        />
        <Button size="xs" onClick={apply} disabled={!changes} loading={bulk.isPending}>
          Apply to {pluralize(ids.length, "idea")}
        </Button>
        <CloseButton size="sm" aria-label="Clear the selection" onClick={onDone} ml="auto" />
      </Group>
    </Paper>
  );
}

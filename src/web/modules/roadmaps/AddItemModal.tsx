import { Button, Group, Modal, MultiSelect, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useMemo, useState } from "react";
import type { RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useObjectives } from "../objectives/hooks.ts";
import { useProductIdeas } from "../rounds/hooks.ts";
import { useCreateItem } from "./hooks.ts";
import { ItemFields } from "./ItemFields.tsx";
import { itemFieldsFrom, useItemForm } from "./itemValues.ts";

type Kind = "idea" | "initiative";

/** Adds an item: one idea from the product's backlog, or an initiative (optionally grouping ideas). */
export function AddItemModal({
  opened,
  onClose,
  view,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  view: RoadmapView;
  onCreated?: (id: string) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add an item" size="xl">
      <AddItemForm key="new" onClose={onClose} view={view} onCreated={onCreated} />
    </Modal>
  );
}

function AddItemForm({
  onClose,
  view,
  onCreated,
}: {
  onClose: () => void;
  view: RoadmapView;
  onCreated?: (id: string) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const create = useCreateItem(wid, view.roadmap.id);
  const objectives = useObjectives(wid, null);
  const form = useItemForm();
  const [kind, setKind] = useState<Kind>("idea");
  const [ideaId, setIdeaId] = useState<string | null>(null);
  const [ideaIds, setIdeaIds] = useState<string[]>([]);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [known, setKnown] = useState<Map<string, string>>(() => new Map());
  const [titles] = useState(() => new Map<string, string>());
  const [formError, setFormError] = useState<string | null>(null);
  const ideas = useProductIdeas(wid, view.roadmap.productId, q);

  useEffect(() => {
    const items = ideas.data?.items;
    if (!items?.length) return;
    setKnown((prev) => {
      const next = new Map(prev);
      for (const i of items) {
        next.set(i.id, `#${i.number} ${i.title}`);
        titles.set(i.id, i.title);
      }
      return next;
    });
  }, [ideas.data, titles]);

  const planned = useMemo(
    () => new Set(view.items.flatMap((i) => (i.ideaId ? [i.ideaId] : []))),
    [view.items],
  );
  const ideaOptions = useMemo(() => {
    const ids = new Set<string>([...ideaIds, ...(ideaId ? [ideaId] : [])]);
    for (const i of ideas.data?.items ?? []) ids.add(i.id);
    return [...ids].map((id) => ({
      value: id,
      label: `${known.get(id) ?? "…"}${planned.has(id) ? " (on this roadmap)" : ""}`,
    }));
  }, [ideas.data, ideaIds, ideaId, known, planned]);

  const submit = form.onSubmit((values) => {
    setFormError(null);
    if (kind === "idea" && !ideaId) {
      setFormError("Choose the idea to plan");
      return;
    }
    create.mutate(
      {
        ...itemFieldsFrom(values),
        kind,
        ideaId: kind === "idea" ? ideaId : null,
        ideaIds: kind === "initiative" ? ideaIds : [],
        reason: values.reason.trim(),
      },
      {
        onSuccess: (item) => {
          notifySuccess(item.title, "Item added");
          onClose();
          onCreated?.(item.id);
        },
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  });

  /** Choosing an idea gives the item its title (still editable). */
  const chooseIdea = (id: string | null) => {
    setIdeaId(id);
    const title = id ? titles.get(id) : undefined;
    if (title && !form.getValues().title.trim()) form.setFieldValue("title", title);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} />
        <SegmentedControl
          aria-label="Kind of item"
          value={kind}
          onChange={(k) => setKind(k as Kind)}
          data={[
            { value: "idea", label: "An idea from the backlog" },
            { value: "initiative", label: "An initiative" },
          ]}
        />
        {kind === "idea" ? (
          <Select
            label="Idea"
            description="The item takes its title; edit it below if you like"
            placeholder="Search the backlog"
            data={ideaOptions}
            value={ideaId}
            onChange={chooseIdea}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={ideas.isFetching ? "Searching…" : "No idea matches"}
            required
          />
        ) : (
          <MultiSelect
            label="Ideas it groups"
            description="Optional: the initiative's value comes from its ideas' scores"
            placeholder="Search the backlog"
            data={ideaOptions}
            value={ideaIds}
            onChange={setIdeaIds}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            clearable
          />
        )}
        <ItemFields form={form} view={view} objectives={objectives.data} />
        <Text size="xs" c="dimmed">
          Items are checked against the SMART rules once added; the badges show what is missing.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add item
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

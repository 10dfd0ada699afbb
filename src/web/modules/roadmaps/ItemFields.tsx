import {
  ActionIcon,
  Autocomplete,
  Button,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMemo } from "react";
import { ROADMAP_ITEM_STATUS_LABELS, ROADMAP_ITEM_STATUSES } from "../../../shared/enums.ts";
import type { Objective, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import {
  periodContaining,
  SPECIFIC_MIN_OUTCOME_WORDS,
  SPECIFIC_MIN_PROBLEM_WORDS,
  unitLabel,
  wordCount,
} from "../../../shared/roadmap.ts";

import type { ItemForm } from "./itemValues.ts";

const STATUS_OPTIONS = ROADMAP_ITEM_STATUSES.map((s) => ({ value: s, label: ROADMAP_ITEM_STATUS_LABELS[s] }));

function WordHint({ text, min, what }: { text: string; min: number; what: string }) {
  const n = wordCount(text);
  return (
    <Text span size="xs" c={n >= min ? "teal" : "dimmed"}>
      {n} / {min} words {n >= min ? "✓" : `— state the ${what} in at least ${min} words`}
    </Text>
  );
}

/** Every editable field of an item, grouped as the SMART rules read them. */
export function ItemFields({
  form,
  view,
  selfId,
  objectives,
}: {
  form: ItemForm;
  view: RoadmapView;
  /** The item edited (excluded from its own dependencies). */
  selfId?: string;
  /** Objectives with key results, when loaded. */
  objectives: Objective[] | undefined;
}) {
  const v = form.getValues();
  const periodOptions = useMemo(() => {
    const opts = [
      { value: "", label: "Unplanned" },
      ...view.periods.map((p) => ({ value: p.key, label: p.label })),
    ];
    if (v.period && !view.periods.some((p) => p.key === v.period))
      opts.push({
        value: v.period,
        label: `${periodContaining(view.roadmap, v.period).label} (outside the horizon)`,
      });
    return opts;
  }, [view.periods, view.roadmap, v.period]);
  const themes = useMemo(
    () => [...new Set(view.items.map((i) => i.theme.trim()).filter(Boolean))].sort(),
    [view.items],
  );
  const objectiveOptions = view.objectives.map((o) => ({ value: o.id, label: o.title }));
  const krOptions = useMemo(
    () =>
      (objectives ?? [])
        .filter((o) => view.objectives.some((x) => x.id === o.id))
        .flatMap((o) => o.keyResults.map((k) => ({ value: k.id, label: `${k.title} (${o.title})` }))),
    [objectives, view.objectives],
  );
  const depOptions = useMemo(
    () => view.items.filter((i) => i.id !== selfId).map((i) => ({ value: i.id, label: i.title })),
    [view.items, selfId],
  );
  const unit = unitLabel(view.unit);

  return (
    <Stack gap="md">
      <TextInput label="Title" required {...form.getInputProps("title")} key={form.key("title")} />
      <Text size="xs" c="dimmed" mb={-8}>
        Time-bound: a period or a target date (a target date no earlier than the period starts).
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps("status")}
          key={form.key("status")}
        />
        <Select
          label="Period"
          data={periodOptions}
          allowDeselect={false}
          {...form.getInputProps("period")}
          key={form.key("period")}
        />
        <TextInput
          label="Target date"
          type="date"
          {...form.getInputProps("targetDate")}
          key={form.key("targetDate")}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Autocomplete
          label="Theme"
          data={themes}
          placeholder="e.g. Onboarding"
          {...form.getInputProps("theme")}
          key={form.key("theme")}
        />
        <NumberInput
          label="Value override"
          description="Leave empty to use the ideas' scores"
          min={0}
          {...form.getInputProps("valueOverride")}
          key={form.key("valueOverride")}
        />
      </SimpleGrid>
      <Switch
        label="Pinned — the auto-planner leaves it in its period"
        {...form.getInputProps("pinned", { type: "checkbox" })}
        key={form.key("pinned")}
      />

      <Divider label="Specific" labelPosition="left" />
      <Text size="xs" c="dimmed" mt={-8}>
        Passes with a problem statement of at least {SPECIFIC_MIN_PROBLEM_WORDS} words and an expected outcome
        of at least {SPECIFIC_MIN_OUTCOME_WORDS} words that is not the problem or the title again.
      </Text>
      <Textarea
        label="Problem"
        description={<WordHint text={v.problem} min={SPECIFIC_MIN_PROBLEM_WORDS} what="problem" />}
        placeholder="Whose problem is this, and why does it matter?"
        autosize
        minRows={2}
        {...form.getInputProps("problem")}
        key={form.key("problem")}
      />
      <Textarea
        label="Expected outcome"
        description={<WordHint text={v.outcome} min={SPECIFIC_MIN_OUTCOME_WORDS} what="outcome" />}
        placeholder="What will be different when it ships? (not the problem or the title again)"
        autosize
        minRows={2}
        {...form.getInputProps("outcome")}
        key={form.key("outcome")}
      />

      <Divider label="Measurable" labelPosition="left" />
      <Text size="xs" c="dimmed" mt={-8}>
        A success metric with a numeric target, or a linked key result.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Success metric"
          placeholder="e.g. Weekly active technicians"
          {...form.getInputProps("successMetric")}
          key={form.key("successMetric")}
        />
        <TextInput
          label="Target"
          placeholder="e.g. +15% by June"
          {...form.getInputProps("successTarget")}
          key={form.key("successTarget")}
        />
      </SimpleGrid>
      <MultiSelect
        label="Key results"
        data={krOptions}
        placeholder={objectives ? (krOptions.length ? "Link key results" : "No key result yet") : "Loading…"}
        searchable
        clearable
        {...form.getInputProps("keyResultIds")}
        key={form.key("keyResultIds")}
      />

      <Divider label="Achievable" labelPosition="left" />
      <Text size="xs" c="dimmed" mt={-8}>
        An effort estimate, a period where no team it needs is over capacity, and dependencies that land no
        later.
      </Text>
      <EffortRows form={form} teams={view.teams} unit={unit} />
      <MultiSelect
        label="Depends on"
        description="Items that must land no later than this one"
        data={depOptions}
        searchable
        clearable
        limit={50}
        {...form.getInputProps("dependsOn")}
        key={form.key("dependsOn")}
      />

      <Divider label="Relevant" labelPosition="left" />
      <Text size="xs" c="dimmed" mt={-8}>
        Linked to at least one objective (directly, or through one of its ideas).
      </Text>
      <MultiSelect
        label="Objectives"
        data={objectiveOptions}
        placeholder={objectiveOptions.length ? "Link objectives" : "No objective for this product yet"}
        searchable
        clearable
        {...form.getInputProps("objectiveIds")}
        key={form.key("objectiveIds")}
      />

      <Divider label="Notes" labelPosition="left" />
      <Textarea
        label="Description"
        autosize
        minRows={2}
        {...form.getInputProps("description")}
        key={form.key("description")}
      />
    </Stack>
  );
}

/** Effort per team: rows of a team and a number. */
function EffortRows({ form, teams, unit }: { form: ItemForm; teams: RoadmapView["teams"]; unit: string }) {
  const v = form.getValues();
  const teamOptions = teams.map((t) => ({ value: t.id, label: t.name }));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Effort per team ({unit})
      </Text>
      {v.efforts.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a form list
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={`Team ${i + 1}`}
            data={teamOptions.filter(
              (t) => t.value === v.efforts[i]!.teamId || !v.efforts.some((e) => e.teamId === t.value),
            )}
            placeholder="Team"
            searchable
            style={{ flex: 1 }}
            {...form.getInputProps(`efforts.${i}.teamId`)}
            key={form.key(`efforts.${i}.teamId`)}
          />
          <NumberInput
            aria-label={`Effort ${i + 1}`}
            min={0}
            w={120}
            {...form.getInputProps(`efforts.${i}.effort`)}
            key={form.key(`efforts.${i}.effort`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Remove team ${i + 1}`}
            onClick={() => form.removeListItem("efforts", i)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem("efforts", { teamId: null, effort: "" })}
          disabled={v.efforts.length >= teams.length}
        >
          Add a team
        </Button>
      </Group>
    </Stack>
  );
}

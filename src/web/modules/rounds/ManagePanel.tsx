import {
  Alert,
  Button,
  Card,
  Group,
  MultiSelect,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { RoundDetail } from "../../../shared/ideas.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { PersonCell } from "../../components/PersonCell.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { browserTimeZone } from "../../lib/format.ts";
import { required } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { toLocalInput, validDeadline } from "./CreateRoundModal.tsx";
import { useProductIdeas, useUpdateRound } from "./hooks.ts";
import { ProgressLine } from "./parts.tsx";

/** Each voter's progress (done/total ratings). */
export function VotersTable({ round }: { round: RoundDetail }) {
  const { user } = useWorkspace();
  const voters = [...round.voters].sort((a, b) => a.done / (a.total || 1) - b.done / (b.total || 1));
  return (
    <Card p={0}>
      <Table.ScrollContainer minWidth={520}>
        <Table className="baton-table" aria-label="Voters" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Voter</Table.Th>
              <Table.Th w={220}>Progress</Table.Th>
              <Table.Th w={110}>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {voters.map((v) => {
              const finished = v.total > 0 && v.done >= v.total;
              return (
                <Table.Tr key={v.userId}>
                  <Table.Td>
                    <PersonCell name={v.name} email={v.email} isYou={v.userId === user.id} size={28} />
                  </Table.Td>
                  <Table.Td>
                    <ProgressLine done={v.done} total={v.total} label={`${v.name}'s progress`} w={200} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={finished ? "teal" : v.done > 0 ? undefined : "dimmed"}>
                      {finished ? "Finished" : v.done > 0 ? "Voting" : "Not started"}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

interface SettingsValues {
  name: string;
  description: string;
  deadline: string;
  showOthers: boolean;
  addIdeaIds: string[];
  addVoterIds: string[];
}

/** Edit an open round: name, deadline, visibility; add ideas and voters. */
export function RoundSettings({ round }: { round: RoundDetail }) {
  const { workspaceId: wid } = useWorkspace();
  const qc = useQueryClient();
  const update = useUpdateRound(wid, round.id);
  const members = useAllMembers(wid);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const ideas = useProductIdeas(wid, round.productId, debounced);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [known, setKnown] = useState<Map<string, string>>(() => new Map());

  const initial = (r: RoundDetail): SettingsValues => ({
    name: r.name,
    description: r.description,
    deadline: toLocalInput(new Date(r.deadline)),
    showOthers: r.showOthers,
    addIdeaIds: [],
    addVoterIds: [],
  });
  const form = useForm<SettingsValues>({
    initialValues: initial(round),
    validate: { name: required("A name"), deadline: validDeadline },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the round changes on the server
  useEffect(() => {
    form.setValues(initial(round));
    form.resetDirty();
  }, [round.version]);

  useEffect(() => {
    const items = ideas.data?.items;
    if (!items?.length) return;
    setKnown((prev) => {
      const next = new Map(prev);
      for (const i of items) next.set(i.id, `#${i.number} ${i.title}`);
      return next;
    });
  }, [ideas.data]);

  const inRound = useMemo(() => new Set(round.ideas.map((i) => i.id)), [round.ideas]);
  const ideaOptions = useMemo(() => {
    const ids = new Set(form.values.addIdeaIds);
    for (const i of ideas.data?.items ?? []) if (!inRound.has(i.id)) ids.add(i.id);
    return [...ids].map((id) => ({ value: id, label: known.get(id) ?? "…" }));
  }, [ideas.data, known, inRound, form.values.addIdeaIds]);
  const voterIds = new Set(round.voters.map((v) => v.userId));
  const memberOptions = (members.data ?? [])
    .filter((m) => !voterIds.has(m.userId))
    .map((m) => ({ value: m.userId, label: m.name }));

  const reload = async () => {
    setReloading(true);
    await qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "detail", round.id) });
    setReloading(false);
    setStale(false);
  };

  const submit = (v: SettingsValues) => {
    setFormError(null);
    const deadline = new Date(v.deadline).toISOString();
    update.mutate(
      {
        version: round.version,
        name: v.name.trim(),
        description: v.description,
        deadline: deadline === new Date(round.deadline).toISOString() ? undefined : deadline,
        showOthers: v.showOthers,
        addIdeaIds: v.addIdeaIds.length ? v.addIdeaIds : undefined,
        addVoterIds: v.addVoterIds.length ? v.addVoterIds : undefined,
      },
      {
        onSuccess: (r) => notifySuccess(`${r.name} was saved.`, "Saved"),
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  };

  return (
    <Card>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="md">
          <Title order={2} fz="md">
            Round settings
          </Title>
          {stale ? <StaleAlert what="round" onReload={reload} reloading={reloading} /> : null}
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}
            </Alert>
          ) : null}
          <Group grow align="flex-start">
            <TextInput label="Name" required {...form.getInputProps("name")} />
            <TextInput
              type="datetime-local"
              label="Deadline"
              required
              description={`Your time zone: ${browserTimeZone()}`}
              {...form.getInputProps("deadline")}
            />
          </Group>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps("description")}
          />
          <Switch
            label="Voters see each other's ratings"
            description="Ratings and live results are shown to voters while the round is open"
            {...form.getInputProps("showOthers", { type: "checkbox" })}
          />
          <MultiSelect
            label="Add ideas"
            placeholder="Search the backlog…"
            data={ideaOptions}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            hidePickedOptions
            nothingFoundMessage={ideas.isFetching ? "Searching…" : "No other idea matches"}
            {...form.getInputProps("addIdeaIds")}
          />
          <MultiSelect
            label="Add voters"
            placeholder="Pick people"
            data={memberOptions}
            searchable
            nothingFoundMessage="Everyone already votes"
            {...form.getInputProps("addVoterIds")}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={stale}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

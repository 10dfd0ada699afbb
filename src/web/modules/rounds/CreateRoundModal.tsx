import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { IconListNumbers } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useLocation } from "wouter";
import type { IdeaPage } from "../../../shared/ideas.schemas.ts";
import { api, errorMessage } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { browserTimeZone, formatDateTime } from "../../lib/format.ts";
import { required } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers, useTeams } from "../people/hooks.ts";
import { roundPath, useAllProducts, useCreateRound, useProductIdeas } from "./hooks.ts";

interface Values {
  productId: string | null;
  name: string;
  description: string;
  ideaIds: string[];
  voterIds: string[];
  teamIds: string[];
  deadline: string; // datetime-local, the browser's time zone
  showOthers: boolean;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** A Date as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** A week from now at 17:00. */
function defaultDeadline(): string {
  const d = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  d.setHours(17, 0, 0, 0);
  return toLocalInput(d);
}
export function validDeadline(v: string): string | null {
  if (!v) return "Set a deadline";
  const t = new Date(v).getTime();
  if (Number.isNaN(t)) return "Give a date and a time";
  if (t <= Date.now()) return "The deadline must be in the future";
  return null;
}

/** Candidates for a round: ideas not yet shipped, declined or merged. */
const CANDIDATE_STATUSES = ["new", "under_review", "planned"];

export function CreateRoundModal({
  opened,
  onClose,
  initialProductId,
}: {
  opened: boolean;
  onClose: () => void;
  initialProductId?: string | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Open a scoring round" size="lg">
      <CreateRoundForm key="new" onClose={onClose} initialProductId={initialProductId} />
    </Modal>
  );
}

function CreateRoundForm({
  onClose,
  initialProductId,
}: {
  onClose: () => void;
  initialProductId?: string | null;
}) {
  const { workspaceId: wid } = useWorkspace();
  const [, navigate] = useLocation();
  const products = useAllProducts(wid);
  const members = useAllMembers(wid);
  const teams = useTeams(wid);
  const create = useCreateRound(wid);
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const [topN, setTopN] = useState<number | string>(10);
  const [addingTop, setAddingTop] = useState(false);
  /** Titles of every idea seen, so chosen ones keep their label when the search changes. */
  const [known, setKnown] = useState<Map<string, string>>(() => new Map());

  const form = useForm<Values>({
    initialValues: {
      productId: initialProductId ?? null,
      name: "",
      description: "",
      ideaIds: [],
      voterIds: [],
      teamIds: [],
      deadline: defaultDeadline(),
      showOthers: false,
    },
    validate: {
      productId: (v) => (v ? null : "Choose a product"),
      name: required("A name"),
      ideaIds: (v) => (v.length ? null : "Pick at least one idea"),
      voterIds: (v, values) =>
        v.length + values.teamIds.length ? null : "Choose at least one voter or team",
      deadline: validDeadline,
    },
  });

  // People may have joined since the pickers last loaded (the form mounts on each opening).
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: wsKey(wid, "members") });
    void qc.invalidateQueries({ queryKey: wsKey(wid, "teams") });
    void qc.invalidateQueries({ queryKey: wsKey(wid, "products", "all") });
  }, [qc, wid]);

  const productId = form.values.productId;
  const ideas = useProductIdeas(wid, productId, debouncedSearch);

  useEffect(() => {
    const items = ideas.data?.items;
    if (!items?.length) return;
    setKnown((prev) => {
      let changed = false;
      const next = new Map(prev);
      for (const i of items) {
        const label = `#${i.number} ${i.title}`;
        if (next.get(i.id) !== label) {
          next.set(i.id, label);
          changed = true;
        }
      }
      return changed ? next : prev;
    });
  }, [ideas.data]);

  const ideaOptions = useMemo(() => {
    const ids = new Set<string>(form.values.ideaIds);
    for (const i of ideas.data?.items ?? []) ids.add(i.id);
    return [...ids].map((id) => ({ value: id, label: known.get(id) ?? "…" }));
  }, [ideas.data, known, form.values.ideaIds]);

  const addTop = async () => {
    if (!productId) return;
    const n = Math.max(1, Math.min(500, Number(topN) || 10));
    setAddingTop(true);
    try {
      const qs = new URLSearchParams({ sort: "rank", limit: String(n) });
      for (const s of CANDIDATE_STATUSES) qs.append("status", s);
      const page = await api.get<IdeaPage>(`/workspaces/${wid}/products/${productId}/ideas?${qs}`);
      setKnown((prev) => {
        const next = new Map(prev);
        for (const i of page.items) next.set(i.id, `#${i.number} ${i.title}`);
        return next;
      });
      const merged = new Set(form.values.ideaIds);
      for (const i of page.items) merged.add(i.id);
      form.setFieldValue("ideaIds", [...merged]);
      if (page.items.length === 0) setFormError("This product has no open ideas yet.");
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setAddingTop(false);
    }
  };

  const submit = (v: Values) => {
    setFormError(null);
    create.mutate(
      {
        productId: v.productId!,
        name: v.name.trim(),
        description: v.description,
        ideaIds: v.ideaIds,
        voterIds: v.voterIds,
        teamIds: v.teamIds,
        deadline: new Date(v.deadline).toISOString(),
        showOthers: v.showOthers,
      },
      {
        onSuccess: (r) => {
          notifySuccess(`${r.name} is open for votes until ${formatDateTime(r.deadline)}.`, "Round opened");
          onClose();
          navigate(roundPath(wid, r.id));
        },
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  };

  const productOptions = (products.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const memberOptions = (members.data ?? []).map((m) => ({ value: m.userId, label: m.name }));
  const teamOptions = teams.items.map((t) => ({
    value: t.id,
    label: `${t.name} (${t.members.length})`,
  }));

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        <FormError error={formError} />
        <Select
          label="Product"
          required
          placeholder={products.isPending ? "Loading products…" : "Choose a product"}
          data={productOptions}
          searchable
          nothingFoundMessage="No product with that name"
          {...form.getInputProps("productId")}
          onChange={(v) => {
            form.setFieldValue("productId", v);
            form.setFieldValue("ideaIds", []);
          }}
        />
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Q3 planning"
          {...form.getInputProps("name")}
        />
        <Textarea
          label="Description"
          placeholder="What the votes will decide, and anything voters should know"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps("description")}
        />
        <Stack gap={6}>
          <MultiSelect
            label="Ideas to score"
            required
            placeholder={productId ? "Search the backlog…" : "Choose a product first"}
            disabled={!productId}
            data={ideaOptions}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={ideas.isFetching ? "Searching…" : "No idea matches"}
            hidePickedOptions
            maxDropdownHeight={260}
            {...form.getInputProps("ideaIds")}
          />
          <Group gap="xs" align="flex-end">
            <NumberInput
              aria-label="How many of the top ideas"
              value={topN}
              onChange={setTopN}
              min={1}
              max={500}
              w={90}
              size="xs"
              disabled={!productId}
            />
            <Button
              size="xs"
              variant="light"
              leftSection={<IconListNumbers size={14} />}
              onClick={addTop}
              loading={addingTop}
              disabled={!productId}
            >
              Add the top {Number(topN) || 10} of the backlog
            </Button>
            <Text size="xs" c="dimmed">
              {form.values.ideaIds.length} chosen
            </Text>
          </Group>
        </Stack>
        <Group grow align="flex-start">
          <MultiSelect
            label="Voters"
            placeholder={members.isPending ? "Loading members…" : "Pick people"}
            data={memberOptions}
            searchable
            nothingFoundMessage="No member with that name"
            {...form.getInputProps("voterIds")}
          />
          <MultiSelect
            label="Whole teams"
            placeholder={teams.isPending ? "Loading teams…" : "Pick teams"}
            description="Every member of the team votes"
            data={teamOptions}
            searchable
            nothingFoundMessage="No team with that name"
            {...form.getInputProps("teamIds")}
          />
        </Group>
        <TextInput
          type="datetime-local"
          label="Deadline"
          required
          description={`Your time zone: ${browserTimeZone()}`}
          {...form.getInputProps("deadline")}
        />
        <Switch
          label="Voters see each other's ratings"
          description="Ratings and results are shown to voters while the round is open"
          {...form.getInputProps("showOthers", { type: "checkbox" })}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Open round
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

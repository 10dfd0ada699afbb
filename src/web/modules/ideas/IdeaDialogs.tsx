import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle, IconGitMerge } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useIdeasPage, useMergeIdea, usePinIdea } from "./hooks.ts";
import { ideaPaths } from "./paths.ts";
import type { Idea } from "./types.ts";

/** Fix an idea at a rank whatever its score, with the reason everyone will see. */
export function PinModal({ idea, opened, onClose }: { idea: Idea; opened: boolean; onClose: () => void }) {
  const { workspaceId } = useWorkspace();
  const pin = usePinIdea(workspaceId, idea.id);
  const [rank, setRank] = useState<number | string>(idea.pinnedRank ?? idea.rank ?? 1);
  const [reason, setReason] = useState(idea.pinReason ?? "");
  const [errors, setErrors] = useState<{ rank?: string; reason?: string; form?: string }>({});

  useEffect(() => {
    if (!opened) return;
    setRank(idea.pinnedRank ?? idea.rank ?? 1);
    setReason(idea.pinReason ?? "");
    setErrors({});
  }, [opened, idea.pinnedRank, idea.rank, idea.pinReason]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const r = typeof rank === "number" ? rank : Number(rank);
    const next: typeof errors = {};
    if (!Number.isInteger(r) || r < 1) next.rank = "A rank is a whole number from 1";
    if (reason.trim().length < 3) next.reason = "Say why the rank is pinned";
    setErrors(next);
    if (next.rank || next.reason) return;
    pin.mutate(
      { rank: r, reason: reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(`#${idea.number} is pinned at rank ${r}.`, "Rank pinned");
          onClose();
        },
        onError: (err) => setErrors({ form: errorMessage(err) }),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Pin #${idea.number} at a rank`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            A pinned idea keeps its rank whatever its score, for instance a commitment to a customer or a
            legal deadline. The reason shows next to the pin in the backlog.
          </Text>
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {errors.form}
            </Alert>
          ) : null}
          <NumberInput
            label="Rank"
            min={1}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            value={rank}
            onChange={setRank}
            error={errors.rank}
            data-autofocus
            w={140}
          />
          <Textarea
            label="Reason"
            required
            placeholder="e.g. Promised to Acme for the Q3 renewal"
            maxLength={500}
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pin.isPending}>
              Pin rank
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Merge this idea (a duplicate) into another one, found by searching the product's ideas. */
export function MergeModal({ idea, opened, onClose }: { idea: Idea; opened: boolean; onClose: () => void }) {
  const { workspaceId } = useWorkspace();
  const [, navigate] = useLocation();
  const merge = useMergeIdea(workspaceId, idea.id);
  const [search, setSearch] = useState("");
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q] = useDebouncedValue(search.trim(), 250);
  const results = useIdeasPage(
    workspaceId,
    idea.productId,
    { q: q || undefined, sort: q ? "rank" : "updated", dir: q ? "asc" : "desc" },
    20,
    opened,
  );
  const candidates = (results.data?.items ?? []).filter((r) => r.id !== idea.id && r.status !== "merged");
  // Keeps the chosen idea's label when a new search no longer lists it.
  const labels = useRef<Record<string, string>>({});
  for (const c of candidates) labels.current[c.id] = `#${c.number} ${c.title}`;
  const data = candidates.map((c) => ({ value: c.id, label: `#${c.number} ${c.title}` }));
  if (target && !data.some((d) => d.value === target) && labels.current[target]) {
    data.unshift({ value: target, label: labels.current[target]! });
  }

  useEffect(() => {
    if (!opened) return;
    setSearch("");
    setTarget(null);
    setError(null);
  }, [opened]);

  const submit = () => {
    if (!target) return;
    merge.mutate(target, {
      onSuccess: (survivor) => {
        notifySuccess(`#${idea.number} was merged into #${survivor.number} ${survivor.title}.`, "Merged");
        onClose();
        navigate(ideaPaths.idea(workspaceId, survivor.id), { replace: true });
      },
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Merge #${idea.number} into another idea`} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Use this for duplicates. The other idea survives: it gets this one's comments, watchers and votes,
          and #{idea.number} becomes "merged", pointing to it.
        </Text>
        {error ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {error}
          </Alert>
        ) : null}
        <Select
          label="Merge into"
          placeholder="Search by title or text"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={data}
          value={target}
          onChange={setTarget}
          filter={({ options }) => options}
          nothingFoundMessage={results.isFetching ? "Searching…" : "No other idea matches"}
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="orange"
            leftSection={<IconGitMerge size={16} />}
            onClick={submit}
            disabled={!target}
            loading={merge.isPending}
          >
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

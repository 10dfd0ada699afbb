import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import type { CreateKeyResult, KeyResult, Objective } from "../../../shared/roadmap.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { parseAmount } from "./format.ts";
import { useAddKeyResult, useObjectives, useUpdateKeyResult } from "./hooks.ts";

/** A key result being written: numbers stay as typed until sent. */
export interface KrDraft {
  title: string;
  metricName: string;
  unit: string;
  baseline: number | string;
  target: number | string;
  current: number | string;
  dueDate: string;
}

export function emptyKr(dueDate: string): KrDraft {
  return { title: "", metricName: "", unit: "", baseline: "", target: "", current: "", dueDate };
}

export function krDraftFrom(k: KeyResult): KrDraft {
  return {
    title: k.title,
    metricName: k.metricName,
    unit: k.unit,
    baseline: k.baseline,
    target: k.target,
    current: k.current ?? "",
    dueDate: k.dueDate.slice(0, 10),
  };
}

export function isBlankKr(k: KrDraft): boolean {
  return (
    !k.title.trim() &&
    !k.metricName.trim() &&
    parseAmount(k.baseline) === null &&
    parseAmount(k.target) === null &&
    parseAmount(k.current) === null
  );
}

export function krPayload(k: KrDraft): CreateKeyResult {
  return {
    title: k.title.trim(),
    metricName: k.metricName.trim(),
    unit: k.unit.trim(),
    baseline: parseAmount(k.baseline) as number,
    target: parseAmount(k.target) as number,
    current: parseAmount(k.current),
    dueDate: k.dueDate,
  };
}

const numberRule = (what: string, required: boolean) => (v: number | string) => {
  const n = parseAmount(v);
  if (n === null) return required ? `Give the ${what}` : null;
  return Number.isNaN(n) ? "Enter a number" : null;
};

/** Validation of one key result (for useForm's `validate`, also per item of a list). */
export const krRules = {
  title: (v: string) => (v.trim() ? null : "Say what will be true"),
  metricName: (v: string) => (v.trim() ? null : "Name the metric"),
  baseline: numberRule("baseline", true),
  target: (v: number | string, values: unknown, path: string) => {
    const err = numberRule("target", true)(v);
    if (err) return err;
    const base = path.replace(/target$/, "baseline");
    const b = parseAmount(getPath(values, base) as number | string);
    return b !== null && b === parseAmount(v) ? "The target must differ from the baseline" : null;
  },
  current: numberRule("current value", false),
  dueDate: (v: string) => (v ? null : "Set a due date"),
};

function getPath(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

type InputProps = ReturnType<ReturnType<typeof useForm>["getInputProps"]>;
type Field = (name: keyof KrDraft) => InputProps;

/** The inputs of one key result. `titleLabel` differs inside the objective dialog (its own "Title" is there). */
export function KeyResultFields({
  field,
  titleLabel = "Title",
  withCurrent = true,
  autoFocus = false,
}: {
  field: Field;
  titleLabel?: string;
  withCurrent?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <Stack gap="sm">
      <TextInput
        label={titleLabel}
        required
        placeholder="e.g. Weekly active teams reach 400"
        data-autofocus={autoFocus || undefined}
        {...field("title")}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput label="Metric" required placeholder="e.g. Weekly active teams" {...field("metricName")} />
        <TextInput label="Unit" placeholder="e.g. %, teams, $" {...field("unit")} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, xs: withCurrent ? 4 : 3 }} spacing="sm">
        <NumberInput label="Baseline" required hideControls decimalScale={4} {...field("baseline")} />
        {withCurrent ? (
          <NumberInput
            label="Current"
            hideControls
            decimalScale={4}
            placeholder="Not measured"
            {...field("current")}
          />
        ) : null}
        <NumberInput label="Target" required hideControls decimalScale={4} {...field("target")} />
        <TextInput type="date" label="Due date" required {...field("dueDate")} />
      </SimpleGrid>
    </Stack>
  );
}

/** Add a key result to an objective, or edit one. */
export function KeyResultModal({
  objective,
  keyResult,
  opened,
  onClose,
}: {
  objective: Objective | null;
  keyResult: KeyResult | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={keyResult ? "Edit key result" : `Add a key result${objective ? ` to “${objective.title}”` : ""}`}
    >
      <KeyResultDialogForm
        key={`${objective?.id ?? "none"}:${keyResult?.id ?? "new"}`}
        objective={objective}
        keyResult={keyResult}
        onClose={onClose}
      />
    </Modal>
  );
}

function KeyResultDialogForm({
  objective,
  keyResult,
  onClose,
}: {
  objective: Objective | null;
  keyResult: KeyResult | null;
  onClose: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const add = useAddKeyResult(wid);
  const update = useUpdateKeyResult(wid);
  const list = useObjectives(wid, null);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [version, setVersion] = useState(keyResult?.version ?? 0);
  const form = useForm<KrDraft>({
    initialValues: keyResult ? krDraftFrom(keyResult) : emptyKr(objective?.periodEnd.slice(0, 10) ?? ""),
    validate: krRules,
  });

  const submit = (v: KrDraft) => {
    if (!objective) return;
    setFormError(null);
    const onError = (err: unknown) => {
      if (err instanceof ApiError && err.isStale) setStale(true);
      else setFormError(applyApiError(form, err));
    };
    if (keyResult) {
      update.mutate(
        { id: keyResult.id, version, ...krPayload(v) },
        {
          onSuccess: () => {
            notifySuccess("Key result saved.");
            onClose();
          },
          onError,
        },
      );
    } else {
      add.mutate(
        { objectiveId: objective.id, ...krPayload(v) },
        {
          onSuccess: () => {
            notifySuccess(`Added to “${objective.title}”.`, "Key result added");
            onClose();
          },
          onError,
        },
      );
    }
  };

  const reload = async () => {
    const res = await list.refetch();
    const fresh = res.data
      ?.find((o) => o.id === objective?.id)
      ?.keyResults.find((k) => k.id === keyResult?.id);
    if (fresh) {
      form.setValues(krDraftFrom(fresh));
      setVersion(fresh.version);
    }
    setStale(false);
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="key result" onReload={reload} reloading={list.isFetching} /> : null}
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <KeyResultFields field={(n) => form.getInputProps(n)} autoFocus />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending || update.isPending}>
            {keyResult ? "Save key result" : "Add key result"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

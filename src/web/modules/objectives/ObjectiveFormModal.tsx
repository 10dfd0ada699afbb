import {
  ActionIcon,
  Alert,
  Button,
  Divider,
  Group,
  Input,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { OBJECTIVE_STATUSES, type ObjectiveStatus } from "../../../shared/enums.ts";
import type { Objective } from "../../../shared/roadmap.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers } from "../people/hooks.ts";
import { useAllProducts } from "../rounds/hooks.ts";
import { currentQuarter, IMPORTANCE_LABELS, OBJECTIVE_STATUS_LABELS } from "./format.ts";
import { useCreateObjective, useObjectives, useUpdateObjective } from "./hooks.ts";
import { emptyKr, isBlankKr, KeyResultFields, type KrDraft, krPayload, krRules } from "./KeyResultForm.tsx";

const COMPANY = "company";

type Rule = (value: never, values: Values, path: string) => string | null;
/** The key-result rules, except on rows left entirely empty (skipped on save). */
function skipBlankRows(rules: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(rules).map(([k, rule]) => [
      k,
      (value: never, values: Values, path: string) => {
        const row = values.keyResults[Number(path.split(".")[1])];
        return row && isBlankKr(row) ? null : (rule as Rule)(value, values, path);
      },
    ]),
  );
}

interface Values {
  title: string;
  description: string;
  productId: string; // COMPANY or a product id
  ownerId: string | null;
  periodStart: string;
  periodEnd: string;
  importance: string;
  status: ObjectiveStatus;
  keyResults: KrDraft[];
}

function valuesFrom(o: Objective): Values {
  return {
    title: o.title,
    description: o.description,
    productId: o.productId ?? COMPANY,
    ownerId: o.ownerId,
    periodStart: o.periodStart.slice(0, 10),
    periodEnd: o.periodEnd.slice(0, 10),
    importance: String(o.importance),
    status: o.status,
    keyResults: [],
  };
}

function emptyValues(productId: string | null, ownerId: string): Values {
  const [start, end] = currentQuarter();
  return {
    title: "",
    description: "",
    productId: productId ?? COMPANY,
    ownerId,
    periodStart: start,
    periodEnd: end,
    importance: "3",
    status: "active",
    keyResults: [emptyKr(end)],
  };
}

/** Create an objective (with its first key results) or edit one (key results are edited on the card). */
export function ObjectiveFormModal({
  opened,
  onClose,
  objective,
  initialProductId,
}: {
  opened: boolean;
  onClose: () => void;
  objective: Objective | null;
  initialProductId?: string | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} size="xl" title={objective ? "Edit objective" : "New objective"}>
      <ObjectiveForm
        key={objective?.id ?? "new"}
        onClose={onClose}
        objective={objective}
        initialProductId={initialProductId}
      />
    </Modal>
  );
}

function ObjectiveForm({
  onClose,
  objective,
  initialProductId,
}: {
  onClose: () => void;
  objective: Objective | null;
  initialProductId?: string | null;
}) {
  const { workspaceId: wid, user } = useWorkspace();
  const products = useAllProducts(wid);
  const members = useAllMembers(wid);
  const list = useObjectives(wid, null);
  const create = useCreateObjective(wid);
  const update = useUpdateObjective(wid);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [version, setVersion] = useState(objective?.version ?? 0);
  const editing = Boolean(objective);

  const form = useForm<Values>({
    initialValues: objective ? valuesFrom(objective) : emptyValues(initialProductId ?? null, user.id),
    validate: {
      title: (v) => (v.trim() ? null : "Give it a title"),
      periodStart: (v) => (v ? null : "Set the start"),
      periodEnd: (v, values) =>
        !v
          ? "Set the end"
          : values.periodStart && v < values.periodStart
            ? "The period ends before it starts"
            : null,
      keyResults: skipBlankRows(krRules),
    },
  });

  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.isStale) setStale(true);
    else setFormError(applyApiError(form, err));
  };

  const submit = (v: Values) => {
    setFormError(null);
    // Rows left entirely empty are skipped; drop them so the API's errors point at the right rows.
    const rows = v.keyResults.filter((k) => !isBlankKr(k));
    if (rows.length !== v.keyResults.length) form.setFieldValue("keyResults", rows);
    const fields = {
      title: v.title.trim(),
      description: v.description,
      productId: v.productId === COMPANY ? null : v.productId,
      ownerId: v.ownerId,
      periodStart: v.periodStart,
      periodEnd: v.periodEnd,
      importance: Number(v.importance),
      status: v.status,
    };
    if (objective) {
      update.mutate(
        { id: objective.id, version, ...fields },
        {
          onSuccess: () => {
            notifySuccess("Objective saved.");
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { ...fields, keyResults: rows.map(krPayload) },
        {
          onSuccess: (o) => {
            notifySuccess(`“${o.title}” is set.`, "Objective created");
            onClose();
          },
          onError,
        },
      );
    }
  };

  const reload = async () => {
    const res = await list.refetch();
    const fresh = res.data?.find((o) => o.id === objective?.id);
    if (fresh) {
      form.setValues(valuesFrom(fresh));
      setVersion(fresh.version);
    }
    setStale(false);
  };

  const productOptions = [
    { value: COMPANY, label: "Company-wide (every product)" },
    ...(products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];
  const memberOptions = (members.data ?? []).map((m) => ({ value: m.userId, label: m.name }));
  const krs = form.values.keyResults;

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="objective" onReload={reload} reloading={list.isFetching} /> : null}
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <TextInput
          label="Title"
          required
          data-autofocus
          placeholder="e.g. Become the tool mid-size teams plan with"
          {...form.getInputProps("title")}
        />
        <Textarea
          label="Description"
          placeholder="Why it matters, and what success looks like"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps("description")}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Product"
            description="Company objectives apply to every product"
            data={productOptions}
            searchable
            allowDeselect={false}
            nothingFoundMessage="No product with that name"
            {...form.getInputProps("productId")}
          />
          <Select
            label="Owner"
            description="Who answers for it"
            placeholder={members.isPending ? "Loading members…" : "Nobody yet"}
            data={memberOptions}
            searchable
            clearable
            nothingFoundMessage="No member with that name"
            {...form.getInputProps("ownerId")}
          />
          <TextInput type="date" label="Period start" required {...form.getInputProps("periodStart")} />
          <TextInput type="date" label="Period end" required {...form.getInputProps("periodEnd")} />
        </SimpleGrid>
        <Group align="flex-start" gap="xl" wrap="wrap">
          <Input.Wrapper
            label="Importance"
            description={`${form.values.importance} — ${IMPORTANCE_LABELS[Number(form.values.importance)]}`}
            id="objective-importance"
          >
            <SegmentedControl
              mt={6}
              aria-labelledby="objective-importance-label"
              data={["1", "2", "3", "4", "5"]}
              {...form.getInputProps("importance")}
            />
          </Input.Wrapper>
          <Select
            label="Status"
            w={200}
            allowDeselect={false}
            data={OBJECTIVE_STATUSES.map((s) => ({ value: s, label: OBJECTIVE_STATUS_LABELS[s] }))}
            {...form.getInputProps("status")}
          />
        </Group>
        {editing ? null : (
          <>
            <Divider
              label={
                <Text size="sm" fw={600} c="var(--mantine-color-text)">
                  Key results
                </Text>
              }
              labelPosition="left"
            />
            <Text size="sm" c="dimmed" mt={-8}>
              Measurable results that show the objective is met: a metric moving from a baseline to a target
              by a date. Leave a row empty to skip it; add more later on the objective.
            </Text>
            {krs.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
              <Paper key={i} withBorder p="sm" radius="md" pos="relative">
                <Group justify="space-between" mb={4}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                    Key result {i + 1}
                  </Text>
                  <Tooltip label="Remove this key result">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={`Remove row ${i + 1}`}
                      onClick={() => form.removeListItem("keyResults", i)}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
                <KeyResultFields
                  titleLabel="Key result"
                  withCurrent={false}
                  field={(n) => form.getInputProps(`keyResults.${i}.${n}`)}
                />
              </Paper>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                disabled={krs.length >= 20}
                onClick={() => form.insertListItem("keyResults", emptyKr(form.values.periodEnd))}
              >
                {krs.length ? "Add another key result" : "Add a key result"}
              </Button>
            </Group>
          </>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {editing ? "Save objective" : "Create objective"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

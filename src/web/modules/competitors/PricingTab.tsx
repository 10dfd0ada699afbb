import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCurrencyDollar, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { BILLING_PERIOD_LABELS, BILLING_PERIODS, type Period } from "../../../shared/competitors.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, notifyError } from "../../components/feedback.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, ErrorState, FormError } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { type PricingPlan, usePlanMutations, usePlans, usePriceHistory } from "./hooks.ts";
import { formatPrice, priceSeries } from "./pricing.ts";

const PALETTE = ["baton.6", "teal.6", "orange.6", "grape.6", "cyan.6", "red.6", "lime.7", "indigo.6"];
const PERIOD_OPTIONS = BILLING_PERIODS.map((p) => ({ value: p, label: BILLING_PERIOD_LABELS[p] }));

/** Plans with their current price, and the dated history of every price as a chart and a list. */
export function PricingTab({ competitorId }: { competitorId: string }) {
  const { workspaceId: wid, can } = useWorkspace();
  const canWrite = can("competitors.write");
  const plans = usePlans(wid, competitorId);
  const history = usePriceHistory(wid, competitorId);
  const m = usePlanMutations(wid, competitorId);
  const [editing, setEditing] = useState<PricingPlan | "new" | null>(null);
  const series = useMemo(() => priceSeries(history.data?.items ?? []), [history.data]);

  if (plans.isPending) return <Skeleton height={240} radius="md" />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => plans.refetch()} />;
  const remove = (p: PricingPlan) => {
    if (!window.confirm(`Delete the plan "${p.name}" and its price history? Archive it to keep the history.`))
      return;
    m.remove.mutate(p.id, { onError: (e) => notifyError(e) });
  };

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} fz="md">
              Plans
            </Title>
            {canWrite ? (
              <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing("new")}>
                Add plan
              </Button>
            ) : null}
          </Group>
          {plans.data.items.length === 0 ? (
            <EmptyBlock
              size="sm"
              icon={<IconCurrencyDollar size={24} />}
              title="No plans yet"
              description="Add their public plans; every price change is kept with its date. Monitoring adds the prices it reads from a pricing page."
            />
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Plan</Table.Th>
                    <Table.Th>Price</Table.Th>
                    <Table.Th>Unit</Table.Th>
                    <Table.Th>Billing</Table.Th>
                    <Table.Th>Updated</Table.Th>
                    {canWrite ? <Table.Th aria-label="Actions" /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {plans.data.items.map((p) => (
                    <Table.Tr key={p.id} style={p.archived ? { opacity: 0.7 } : undefined}>
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm" fw={500}>
                            {p.name}
                          </Text>
                          {p.archived ? (
                            <Badge size="xs" variant="light" color="gray">
                              Archived
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatPrice(p)}</Table.Td>
                      <Table.Td>{p.unit}</Table.Td>
                      <Table.Td>{BILLING_PERIOD_LABELS[p.billingPeriod]}</Table.Td>
                      <Table.Td>{formatDate(p.updatedAt)}</Table.Td>
                      {canWrite ? (
                        <Table.Td>
                          <Group gap={2} justify="flex-end" wrap="nowrap">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={`Edit ${p.name}`}
                              onClick={() => setEditing(p)}
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Delete ${p.name}`}
                              onClick={() => remove(p)}
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Title order={2} fz="md">
            Price history
          </Title>
          <QueryState
            query={history}
            loading={<Skeleton height={220} />}
            isEmpty={() => series.rows.length === 0}
            empty={
              <Text size="sm" c="dimmed">
                No prices recorded yet.
              </Text>
            }
          >
            {(data) => (
              <>
                <LineChart
                  h={240}
                  data={series.rows}
                  dataKey="day"
                  series={series.plans.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length]! }))}
                  curveType="stepAfter"
                  withLegend
                  connectNulls={false}
                  tickLine="none"
                  yAxisProps={{ width: 56 }}
                  role="img"
                  aria-label="Price of each plan over time"
                />
                <Table.ScrollContainer minWidth={520}>
                  <Table verticalSpacing={4} fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Seen</Table.Th>
                        <Table.Th>Plan</Table.Th>
                        <Table.Th>Price</Table.Th>
                        <Table.Th>From</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {[...(data?.items ?? [])].reverse().map((h) => (
                        <Table.Tr key={h.id}>
                          <Table.Td>{formatDate(h.observedAt)}</Table.Td>
                          <Table.Td>{h.planName}</Table.Td>
                          <Table.Td>
                            {formatPrice(h)} {h.unit !== "flat" ? h.unit : ""}{" "}
                            {BILLING_PERIOD_LABELS[h.billingPeriod]}
                          </Table.Td>
                          <Table.Td>
                            <Badge size="xs" variant="light" color={h.origin === "monitor" ? "blue" : "gray"}>
                              {h.origin === "monitor" ? "Monitoring" : "By hand"}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </QueryState>
        </Stack>
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? "Add a plan" : "Edit plan"}
      >
        {editing !== null ? (
          <PlanForm
            competitorId={competitorId}
            plan={editing === "new" ? undefined : editing}
            onClose={() => setEditing(null)}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

function PlanForm({
  competitorId,
  plan,
  onClose,
}: {
  competitorId: string;
  plan?: PricingPlan;
  onClose: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const m = usePlanMutations(wid, competitorId);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      name: plan?.name ?? "",
      price: (plan?.price ?? "") as number | string,
      notPublic: plan ? plan.price === null : false,
      currency: plan?.currency ?? "USD",
      unit: plan?.unit ?? "flat",
      billingPeriod: (plan?.billingPeriod ?? "month") as string,
      archived: plan?.archived ?? false,
    },
    validate: {
      name: (v) => (v.trim() ? null : "Give the plan a name"),
      currency: (v) => (/^[A-Za-z]{3}$/.test(v.trim()) ? null : "Use a three-letter code like USD"),
      price: (v, all) => (all.notPublic || v !== "" ? null : "Give the price, or tick “Not public”"),
    },
  });
  const submit = form.onSubmit((v) => {
    setError(null);
    const fields = {
      name: v.name.trim(),
      price: v.notPublic ? null : Number(v.price),
      currency: v.currency.trim().toUpperCase(),
      unit: v.unit.trim() || "flat",
      billingPeriod: v.billingPeriod as Period,
    };
    const fail = (err: unknown) =>
      setError(
        err instanceof ApiError && err.isStale
          ? "Someone else changed this plan meanwhile; close and open it again."
          : applyApiError(form, err),
      );
    if (plan)
      m.update.mutate(
        { id: plan.id, version: plan.version, ...fields, archived: v.archived },
        { onSuccess: onClose, onError: fail },
      );
    else m.create.mutate(fields, { onSuccess: onClose, onError: fail });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps("name")} />
        <SimpleGrid cols={2} spacing="sm">
          <NumberInput
            label="Price"
            min={0}
            decimalScale={2}
            disabled={form.values.notPublic}
            {...form.getInputProps("price")}
          />
          <TextInput label="Currency" maxLength={3} {...form.getInputProps("currency")} />
        </SimpleGrid>
        <Checkbox
          label="Not public (contact sales)"
          {...form.getInputProps("notPublic", { type: "checkbox" })}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label="Unit"
            description="per user, per 1,000 events, flat"
            {...form.getInputProps("unit")}
          />
          <Select
            label="Billing"
            data={PERIOD_OPTIONS}
            allowDeselect={false}
            {...form.getInputProps("billingPeriod")}
          />
        </SimpleGrid>
        {plan ? (
          <Checkbox
            label="Archived (no longer offered)"
            {...form.getInputProps("archived", { type: "checkbox" })}
          />
        ) : null}
        <Text size="xs" c="dimmed">
          A new price, currency, unit or billing period is added to the plan's history, dated today.
        </Text>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={m.create.isPending || m.update.isPending}>
            {plan ? "Save" : "Add plan"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

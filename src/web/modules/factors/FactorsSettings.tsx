import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconCheck,
  IconInfoCircle,
  IconPlus,
  IconRestore,
  IconTrash,
} from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import type { FactorDef, FactorSet } from "../../../shared/ideas.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { pluralize } from "../../lib/format.ts";
import { ideaPaths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useProducts } from "../products/hooks.ts";
import type { RecomputeResult } from "./hooks.ts";
import { type FactorInput, useDropOverride, useFactors, usePutFactors } from "./hooks.ts";

interface Draft extends FactorInput {
  key: string;
}

let seq = 0;
const newKey = () => `d${++seq}`;

function draftsFrom(factors: FactorDef[], keepIds: boolean): Draft[] {
  return [...factors]
    .sort((a, b) => a.position - b.position)
    .map((f) => ({
      key: newKey(),
      id: keepIds ? f.id : undefined,
      name: f.name,
      description: f.description,
      weight: f.weight,
      direction: f.direction,
      scaleMin: f.scaleMin,
      scaleMax: f.scaleMax,
      labels: fitLabels(f.labels, f.scaleMin, f.scaleMax),
    }));
}

/** One label box per scale point, keeping what was typed. */
function fitLabels(labels: string[], min: number, max: number): string[] {
  const n = Math.max(0, max - min + 1);
  return Array.from({ length: Math.min(n, 11) }, (_, i) => labels[i] ?? "");
}

function toInput(d: Draft): FactorInput {
  const labels = d.labels.map((l) => l.trim());
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    description: d.description.trim(),
    weight: d.weight,
    direction: d.direction,
    scaleMin: d.scaleMin,
    scaleMax: d.scaleMax,
    labels: labels.every((l) => !l) ? [] : labels,
  };
}

function validate(drafts: Draft[]): Record<string, string> {
  const errs: Record<string, string> = {};
  drafts.forEach((d, i) => {
    if (!d.name.trim()) errs[`factors.${i}.name`] = "Name the factor";
    if (!(d.weight > 0)) errs[`factors.${i}.weight`] = "Weights are positive";
    if (!(d.scaleMax > d.scaleMin)) errs[`factors.${i}.scaleMax`] = "The top must be above the bottom";
    const filled = d.labels.filter((l) => l.trim()).length;
    if (filled > 0 && filled < d.labels.length)
      errs[`factors.${i}.labels`] = "Give one label per scale point, or none";
  });
  if (!drafts.length) errs.factors = "Keep at least one factor";
  return errs;
}

const BLANK: Omit<Draft, "key"> = {
  name: "",
  description: "",
  weight: 1,
  direction: "benefit",
  scaleMin: 1,
  scaleMax: 5,
  labels: ["", "", "", "", ""],
};

/** Settings → Scoring: the workspace's default factors, and per-product overrides. */
export function FactorsSettings() {
  const { workspaceId: wid, can } = useWorkspace();
  const search = new URLSearchParams(useSearch());
  const [location, navigate] = useLocation();
  const productId = search.get("product") || null;
  const products = useProducts(wid);
  const set = useFactors(wid, productId);
  const canWrite = can("factors.write");
  const [recomputed, setRecomputed] = useState<RecomputeResult["recomputed"] | null>(null);

  const productOptions = [
    { value: "", label: "Workspace defaults" },
    ...products.items.map((p) => ({ value: p.id, label: p.name })),
  ];
  const product = products.items.find((p) => p.id === productId);

  const choose = (v: string | null) => {
    setRecomputed(null);
    navigate(v ? `${location}?product=${encodeURIComponent(v)}` : location, { replace: true });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4} maw={640}>
          <Title order={3}>Scoring factors</Title>
          <Text size="sm" c="dimmed">
            Stakeholders rate each idea on these factors in scoring rounds; the weighted scorecard turns the
            ratings into a score from 0 to 100. Every product uses the workspace defaults unless it has its
            own set.
          </Text>
        </Stack>
        <Select
          label="Factors of"
          data={productOptions}
          value={productId ?? ""}
          onChange={choose}
          allowDeselect={false}
          searchable
          w={260}
        />
      </Group>

      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
        <Text size="sm">
          score = 100 × Σ (weight × normalized mean) ÷ Σ weight. A mean is normalized to 0–1 along its scale.{" "}
          <b>Cost factors are inverted</b> (1 − normalized): a high "technical effort" rating lowers the
          score, a high "customer happiness" rating raises it. Factors nobody rated are left out.
        </Text>
      </Alert>

      {recomputed ? (
        <Alert
          variant="light"
          color="teal"
          icon={<IconCheck size={18} />}
          withCloseButton
          onClose={() => setRecomputed(null)}
        >
          Recomputed {pluralize(recomputed.ideas, "idea")} in {Math.round(recomputed.ms).toLocaleString()} ms.
        </Alert>
      ) : null}

      <QueryState
        query={set}
        loading={
          <Stack gap="sm">
            <Skeleton height={120} radius="lg" />
            <Skeleton height={120} radius="lg" />
          </Stack>
        }
      >
        {(data) => (
          <FactorSetEditor
            key={`${productId ?? "ws"}:${data.scope}`}
            set={data}
            productId={productId}
            productName={product?.name ?? "this product"}
            canWrite={canWrite}
            onSaved={setRecomputed}
          />
        )}
      </QueryState>
    </Stack>
  );
}

function FactorSetEditor({
  set,
  productId,
  productName,
  canWrite,
  onSaved,
}: {
  set: FactorSet;
  productId: string | null;
  productName: string;
  canWrite: boolean;
  onSaved: (r: RecomputeResult["recomputed"]) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const put = usePutFactors(wid);
  const drop = useDropOverride(wid);
  const inherited = productId !== null && set.scope === "workspace";
  const [overriding, setOverriding] = useState(false);
  const initial = useMemo(() => draftsFrom(set.factors, !inherited), [set.factors, inherited]);
  const [drafts, setDrafts] = useState<Draft[]>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const baseline = useRef(JSON.stringify(initial.map(toInput)));

  // New data from the server (after a save, or someone else's) replaces the drafts when nothing is being edited.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the server's set changes
  useEffect(() => {
    const clean = JSON.stringify(drafts.map(toInput)) === baseline.current;
    baseline.current = JSON.stringify(initial.map(toInput));
    if (clean) setDrafts(initial);
  }, [initial]);

  const dirty = JSON.stringify(drafts.map(toInput)) !== baseline.current;
  const editable = canWrite && (!inherited || overriding);
  const sumW = drafts.reduce((a, d) => a + Math.max(0, d.weight), 0);

  const change = (i: number, patch: Partial<Draft>) =>
    setDrafts((ds) =>
      ds.map((d, j) => {
        if (j !== i) return d;
        const next = { ...d, ...patch };
        if (patch.scaleMin !== undefined || patch.scaleMax !== undefined) {
          next.labels = fitLabels(next.labels, next.scaleMin, next.scaleMax);
        }
        return next;
      }),
    );
  const move = (i: number, d: -1 | 1) =>
    setDrafts((ds) => {
      const next = [...ds];
      const [x] = next.splice(i, 1);
      next.splice(i + d, 0, x!);
      return next;
    });

  const save = () => {
    setFormError(null);
    const errs = validate(drafts);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    put.mutate(
      { productId, factors: drafts.map(toInput) },
      {
        onSuccess: (r) => {
          baseline.current = JSON.stringify(drafts.map(toInput));
          setOverriding(false);
          onSaved(r.recomputed);
          notifySuccess(
            `Recomputed ${pluralize(r.recomputed.ideas, "idea")} in ${Math.round(r.recomputed.ms).toLocaleString()} ms.`,
            "Factors saved",
          );
        },
        onError: (err) => {
          if (err instanceof ApiError && Object.keys(err.fields).length) {
            setErrors(err.fields);
            const other = Object.entries(err.fields).filter(([k]) => !/^factors\.\d+\./.test(k));
            setFormError(other.length ? other.map(([, m]) => m).join(". ") : null);
          } else setFormError(errorMessage(err));
        },
      },
    );
  };

  const restoreDefaults = () =>
    confirmAction({
      title: `Use the workspace defaults for ${productName}?`,
      message: (
        <Text size="sm">
          The product's own factors are archived and its ideas are scored on the workspace's factors again.
          Ratings given on the product's factors no longer count.
        </Text>
      ),
      confirmLabel: "Use workspace defaults",
      onConfirm: () =>
        drop.mutate(productId!, {
          onSuccess: () => notifySuccess(`${productName} uses the workspace defaults again.`),
          onError: (err) => notifyError(err, "Could not drop the override"),
        }),
    });

  return (
    <Stack gap="md">
      {productId ? (
        <Surface p="md">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="xs">
              <Badge variant="light" color={inherited ? "gray" : "baton"}>
                {inherited ? "Workspace defaults" : "Own factors"}
              </Badge>
              <Text size="sm">
                {inherited
                  ? overriding
                    ? `Editing a copy of the defaults for ${productName}. Save to make it the product's own set.`
                    : `${productName} uses the workspace's default factors.`
                  : `${productName} has its own factors; the workspace defaults do not apply to it.`}
              </Text>
            </Group>
            {canWrite ? (
              inherited ? (
                overriding ? (
                  <Button
                    variant="default"
                    onClick={() => {
                      setOverriding(false);
                      setDrafts(initial);
                    }}
                  >
                    Cancel override
                  </Button>
                ) : (
                  <Button onClick={() => setOverriding(true)}>Override for this product</Button>
                )
              ) : (
                <Button
                  variant="default"
                  leftSection={<IconRestore size={16} />}
                  onClick={restoreDefaults}
                  loading={drop.isPending}
                >
                  Use workspace defaults
                </Button>
              )
            ) : null}
          </Group>
        </Surface>
      ) : null}

      {!canWrite ? (
        <Text size="sm" c="dimmed">
          Only product managers, admins and owners can change the factors.
        </Text>
      ) : null}

      {formError || errors.factors ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {formError ?? errors.factors}
        </Alert>
      ) : null}

      {editable ? (
        <>
          {drafts.map((d, i) => (
            <FactorCard
              key={d.key}
              d={d}
              index={i}
              count={drafts.length}
              share={sumW > 0 && d.weight > 0 ? d.weight / sumW : 0}
              errors={errors}
              onChange={(p) => change(i, p)}
              onMove={(dir) => move(i, dir)}
              onRemove={() => setDrafts((ds) => ds.filter((_, j) => j !== i))}
            />
          ))}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                setDrafts((ds) => [...ds, { ...BLANK, labels: [...BLANK.labels], key: newKey() }])
              }
              disabled={drafts.length >= 12}
            >
              Add a factor
            </Button>
            <Group gap="sm">
              {dirty ? (
                <Button
                  variant="subtle"
                  color="gray"
                  onClick={() => {
                    setDrafts(initial);
                    setErrors({});
                    setFormError(null);
                  }}
                >
                  Discard changes
                </Button>
              ) : null}
              <Button onClick={save} loading={put.isPending} disabled={!dirty && !(inherited && overriding)}>
                {inherited ? `Save as ${productName}'s factors` : "Save factors"}
              </Button>
            </Group>
          </Group>
          <Text size="xs" c="dimmed">
            Saving recomputes the scores and ranks of every idea that uses these factors. A removed factor is
            archived: its ratings stay in past rounds but no longer count.
          </Text>
        </>
      ) : (
        <ReadOnlyFactors factors={set.factors} />
      )}
      {productId ? (
        <Text size="sm">
          <Link href={ideaPaths.backlog(wid, productId)}>Back to the {productName} backlog</Link>
        </Text>
      ) : null}
    </Stack>
  );
}

function FactorCard({
  d,
  index,
  count,
  share,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  d: Draft;
  index: number;
  count: number;
  share: number;
  errors: Record<string, string>;
  onChange: (p: Partial<Draft>) => void;
  onMove: (dir: -1 | 1) => void;
  onRemove: () => void;
}) {
  const e = (f: string) => errors[`factors.${index}.${f}`];
  const n = (v: number | string, fallback: number) =>
    typeof v === "number" ? v : v === "" ? fallback : Number(v);
  return (
    <Surface p="md">
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={d.name}
            maxLength={80}
            onChange={(ev) => onChange({ name: ev.currentTarget.value })}
            error={e("name")}
            style={{ flex: "1 1 200px" }}
          />
          <NumberInput
            label="Weight"
            description={`${Math.round(share * 100)}% of the score`}
            value={d.weight}
            min={0.1}
            max={1000}
            step={1}
            decimalScale={2}
            allowNegative={false}
            onChange={(v) => onChange({ weight: n(v, 0) })}
            error={e("weight")}
            w={130}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Direction
            </Text>
            <SegmentedControl
              aria-label={`Direction of ${d.name || "the factor"}`}
              data={[
                { value: "benefit", label: "Benefit ↑" },
                { value: "cost", label: "Cost ↓" },
              ]}
              value={d.direction}
              onChange={(v) => onChange({ direction: v as Draft["direction"] })}
              color={d.direction === "cost" ? "orange" : undefined}
            />
            <Text size="xs" c="dimmed">
              {d.direction === "cost" ? "Higher rating, lower score" : "Higher rating, higher score"}
            </Text>
          </Stack>
          <Group gap={2} ml="auto" mt={24}>
            <Tooltip label="Move up">
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => onMove(-1)}
                disabled={index === 0}
                aria-label="Move up"
              >
                <IconArrowUp size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down">
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => onMove(1)}
                disabled={index === count - 1}
                aria-label="Move down"
              >
                <IconArrowDown size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Remove the factor">
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={onRemove}
                disabled={count === 1}
                aria-label="Remove the factor"
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <TextInput
          label="Description"
          placeholder="What voters should think about when rating this"
          value={d.description}
          maxLength={500}
          onChange={(ev) => onChange({ description: ev.currentTarget.value })}
          error={e("description")}
        />
        <Group align="flex-start" gap="sm">
          <NumberInput
            label="Scale from"
            value={d.scaleMin}
            min={0}
            max={9}
            allowDecimal={false}
            allowNegative={false}
            onChange={(v) => onChange({ scaleMin: n(v, 0) })}
            error={e("scaleMin")}
            w={110}
          />
          <NumberInput
            label="to"
            value={d.scaleMax}
            min={1}
            max={10}
            allowDecimal={false}
            allowNegative={false}
            onChange={(v) => onChange({ scaleMax: n(v, 1) })}
            error={e("scaleMax")}
            w={110}
          />
        </Group>
        {d.labels.length ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Labels{" "}
              <Text span size="xs" c="dimmed" fw={400}>
                one per scale point, or none (voters see them on the ballot)
              </Text>
            </Text>
            <SimpleGrid
              cols={{ base: 2, sm: Math.min(d.labels.length, 6) }}
              spacing="xs"
              verticalSpacing="xs"
            >
              {d.labels.map((l, i) => (
                <TextInput
                  // biome-ignore lint/suspicious/noArrayIndexKey: one box per scale point
                  key={i}
                  size="xs"
                  leftSection={
                    <Text size="xs" fw={600}>
                      {d.scaleMin + i}
                    </Text>
                  }
                  aria-label={`Label of ${d.scaleMin + i}`}
                  placeholder={i === 0 ? "e.g. None" : i === d.labels.length - 1 ? "e.g. Huge" : ""}
                  value={l}
                  maxLength={80}
                  onChange={(ev) => {
                    const v = ev.currentTarget.value;
                    onChange({ labels: d.labels.map((x, j) => (j === i ? v : x)) });
                  }}
                />
              ))}
            </SimpleGrid>
            {e("labels") ? (
              <Text size="xs" c="red">
                {e("labels")}
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </Surface>
  );
}

function ReadOnlyFactors({ factors }: { factors: FactorDef[] }) {
  const sumW = factors.reduce((a, f) => a + f.weight, 0);
  return (
    <Surface>
      <Table.ScrollContainer minWidth={640}>
        <Table className="baton-table" verticalSpacing="sm" aria-label="Scoring factors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Factor</Table.Th>
              <Table.Th w={140}>Direction</Table.Th>
              <Table.Th w={110} ta="right">
                Weight
              </Table.Th>
              <Table.Th>Scale</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...factors]
              .sort((a, b) => a.position - b.position)
              .map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {f.name}
                    </Text>
                    {f.description ? (
                      <Text size="xs" c="dimmed">
                        {f.description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={f.direction === "cost" ? "orange" : "teal"}>
                      {f.direction === "cost" ? "Cost ↓" : "Benefit ↑"}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {f.weight}{" "}
                    <Text span size="xs" c="dimmed">
                      ({sumW > 0 ? Math.round((100 * f.weight) / sumW) : 0}%)
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {f.scaleMin}–{f.scaleMax}
                    </Text>
                    {f.labels.length ? (
                      <Text size="xs" c="dimmed">
                        {f.labels.map((l, i) => `${f.scaleMin + i} ${l}`).join(" · ")}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Surface>
  );
}

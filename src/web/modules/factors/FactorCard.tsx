import {
  ActionIcon,
  Badge,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconTrash } from "@tabler/icons-react";
import type { FactorDef } from "../../../shared/ideas.schemas.ts";
import { Surface } from "../../components/Page.tsx";
import { type Draft, KIND_OPTIONS } from "./drafts.ts";

export function FactorCard({
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
        <Select
          label="Kind"
          data={KIND_OPTIONS.map((k) => ({ value: k.value, label: k.label }))}
          value={d.kind}
          allowDeselect={false}
          onChange={(v) => v && onChange({ kind: v as Draft["kind"] })}
          description={KIND_OPTIONS.find((k) => k.value === d.kind)?.help}
          error={e("kind")}
          maw={420}
        />
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

export function ReadOnlyFactors({ factors }: { factors: FactorDef[] }) {
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
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        {f.name}
                      </Text>
                      {f.kind !== "rated" ? (
                        <Tooltip label={KIND_OPTIONS.find((k) => k.value === f.kind)?.help}>
                          <Badge size="sm" variant="light" color="grape">
                            computed
                          </Badge>
                        </Tooltip>
                      ) : null}
                    </Group>
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

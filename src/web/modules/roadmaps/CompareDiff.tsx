import { Badge, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ROADMAP_ITEM_STATUS_LABELS, type RoadmapItemStatus } from "../../../shared/enums.ts";
import type { RoadmapView, VersionDiff } from "../../../shared/roadmap.schemas.ts";
import { formatDate, pluralize } from "../../lib/format.ts";
import { periodLabel } from "./model.ts";

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  problem: "Problem",
  outcome: "Expected outcome",
  description: "Description",
  theme: "Theme",
  status: "Status",
  targetDate: "Target date",
  pinned: "Pinned",
  successMetric: "Success metric",
  successTarget: "Target",
  efforts: "Effort",
  objectiveIds: "Objectives",
  keyResultIds: "Key results",
  ideaIds: "Ideas",
  dependsOn: "Depends on",
};

interface Names {
  team: Map<string, string>;
  objective: Map<string, string>;
  item: Map<string, string>;
}

function show(field: string, v: unknown, names: Names): string {
  if (v === null || v === undefined || v === "") return "—";
  if (field === "status") return ROADMAP_ITEM_STATUS_LABELS[v as RoadmapItemStatus] ?? String(v);
  if (field === "pinned") return v ? "Yes" : "No";
  if (field === "targetDate") return formatDate(String(v));
  if (field === "efforts" && Array.isArray(v))
    return (
      (v as { teamId: string; effort: number }[])
        .map((e) => `${names.team.get(e.teamId) ?? "a team"} ${e.effort}`)
        .join(", ") || "—"
    );
  if (Array.isArray(v)) {
    const map = field === "objectiveIds" ? names.objective : field === "dependsOn" ? names.item : null;
    if (!v.length) return "—";
    return map ? v.map((id) => map.get(String(id)) ?? "(removed)").join(", ") : pluralize(v.length, "link");
  }
  const s = String(v);
  return s.length > 140 ? `${s.slice(0, 140)}…` : s;
}

function Reasons({ reasons }: { reasons: string[] }) {
  if (!reasons.length)
    return (
      <Text size="xs" c="dimmed" fs="italic">
        No reason recorded
      </Text>
    );
  return (
    <List size="xs" spacing={2} c="dimmed">
      {reasons.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: reasons may repeat
        <List.Item key={i}>{r}</List.Item>
      ))}
    </List>
  );
}

function Section({
  title,
  count,
  color,
  children,
}: {
  title: string;
  count: number;
  color: string;
  children: ReactNode;
}) {
  if (!count) return null;
  return (
    <Paper withBorder radius="lg" p="md">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={3} fz="sm">
            {title}
          </Title>
          <Badge color={color} variant="light" size="sm">
            {count}
          </Badge>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** One item of the Moved, Added or Removed table: its title and reasons, then where it sits. */
function DiffRow({
  title,
  reasons,
  struck,
  children,
}: {
  title: string;
  reasons: string[];
  struck?: boolean;
  children: ReactNode;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600} td={struck ? "line-through" : undefined}>
          {title}
        </Text>
        <Reasons reasons={reasons} />
      </Table.Td>
      <Table.Td w={260}>{children}</Table.Td>
    </Table.Tr>
  );
}

/** What changed between two versions (or a version and the current plan), each change with its reasons. */
export function CompareDiff({ diff, view }: { diff: VersionDiff; view: RoadmapView }) {
  const frame = view.roadmap;
  const names: Names = {
    team: new Map(view.teams.map((t) => [t.id, t.name])),
    objective: new Map(view.objectives.map((o) => [o.id, o.title])),
    item: new Map(view.items.map((i) => [i.id, i.title])),
  };
  const total = diff.added.length + diff.removed.length + diff.moved.length + diff.changed.length;
  return (
    <Stack gap="md" aria-label="Comparison">
      <Text size="sm" c="dimmed">
        {total === 0
          ? `No difference: ${pluralize(diff.unchanged, "item")} unchanged.`
          : `${diff.moved.length} moved · ${diff.added.length} added · ${diff.removed.length} removed · ${diff.changed.length} changed · ${diff.unchanged} unchanged`}
      </Text>
      <Section title="Moved" count={diff.moved.length} color="baton">
        <Table verticalSpacing={6}>
          <Table.Tbody>
            {diff.moved.map((m) => (
              <DiffRow key={m.id} title={m.title} reasons={m.reasons}>
                <PeriodMove frame={frame} from={m.from} to={m.to} />
              </DiffRow>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="Added" count={diff.added.length} color="teal">
        <Table verticalSpacing={6}>
          <Table.Tbody>
            {diff.added.map((a) => (
              <DiffRow key={a.id} title={a.title} reasons={a.reasons}>
                <Text size="sm">{periodLabel(frame, a.period)}</Text>
              </DiffRow>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="Removed" count={diff.removed.length} color="red">
        <Table verticalSpacing={6}>
          <Table.Tbody>
            {diff.removed.map((r) => (
              <DiffRow key={r.id} title={r.title} reasons={r.reasons} struck>
                <Text size="sm" c="dimmed">
                  was {periodLabel(frame, r.period)}
                </Text>
              </DiffRow>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="Changed" count={diff.changed.length} color="grape">
        <Stack gap="sm">
          {diff.changed.map((c) => (
            <Stack key={c.id} gap={4}>
              <Text size="sm" fw={600}>
                {c.title}
              </Text>
              <Table verticalSpacing={4} withRowBorders={false}>
                <Table.Tbody>
                  {c.fields.map((f) => (
                    <Table.Tr key={f.field}>
                      <Table.Td w={150}>
                        <Text size="xs" c="dimmed">
                          {FIELD_LABELS[f.field] ?? f.field}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          <Text size="xs" c="dimmed" td="line-through" style={{ overflowWrap: "anywhere" }}>
                            {show(f.field, f.before, names)}
                          </Text>
                          <IconArrowRight size={12} style={{ flexShrink: 0, marginTop: 2 }} />
                          <Text size="xs" style={{ overflowWrap: "anywhere" }}>
                            {show(f.field, f.after, names)}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Reasons reasons={c.reasons} />
            </Stack>
          ))}
        </Stack>
      </Section>
    </Stack>
  );
}

/** "Q1 2027 → Q2 2027": where an item was and where it goes. */
export function PeriodMove({
  frame,
  from,
  to,
}: {
  frame: Parameters<typeof periodLabel>[0];
  from: string | null;
  to: string | null;
}) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c="dimmed">
        {periodLabel(frame, from)}
      </Text>
      <IconArrowRight size={13} />
      <Text size="sm" fw={600}>
        {periodLabel(frame, to)}
      </Text>
    </Group>
  );
}

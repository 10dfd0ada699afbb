import { Alert, Badge, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowRight, IconInfoCircle } from "@tabler/icons-react";
import type { PlanMove, PlanProposal, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { pluralize } from "../../lib/format.ts";
import { PeriodMove } from "./CompareDiff.tsx";
import { formatValue } from "./ItemCard.tsx";

const GROUPS: { change: PlanMove["change"]; title: string; color: string; hint: string }[] = [
  { change: "added", title: "Added", color: "teal", hint: "Planned in a period for the first time" },
  { change: "moved", title: "Moved", color: "baton", hint: "Planned in another period" },
  { change: "dropped", title: "Dropped", color: "red", hint: "Taken off the plan (back to Unplanned)" },
];

function solverLabel(s: PlanProposal["solver"]): { label: string; color: string } {
  switch (s.status) {
    case "optimal":
      return { label: "Optimal", color: "teal" };
    case "feasible":
      return {
        label: s.gap !== null ? `Within ${formatPct(s.gap)} of optimal` : "Feasible (time limit reached)",
        color: "yellow",
      };
    case "greedy":
      return { label: "Greedy fallback", color: "orange" };
    case "infeasible":
      return { label: "No feasible plan", color: "red" };
  }
}

function formatPct(gap: number): string {
  const pct = gap * 100;
  return `${pct < 0.1 ? pct.toFixed(2) : pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** A planner proposal: how good it is, what it gains, and every move with its reason, to accept or not. */
export function ProposalView({
  view,
  proposal: p,
  selected,
  onSelect,
}: {
  view: RoadmapView;
  proposal: PlanProposal;
  selected: Set<string>;
  onSelect: (s: Set<string>) => void;
}) {
  const status = solverLabel(p.solver);
  const gain = p.valueAfter - p.valueBefore;
  const weighted = p.moves.some((m) => m.weight !== 1);
  const frame = view.roadmap;
  const toggle = (ids: string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onSelect(next);
  };
  const allIds = p.moves.map((m) => m.itemId);
  const allOn = allIds.length > 0 && allIds.every((id) => selected.has(id));

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Paper withBorder radius="md" p="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Solver
          </Text>
          <Badge color={status.color} variant="light" size="lg" mt={4}>
            {status.label}
          </Badge>
          <Text size="xs" c="dimmed" mt={4}>
            {p.solver.method === "milp" ? "Mixed-integer program" : "Greedy"} ·{" "}
            {(p.solver.elapsedMs / 1000).toFixed(1)} s · {pluralize(p.candidates, "candidate")}
          </Text>
        </Paper>
        <Paper withBorder radius="md" p="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Planned value{weighted ? " (× objective importance)" : ""}
          </Text>
          <Group gap={6} mt={4} align="baseline">
            <Text fw={700} size="lg">
              {formatValue(p.valueBefore)}
            </Text>
            <IconArrowRight size={14} />
            <Text fw={700} size="lg" c={gain > 0 ? "teal" : undefined}>
              {formatValue(p.valueAfter)}
            </Text>
          </Group>
          <Text size="xs" c={gain > 0 ? "teal" : "dimmed"}>
            {gain > 0 ? `+${formatValue(gain)}` : gain < 0 ? formatValue(gain) : "no change"}
          </Text>
        </Paper>
        <Paper withBorder radius="md" p="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Changes
          </Text>
          <Text fw={700} size="lg" mt={4}>
            {pluralize(p.moves.length, "move")}
          </Text>
          <Text size="xs" c="dimmed">
            {GROUPS.map(
              (g) => `${p.moves.filter((m) => m.change === g.change).length} ${g.title.toLowerCase()}`,
            ).join(" · ")}
          </Text>
        </Paper>
      </SimpleGrid>

      {p.solver.message ? (
        <Alert
          color={p.solver.status === "optimal" ? "blue" : p.solver.status === "infeasible" ? "red" : "orange"}
          variant="light"
          icon={<IconInfoCircle size={18} />}
        >
          {p.solver.message}
        </Alert>
      ) : null}

      {p.moves.length === 0 ? (
        <Text size="sm" c="dimmed">
          The roadmap already is the best plan the planner found: nothing to change.
        </Text>
      ) : (
        <>
          <Checkbox
            label={allOn ? "All moves selected" : "Select every move"}
            checked={allOn}
            indeterminate={!allOn && selected.size > 0}
            onChange={() => toggle(allIds, !allOn)}
          />
          {GROUPS.map((g) => {
            const moves = p.moves.filter((m) => m.change === g.change);
            if (!moves.length) return null;
            const ids = moves.map((m) => m.itemId);
            const on = ids.every((id) => selected.has(id));
            return (
              <Stack key={g.change} gap={6}>
                <Group gap="sm">
                  <Checkbox
                    aria-label={`Select every ${g.title.toLowerCase()} item`}
                    checked={on}
                    indeterminate={!on && ids.some((id) => selected.has(id))}
                    onChange={() => toggle(ids, !on)}
                  />
                  <Title order={3} fz="sm">
                    {g.title}{" "}
                    <Badge color={g.color} variant="light" size="sm">
                      {moves.length}
                    </Badge>
                  </Title>
                  <Text size="xs" c="dimmed">
                    {g.hint}
                  </Text>
                </Group>
                <Table verticalSpacing={6} withRowBorders>
                  <Table.Tbody>
                    {moves.map((m) => (
                      <Table.Tr key={m.itemId}>
                        <Table.Td w={36}>
                          <Checkbox
                            aria-label={`Accept: ${m.title}`}
                            checked={selected.has(m.itemId)}
                            onChange={(e) => toggle([m.itemId], e.currentTarget.checked)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {m.title}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {m.reason}
                          </Text>
                        </Table.Td>
                        <Table.Td w={230}>
                          <PeriodMove frame={frame} from={m.from} to={m.to} />
                        </Table.Td>
                        <Table.Td w={70} ta="right">
                          <Text size="sm" title={m.weight !== 1 ? `× importance ${m.weight}` : undefined}>
                            {formatValue(m.value)}
                            {m.weight !== 1 ? ` ×${m.weight}` : ""}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            );
          })}
        </>
      )}
    </Stack>
  );
}

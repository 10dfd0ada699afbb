import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconUsersGroup } from "@tabler/icons-react";
import { useMemo, useRef, useState } from "react";
import type { LoadCell, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { unitLabel } from "../../../shared/roadmap.ts";
import { Surface } from "../../components/Page.tsx";
import { EmptyBlock } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { HoverTip } from "./HoverTip.tsx";
import { formatValue } from "./ItemCard.tsx";
import classes from "./roadmap.module.css";
import { SmartChips } from "./smart.tsx";
import { loadLevel } from "./Timeline.tsx";

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Team × period heat map of load against capacity (every roadmap's planned work counts): green under 85 %,
 * orange from 85 %, red from 100 %. A cell lists this roadmap's items that load it.
 */
export function CapacityView({ view, onOpen }: { view: RoadmapView; onOpen: (id: string) => void }) {
  const [selected, setSelected] = useState<{ teamId: string; period: string } | null>(null);
  const drillRef = useRef<HTMLDivElement>(null);
  const cells = useMemo(() => {
    const m = new Map<string, LoadCell>();
    for (const c of view.load) m.set(`${c.teamId}|${c.period}`, c);
    return m;
  }, [view.load]);
  const unit = unitLabel(view.unit);
  const current = selected ? cells.get(`${selected.teamId}|${selected.period}`) : undefined;
  const byId = useMemo(() => new Map(view.items.map((i) => [i.id, i])), [view.items]);

  if (view.teams.length === 0)
    return (
      <Surface>
        <EmptyBlock
          icon={<IconUsersGroup size={26} />}
          title="No teams yet"
          description="Capacity comes from teams and their members. Add teams under People, then set their capacity."
        />
      </Surface>
    );

  const team = view.teams.find((t) => t.id === selected?.teamId);
  const period = view.periods.find((p) => p.key === selected?.period);

  return (
    <Stack gap="md">
      <Surface p="sm">
        <Table.ScrollContainer minWidth={200 + view.periods.length * 110}>
          <table className={classes.heat} aria-label="Load by team and period">
            <thead>
              <tr>
                <th scope="col">Team</th>
                {view.periods.map((p) => (
                  <th key={p.key} scope="col">
                    {p.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.teams.map((t) => (
                <tr key={t.id}>
                  <th scope="row" style={{ color: "var(--mantine-color-text)" }}>
                    {t.name}
                  </th>
                  {view.periods.map((p) => {
                    const c = cells.get(`${t.id}|${p.key}`);
                    if (!c) return <td key={p.key} />;
                    const level = loadLevel(c);
                    const pct = c.capacity > 0 ? Math.round((c.load / c.capacity) * 100) : null;
                    const isSel = selected?.teamId === t.id && selected.period === p.key;
                    return (
                      <td key={p.key}>
                        <button
                          type="button"
                          className={classes.heatCell}
                          data-level={c.load === 0 && c.capacity === 0 ? "empty" : level}
                          data-selected={isSel || undefined}
                          aria-pressed={isSel}
                          aria-label={`${t.name}, ${p.label}: ${pct === null ? "no capacity" : `${pct}%`}, ${r1(c.load)} of ${r1(c.capacity)} ${unit}`}
                          onClick={() => setSelected(isSel ? null : { teamId: t.id, period: p.key })}
                        >
                          <span className={classes.heatPct}>
                            {pct === null ? (c.load > 0 ? "∞" : "—") : `${pct}%`}
                          </span>
                          <span className={classes.heatSub}>
                            {r1(c.load)} / {r1(c.capacity)}
                          </span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </Table.ScrollContainer>
        <Group gap="md" px={6} pt={6}>
          <Text size="xs" c="dimmed">
            Load / capacity in {unit}, counting everything planned for the team across roadmaps.
          </Text>
          <Group gap={6}>
            <Badge color="teal" variant="light" size="sm">
              under 85%
            </Badge>
            <Badge color="orange" variant="light" size="sm">
              85–100%
            </Badge>
            <Badge color="red" variant="light" size="sm">
              over 100%
            </Badge>
          </Group>
        </Group>
      </Surface>

      {current && team && period ? (
        <Paper withBorder radius="lg" p="md" ref={drillRef}>
          <HoverTip containerRef={drillRef} />
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} fz="md">
                {team.name} · {period.label}
              </Title>
              <Text size="sm" c="dimmed">
                {r1(current.load)} of {r1(current.capacity)} {unit} ·{" "}
                {pluralize(current.itemIds.length, "item")} of this roadmap
              </Text>
            </Group>
            {current.itemIds.length === 0 ? (
              <Text size="sm" c="dimmed">
                No item of this roadmap needs {team.name} in {period.label}
                {current.load > 0 ? "; the load comes from other roadmaps." : "."}
              </Text>
            ) : (
              <Table highlightOnHover verticalSpacing={6}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Item</Table.Th>
                    <Table.Th w={130} ta="right">
                      {team.name} effort
                    </Table.Th>
                    <Table.Th w={90} ta="right">
                      Value
                    </Table.Th>
                    <Table.Th w={120}>SMART</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {current.itemIds.map((id) => {
                    const it = byId.get(id);
                    if (!it) return null;
                    return (
                      <Table.Tr key={id}>
                        <Table.Td>
                          <Anchor
                            component="button"
                            type="button"
                            fw={600}
                            size="sm"
                            onClick={() => onOpen(id)}
                          >
                            {it.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">
                          {it.efforts.find((e) => e.teamId === team.id)?.effort ?? 0}
                        </Table.Td>
                        <Table.Td ta="right">{formatValue(it.value)}</Table.Td>
                        <Table.Td>
                          <SmartChips smart={it.smart} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          Select a cell to see the items that load it.
        </Text>
      )}
    </Stack>
  );
}

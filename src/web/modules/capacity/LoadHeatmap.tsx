import {
  Alert,
  Anchor,
  Button,
  Drawer,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconAlertTriangle, IconRoute } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { holidayNote, holidayPct } from "../../../shared/holidays.ts";
import type { CapacityGrid as Grid } from "../../../shared/roadmap.schemas.ts";
import { unitLabel } from "../../../shared/roadmap.ts";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { monthLabel, num } from "../objectives/format.ts";
import classes from "./capacity.module.css";
import { type Cell, fte, levelOf, sum, type Team, utilisationLabel } from "./capacity-model.ts";
import { MonthsHead } from "./parts.tsx";
import { capacityPaths } from "./paths.ts";

const LEGEND = [
  { level: "low", label: "under 50%" },
  { level: "mid", label: "50–85%" },
  { level: "high", label: "85–100%" },
  { level: "over", label: "100% and over" },
] as const;

/** Load planned across the roadmaps against capacity, per team and month; a cell opens its details. */
export function LoadHeatmap({ grid }: { grid: Grid }) {
  const [open, setOpen] = useState<{ team: Team; cell: Cell } | null>(null);
  const unit = unitLabel(grid.unit);
  const over = grid.teams.flatMap((t) => t.cells.filter((c) => levelOf(c.load, c.capacity) === "over"));

  return (
    <Stack gap="sm">
      {over.length ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Over-allocated">
          {over.length === 1 ? "One team-month has" : `${over.length} team-months have`} more work planned
          than capacity. Move items to later periods, cut scope, or add capacity.
        </Alert>
      ) : null}
      <Paper className="baton-surface" p={0}>
        <div className={classes.scroll}>
          <table className={classes.grid} aria-label={`Load against capacity per team and month, in ${unit}`}>
            <MonthsHead months={grid.months} last="Window" />
            <tbody>
              {grid.teams.map((t) => {
                const load = sum(t.cells.map((c) => c.load));
                const cap = sum(t.cells.map((c) => c.capacity));
                return (
                  <tr key={t.id}>
                    <th scope="row" className={classes.teamCell}>
                      <Text size="sm" fw={600}>
                        {t.name}
                      </Text>
                      <Text size="xs" c="dimmed" fw={400}>
                        {num(fte(t))} FTE
                      </Text>
                    </th>
                    {t.cells.map((c) => {
                      const level = levelOf(c.load, c.capacity);
                      const u = utilisationLabel(c.load, c.capacity);
                      const hol = holidayNote(c.month, c.holidays.length);
                      return (
                        <td key={c.month} className={classes.cell}>
                          <UnstyledButton
                            className={classes.heat}
                            data-level={level}
                            onClick={() => setOpen({ team: t, cell: c })}
                            title={hol ? `${hol} (${c.holidays.map((h) => h.name).join(", ")})` : undefined}
                            aria-label={`${t.name}, ${monthLabel(c.month)}: load ${num(c.load)} of ${num(c.capacity)} ${unit} (${u})${level === "over" ? ", over-allocated" : ""}${hol ? `; ${hol}` : ""}`}
                          >
                            <span>
                              {num(c.load, true)} / {num(c.capacity, true)}
                            </span>
                            <span className={classes.heatPct}>
                              {level === "over" ? "⚠ " : ""}
                              {c.load > 0 ? u : "free"}
                            </span>
                            {hol ? (
                              <span className={classes.heatHoliday}>
                                {c.holidays.length} hol. −{holidayPct(c.month, c.holidays.length)} %
                              </span>
                            ) : null}
                          </UnstyledButton>
                        </td>
                      );
                    })}
                    <td className={classes.total}>
                      <Text size="sm" fw={600} c={load > cap ? "red" : undefined}>
                        {num(load, true)} / {num(cap, true)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {utilisationLabel(load, cap)}
                      </Text>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Paper>
      <Group gap="md" justify="space-between" wrap="wrap">
        <Group gap="md" aria-label="Colour scale of load against capacity">
          {LEGEND.map((l) => (
            <Group key={l.level} gap={6}>
              <span
                className={`${classes.swatch} ${classes.heat}`}
                data-level={l.level}
                style={{ minHeight: 14, padding: 0 }}
              />
              <Text size="xs" c="dimmed">
                {l.label}
              </Text>
            </Group>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          Load: effort of roadmap items planned in the month (an item spanning several months spreads evenly),
          in {unit}.
        </Text>
      </Group>
      <CellDrawer open={open} unit={unit} onClose={() => setOpen(null)} />
    </Stack>
  );
}

function CellDrawer({
  open,
  unit,
  onClose,
}: {
  open: { team: Team; cell: Cell } | null;
  unit: string;
  onClose: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const t = open?.team;
  const c = open?.cell;
  const level = c ? levelOf(c.load, c.capacity) : "none";
  return (
    <Drawer
      opened={open !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={t && c ? `${t.name} · ${monthLabel(c.month)}` : ""}
    >
      {t && c ? (
        <Stack gap="md">
          <SimpleGrid cols={3}>
            <Figure label="Load" value={num(c.load)} unit={unit} />
            <Figure label="Capacity" value={num(c.capacity)} unit={unit} />
            <Figure label="Used" value={utilisationLabel(c.load, c.capacity)} />
          </SimpleGrid>
          {level === "over" ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              Over by {num(Math.round((c.load - c.capacity) * 100) / 100)} {unit}.
            </Alert>
          ) : null}
          <Text size="sm" c="dimmed">
            {c.override !== null
              ? `Capacity set by hand (derived from members: ${num(c.derived)} ${unit}).`
              : `Capacity derived from the team's people: ${num(c.derived)} ${unit}.`}
            {c.note ? ` Note: ${c.note}` : ""}
          </Text>
          {c.holidays.length ? (
            <Text size="sm">
              {holidayNote(c.month, c.holidays.length)} of {c.workingDays} working days:{" "}
              {c.holidays.map((h) => `${h.name} (${h.date})`).join(", ")}.
            </Text>
          ) : null}
          <Stack gap={6}>
            <Title order={3} fz="sm">
              People and allocation
            </Title>
            {t.members.length ? (
              t.members.map((m) => (
                <Group key={m.userId} gap="sm" wrap="nowrap">
                  <UserAvatar name={m.name} size={26} />
                  <Text size="sm" style={{ flex: 1 }}>
                    {m.name}
                  </Text>
                  <Progress value={m.allocationPct} w={90} size="sm" aria-label={`${m.name}'s allocation`} />
                  <Text size="sm" w={44} ta="right">
                    {m.allocationPct}%
                  </Text>
                </Group>
              ))
            ) : (
              <Text size="sm" c="dimmed">
                Nobody is in this team: its derived capacity is zero.{" "}
                <Anchor component={Link} href={paths.people(wid, "teams")}>
                  Add people
                </Anchor>
              </Text>
            )}
          </Stack>
          <Stack gap={6}>
            <Title order={3} fz="sm">
              What makes up the load
            </Title>
            {c.items.length ? (
              c.items.map((i) => (
                <Group key={i.id} gap="sm" wrap="nowrap" justify="space-between">
                  <Anchor
                    component={Link}
                    href={`/w/${wid}/roadmaps/${i.roadmapId}`}
                    size="sm"
                    style={{ flex: 1 }}
                  >
                    {i.title}
                  </Anchor>
                  <Text size="sm" c="dimmed" ta="right" style={{ whiteSpace: "nowrap" }}>
                    {num(i.effort)} {unit}
                  </Text>
                </Group>
              ))
            ) : (
              <Text size="sm" c="dimmed">
                Nothing is planned for this team in {monthLabel(c.month)}.
              </Text>
            )}
            <Text size="xs" c="dimmed">
              Each item counts this team's effort in {monthLabel(c.month)}, on every roadmap; an item planned
              in a quarter spreads its effort over the quarter's months.
            </Text>
            <Group>
              <Button
                component={Link}
                href={capacityPaths.roadmaps(wid)}
                variant="light"
                leftSection={<IconRoute size={16} />}
              >
                Open the roadmaps
              </Button>
            </Group>
          </Stack>
        </Stack>
      ) : null}
    </Drawer>
  );
}

function Figure({ label, value, unit }: { label: string; value: string; unit?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz="lg" fw={700}>
        {value}
      </Text>
      {unit ? (
        <Text size="xs" c="dimmed">
          {unit}
        </Text>
      ) : null}
    </Paper>
  );
}

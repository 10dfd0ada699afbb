import {
  ActionIcon,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconChevronLeft,
  IconChevronRight,
  IconFlame,
  IconSettings,
  IconTable,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { addMonths, unitLabel } from "../../../shared/roadmap.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, TableSkeleton } from "../../components/States.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { monthLabel, num, thisMonth } from "../objectives/format.ts";
import { CapacityGrid } from "./CapacityGrid.tsx";
import { CapacitySettingsModal } from "./CapacitySettingsModal.tsx";
import { allocationsByPerson } from "./capacity-model.ts";
import { HolidaysSection } from "./HolidaysSection.tsx";
import { useCapacityGrid } from "./hooks.ts";
import { LoadHeatmap } from "./LoadHeatmap.tsx";
import { capacityPaths } from "./paths.ts";
import { TeamsAllocation } from "./TeamsAllocation.tsx";
import { TimeOffSection } from "./TimeOffSection.tsx";

const WINDOWS = ["3", "6", "9", "12", "18", "24"];

/** Team capacity per month (derived from people or set by hand), the load planned against it, and time off. */
export function CapacityPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Capacity", workspace.name);
  const canEdit = can("capacity.write");
  const search = useSearch();
  const [, navigate] = useLocation();
  const view = new URLSearchParams(search).get("view") === "load" ? "load" : "capacity";
  const [from, setFrom] = useState(thisMonth);
  const [months, setMonths] = useState(6);
  const [settingsOpened, settings] = useDisclosure(false);
  const grid = useCapacityGrid(wid, from, months);
  const people = useMemo(() => allocationsByPerson(grid.data?.teams ?? []), [grid.data]);
  const unit = grid.data ? unitLabel(grid.data.unit) : "";

  const formula =
    grid.data?.unit === "points"
      ? `Derived capacity = (working weekdays − public holidays) × each member’s allocation − their time off, as person-months × ${num(grid.data.pointsPerPersonMonth)} points per person-month.`
      : "Derived capacity = (working weekdays − public holidays) × each member’s allocation − their weekdays off, in person-days.";

  return (
    <Page
      size="xl"
      title="Capacity"
      description="How much each team can take on per month, and how much of it the roadmaps already use."
      actions={
        <>
          <Button component={Link} href={capacityPaths.roadmaps(wid)} variant="default">
            Roadmaps
          </Button>
          {canEdit ? (
            <Button variant="default" leftSection={<IconSettings size={16} />} onClick={settings.open}>
              Capacity settings
            </Button>
          ) : null}
        </>
      }
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs" wrap="wrap">
          <Tooltip label="One month earlier">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Earlier months"
              onClick={() => setFrom(addMonths(from, -1))}
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <TextInput
            type="month"
            aria-label="First month"
            title="First month shown"
            value={from.slice(0, 7)}
            onChange={(e) =>
              /^\d{4}-\d{2}$/.test(e.currentTarget.value) && setFrom(`${e.currentTarget.value}-01`)
            }
            w={190}
          />
          <Tooltip label="One month later">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Later months"
              onClick={() => setFrom(addMonths(from, 1))}
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Tooltip>
          <Select
            aria-label="Months shown"
            data={WINDOWS.map((n) => ({ value: n, label: `${n} months` }))}
            value={String(months)}
            onChange={(v) => v && setMonths(Number(v))}
            allowDeselect={false}
            w={120}
          />
          {from !== thisMonth() ? (
            <Button variant="subtle" onClick={() => setFrom(thisMonth())}>
              This month
            </Button>
          ) : null}
          <Text size="sm" c="dimmed" ml={4}>
            {monthLabel(from)} – {monthLabel(addMonths(from, months - 1))}
            {unit ? ` · in ${unit}` : ""}
          </Text>
        </Group>
        <SegmentedControl
          aria-label="View"
          value={view}
          onChange={(v) =>
            navigate(
              v === "load" ? `${capacityPaths.capacity(wid)}?view=load` : capacityPaths.capacity(wid),
              { replace: true },
            )
          }
          data={[
            {
              value: "capacity",
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconTable size={15} aria-hidden />
                  <span>Capacity</span>
                </Group>
              ),
            },
            {
              value: "load",
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconFlame size={15} aria-hidden />
                  <span>Load heat map</span>
                </Group>
              ),
            },
          ]}
        />
      </Group>

      <QueryState
        query={grid}
        loading={
          <Surface>
            <TableSkeleton rows={4} cols={7} />
          </Surface>
        }
        isEmpty={(data) => data.teams.length === 0}
        empty={
          <Surface>
            <EmptyBlock
              icon={<IconUsersGroup size={26} />}
              title="No teams yet"
              description="Capacity comes from teams and the share of time each member gives them. Create teams and add people to see and plan capacity."
            >
              <Button component={Link} href={paths.people(wid, "teams")}>
                Set up teams
              </Button>
            </EmptyBlock>
          </Surface>
        }
      >
        {(data) => (
          <Stack gap="xs">
            {view === "load" ? <LoadHeatmap grid={data} /> : <CapacityGrid grid={data} canEdit={canEdit} />}
            <Text size="xs" c="dimmed">
              {formula} A number set by hand replaces it for that month (holidays still take their share: ×
              (working days − holidays) / working days).
            </Text>
          </Stack>
        )}
      </QueryState>

      {grid.data?.teams.length ? <TeamsAllocation teams={grid.data.teams} people={people} /> : null}
      <TimeOffSection from={from} months={months} people={people} canEdit={canEdit} />
      <HolidaysSection from={from} months={months} teams={grid.data?.teams ?? []} canEdit={canEdit} />
      {canEdit ? <CapacitySettingsModal opened={settingsOpened} onClose={settings.close} /> : null}
    </Page>
  );
}

import { Alert, Badge, Card, Group, Skeleton, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { Suspense, useMemo, useState } from "react";
import { CAPACITY_UNIT_LABELS, type CapacityUnit } from "../../../shared/enums.ts";
import type { CapacityEffect, SignoffReview } from "../../../shared/signoff.schemas.ts";
import { changedIds } from "../../../shared/signoff.ts";
import { lazyNamed } from "../../lib/lazy.ts";
import { periodName } from "./parts.tsx";

const CapacityEffectChart = lazyNamed(() => import("./CapacityEffectChart.tsx"), "CapacityEffectChart");

const round1 = (n: number) => Math.round(n * 10) / 10;

function EffectTable({ effect, unit }: { effect: CapacityEffect; unit: string }) {
  return (
    <Table.ScrollContainer minWidth={Math.max(360, effect.periods.length * 90 + 120)}>
      <Table
        withTableBorder
        withColumnBorders
        verticalSpacing={4}
        fz="xs"
        aria-label={`${effect.teamName} load`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{unit}</Table.Th>
            {effect.periods.map((p) => (
              <Table.Th key={p.key} ta="right">
                {p.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>Capacity</Table.Td>
            {effect.periods.map((p) => (
              <Table.Td key={p.key} ta="right">
                {p.capacity === null ? "—" : round1(p.capacity)}
              </Table.Td>
            ))}
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Baseline</Table.Td>
            {effect.periods.map((p) => (
              <Table.Td key={p.key} ta="right" c="dimmed">
                {round1(p.before)}
              </Table.Td>
            ))}
          </Table.Tr>
          <Table.Tr>
            <Table.Td fw={600}>This version</Table.Td>
            {effect.periods.map((p) => {
              const over = p.capacity !== null && p.after > p.capacity;
              const delta = round1(p.after - p.before);
              return (
                <Table.Td
                  key={p.key}
                  ta="right"
                  fw={600}
                  bg={over ? "var(--mantine-color-red-light)" : undefined}
                  c={over ? "var(--mantine-color-red-light-color)" : undefined}
                  title={over ? "Over capacity" : undefined}
                >
                  {round1(p.after)}
                  {delta ? (
                    <Text span size="xs" c={over ? "inherit" : delta > 0 ? "orange" : "teal"} ml={4}>
                      ({delta > 0 ? "+" : ""}
                      {delta})
                    </Text>
                  ) : null}
                </Table.Td>
              );
            })}
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What this version asks of the viewer's teams: their items, and the load against capacity per period. */
export function TeamsTab({ review }: { review: SignoffReview }) {
  const myTeamIds = useMemo(() => new Set(review.myTeams.map((t) => t.id)), [review.myTeams]);
  // Nothing of this roadmap on my teams: show every team's effect from the start.
  const [all, setAll] = useState(review.myItemIds.length === 0);
  const unit = CAPACITY_UNIT_LABELS[review.capacityUnit as CapacityUnit] ?? review.capacityUnit;
  const effects = review.capacityEffect.filter((e) => all || myTeamIds.has(e.teamId));
  const mine = new Set(review.myItemIds);
  const myItems = review.items.filter((i) => mine.has(i.id));
  const changed = changedIds(review.diff);
  const removedMine = review.diff.removed.filter((r) => mine.has(r.id));

  return (
    <Stack gap="md">
      {review.myTeams.length === 0 ? (
        <Alert variant="light" icon={<IconInfoCircle size={18} />}>
          You are not on a team with effort on this roadmap, so no item is highlighted for you. Team leads and
          members see their team's items and capacity effect here.
        </Alert>
      ) : (
        <Card withBorder>
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={3} fz="sm">
                Items on {review.myTeams.map((t) => t.name).join(", ")}
              </Title>
              <Badge variant="light">{myItems.length}</Badge>
            </Group>
            {myItems.length === 0 && removedMine.length === 0 ? (
              <Text size="sm" c="dimmed">
                No item of this version needs effort from your teams.
              </Text>
            ) : (
              <Table verticalSpacing={4} aria-label="Items on my teams">
                <Table.Tbody>
                  {myItems.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {i.title}
                        </Text>
                      </Table.Td>
                      <Table.Td w={120}>
                        <Text size="sm">{periodName(review.periods, i.period)}</Text>
                      </Table.Td>
                      <Table.Td w={200}>
                        <Text size="xs" c="dimmed">
                          {i.efforts
                            .filter((e) => myTeamIds.has(e.teamId))
                            .map((e) => `${e.effort} ${unit}`)
                            .join(" · ")}
                        </Text>
                      </Table.Td>
                      <Table.Td w={110}>
                        {changed.has(i.id) ? (
                          <Badge size="xs" color="grape" variant="light">
                            Changed
                          </Badge>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {removedMine.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td colSpan={3}>
                        <Text size="sm" td="line-through" c="dimmed">
                          {r.title}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="xs" color="red" variant="light">
                          Removed
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Card>
      )}
      <Group justify="space-between">
        <Title order={3} fz="sm">
          Capacity effect
        </Title>
        {review.myTeams.length ? (
          <Switch label="All teams" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
        ) : null}
      </Group>
      {effects.length === 0 ? (
        <Text size="sm" c="dimmed">
          {review.myTeams.length
            ? `No load on ${all ? "any team" : "your teams"} in this version or the baseline.`
            : "No capacity effect to show."}
        </Text>
      ) : (
        effects.map((e) => (
          <Card key={e.teamId} withBorder aria-label={`Capacity effect on ${e.teamName}`}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600}>{e.teamName}</Text>
                {e.periods.some((p) => p.capacity !== null && p.after > p.capacity) ? (
                  <Badge color="red" variant="light">
                    Over capacity
                  </Badge>
                ) : (
                  <Badge color="teal" variant="light">
                    Within capacity
                  </Badge>
                )}
              </Group>
              <Suspense fallback={<Skeleton h={220} />}>
                <CapacityEffectChart effect={e} unit={unit} />
              </Suspense>
              <EffectTable effect={e} unit={unit} />
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}

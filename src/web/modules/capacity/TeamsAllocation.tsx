import {
  Anchor,
  Badge,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { Link } from "wouter";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { pluralize } from "../../lib/format.ts";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { num } from "../objectives/format.ts";
import { fte, type PersonAllocation, type Team } from "./capacity-model.ts";

/** Each team's people and the share of their time they give it; people shared between teams stand out. */
export function TeamsAllocation({ teams, people }: { teams: Team[]; people: Map<string, PersonAllocation> }) {
  const { workspaceId: wid, can } = useWorkspace();
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2} fz="md">
            People and allocation
          </Title>
          <Text size="sm" c="dimmed">
            A person shared between teams counts in each by their allocation there.
          </Text>
        </Stack>
        <Anchor component={Link} href={paths.people(wid, "teams")} size="sm">
          {can("teams.write") ? "Edit teams and allocations" : "See the teams"}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {teams.map((t) => (
          <Paper key={t.id} className="baton-surface" p="md">
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{t.name}</Text>
              <Text size="xs" c="dimmed">
                {pluralize(t.members.length, "person", "people")} · {num(fte(t))} FTE
              </Text>
            </Group>
            {t.members.length ? (
              <Stack
                gap={6}
                component="ul"
                p={0}
                m={0}
                style={{ listStyle: "none" }}
                aria-label={`Members of ${t.name}`}
              >
                {t.members.map((m) => {
                  const p = people.get(m.userId);
                  const shared = (p?.teams.length ?? 0) > 1;
                  const overbooked = (p?.total ?? 0) > 100;
                  return (
                    <Group key={m.userId} component="li" gap="sm" wrap="nowrap">
                      <UserAvatar name={m.name} size={24} />
                      <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate>
                        {m.name}
                      </Text>
                      {shared ? (
                        <Tooltip
                          label={`${p?.teams.map((x) => `${x.name} ${x.allocationPct}%`).join(" · ")} — ${p?.total}% in all`}
                          multiline
                          maw={280}
                        >
                          <Badge size="xs" variant="light" color={overbooked ? "red" : "gray"}>
                            {overbooked ? `${p?.total}% booked` : "shared"}
                          </Badge>
                        </Tooltip>
                      ) : null}
                      <Progress
                        value={m.allocationPct}
                        w={64}
                        size="sm"
                        color={overbooked ? "red" : "baton"}
                        aria-label={`${m.name}'s allocation to ${t.name}`}
                      />
                      <Text size="sm" w={40} ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                        {m.allocationPct}%
                      </Text>
                    </Group>
                  );
                })}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                No one yet — its derived capacity is zero.
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

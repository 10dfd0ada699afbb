import {
  ActionIcon,
  Avatar,
  Button,
  Card,
  Group,
  Menu,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDots, IconPencil, IconPlus, IconTrash, IconUserPlus, IconUsersGroup } from "@tabler/icons-react";
import { useState } from "react";
import { DISCIPLINE_LABELS, DISCIPLINES, type Discipline } from "../../../shared/enums.ts";
import type { Team } from "../../api/types.ts";
import { DisciplineBadge } from "../../components/Badges.tsx";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { CardsSkeleton, EmptyBlock, LoadMore } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { paths } from "../../lib/paths.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDeleteTeam, useTeams } from "./hooks.ts";
import { TeamFormModal } from "./TeamFormModal.tsx";
import { TeamMembersDrawer } from "./TeamMembersDrawer.tsx";

const FILTER = [
  { value: "all", label: "All disciplines" },
  ...DISCIPLINES.map((d) => ({ value: d, label: DISCIPLINE_LABELS[d] })),
];

export function TeamsTab() {
  const { workspaceId, can } = useWorkspace();
  const [discipline, setDiscipline] = useState<Discipline | null>(null);
  const teams = useTeams(workspaceId, discipline);
  const del = useDeleteTeam(workspaceId);
  const [formOpened, formModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Team | null>(null);
  const [managingId, setManagingId] = useState<string | null>(null);
  const canWrite = can("teams.write");
  const canDelete = can("teams.delete");
  const managing = teams.items.find((t) => t.id === managingId) ?? null;

  const openNew = () => {
    setEditing(null);
    formModal.open();
  };

  useNewParam(paths.people(workspaceId, "teams"), () => canWrite && openNew());

  const remove = (t: Team) =>
    confirmAction({
      title: `Delete ${t.name}?`,
      message: <Text size="sm">The team is deleted; its members stay in the workspace.</Text>,
      confirmLabel: "Delete team",
      onConfirm: () =>
        del.mutate(t.id, {
          onSuccess: () => notifySuccess(`${t.name} was deleted.`),
          onError: (err) => notifyError(err, "Could not delete the team"),
        }),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Select
          aria-label="Filter by discipline"
          data={FILTER}
          value={discipline ?? "all"}
          onChange={(v) => setDiscipline(!v || v === "all" ? null : (v as Discipline))}
          w={210}
        />
        {canWrite ? (
          <Button leftSection={<IconPlus size={16} />} onClick={openNew}>
            New team
          </Button>
        ) : null}
      </Group>
      <QueryState
        query={teams}
        loading={<CardsSkeleton count={3} height={190} />}
        isEmpty={() => teams.items.length === 0}
        empty={
          <div className="baton-surface">
            {discipline ? (
              <EmptyBlock
                size="sm"
                icon={<IconUsersGroup size={22} />}
                title={`No ${DISCIPLINE_LABELS[discipline].toLowerCase()} team`}
                description="Try another discipline."
              >
                <Button variant="default" onClick={() => setDiscipline(null)}>
                  Show all teams
                </Button>
              </EmptyBlock>
            ) : (
              <EmptyBlock
                icon={<IconUsersGroup size={26} />}
                title="No teams yet"
                description="Teams group people by discipline — design, engineering, QA, docs, marketing, support — with the share of time each person gives. Roadmap capacity and release readiness build on them."
              >
                {canWrite ? (
                  <Button leftSection={<IconPlus size={16} />} onClick={openNew}>
                    Create the first team
                  </Button>
                ) : null}
              </EmptyBlock>
            )}
          </div>
        }
      >
        {() => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {teams.items.map((t) => (
              <TeamCard
                key={t.id}
                team={t}
                canWrite={canWrite}
                canDelete={canDelete}
                onEdit={() => {
                  setEditing(t);
                  formModal.open();
                }}
                onManage={() => setManagingId(t.id)}
                onDelete={() => remove(t)}
              />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      <LoadMore list={teams} />
      <TeamFormModal opened={formOpened} onClose={formModal.close} team={editing} />
      <TeamMembersDrawer team={managing} onClose={() => setManagingId(null)} />
    </Stack>
  );
}

interface TeamCardProps {
  team: Team;
  canWrite: boolean;
  canDelete: boolean;
  onEdit: () => void;
  onManage: () => void;
  onDelete: () => void;
}

function TeamCard({ team, canWrite, canDelete, onEdit, onManage, onDelete }: TeamCardProps) {
  const shown = team.members.slice(0, 4);
  const more = team.members.length - shown.length;
  return (
    <Card component="article" aria-label={`Team ${team.name}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Text fw={650} size="md" truncate>
              {team.name}
            </Text>
            <DisciplineBadge discipline={team.discipline} />
          </Stack>
          {canWrite || canDelete ? (
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${team.name}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {canWrite ? (
                  <>
                    <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit}>
                      Edit team
                    </Menu.Item>
                    <Menu.Item leftSection={<IconUserPlus size={14} />} onClick={onManage}>
                      Manage members
                    </Menu.Item>
                  </>
                ) : null}
                {canDelete ? (
                  <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                    Delete team
                  </Menu.Item>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
        {team.description ? (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {team.description}
          </Text>
        ) : null}
        <Group gap={6}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: "0.04em" }}>
            Lead
          </Text>
          {team.leadName ? (
            <Group gap={6}>
              <UserAvatar name={team.leadName} size={20} />
              <Text size="sm">{team.leadName}</Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              None
            </Text>
          )}
        </Group>
        <Stack gap={8} style={{ flex: 1 }}>
          {team.members.length === 0 ? (
            <Text size="sm" c="dimmed">
              No members yet.
            </Text>
          ) : (
            shown.map((m) => (
              <Group key={m.userId} gap={8} wrap="nowrap">
                <UserAvatar name={m.name} size={24} />
                <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate>
                  {m.name}
                </Text>
                <Tooltip label={`${m.allocationPct}% of their time`}>
                  <Group gap={6} wrap="nowrap" w={92} justify="flex-end">
                    <Progress value={m.allocationPct} size="sm" w={48} aria-hidden />
                    <Text size="xs" c="dimmed" w={34} ta="right">
                      {m.allocationPct}%
                    </Text>
                  </Group>
                </Tooltip>
              </Group>
            ))
          )}
          {more > 0 ? (
            <Group gap={6}>
              <Avatar.Group spacing="xs">
                {team.members.slice(4, 8).map((m) => (
                  <UserAvatar key={m.userId} name={m.name} size={20} />
                ))}
              </Avatar.Group>
              <Text size="xs" c="dimmed">
                +{more} more
              </Text>
            </Group>
          ) : null}
        </Stack>
        {canWrite ? (
          <Button variant="light" size="xs" leftSection={<IconUserPlus size={14} />} onClick={onManage}>
            Manage members
          </Button>
        ) : null}
      </Stack>
    </Card>
  );
}

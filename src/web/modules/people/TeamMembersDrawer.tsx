import {
  ActionIcon,
  Alert,
  Button,
  Divider,
  Drawer,
  Group,
  NumberInput,
  Progress,
  Select,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconInfoCircle, IconUserMinus, IconUserPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { Team, TeamMember } from "../../api/types.ts";
import { DisciplineBadge } from "../../components/Badges.tsx";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers, usePutTeamMember, useRemoveTeamMember } from "./hooks.ts";

/** Add people to a team, set how much of their time they give it, remove them. */
export function TeamMembersDrawer({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { workspaceId } = useWorkspace();
  const members = useAllMembers(workspaceId);
  const put = usePutTeamMember(workspaceId);
  const [userId, setUserId] = useState<string | null>(null);
  const [allocation, setAllocation] = useState<number>(100);

  // Another team opens: the add form starts empty (set while rendering, React's "adjust state when a prop changes").
  const [formTeam, setFormTeam] = useState(team?.id);
  if (formTeam !== team?.id) {
    setFormTeam(team?.id);
    setUserId(null);
    setAllocation(100);
  }

  const inTeam = new Set(team?.members.map((m) => m.userId));
  const candidates = (members.data ?? [])
    .filter((m) => !inTeam.has(m.userId))
    .map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }));

  const add = () => {
    if (!team || !userId) return;
    put.mutate(
      { teamId: team.id, userId, allocationPct: allocation },
      {
        onSuccess: (t) => {
          const m = t.members.find((x) => x.userId === userId);
          notifySuccess(`${m?.name ?? "The member"} joined ${t.name}.`);
          setUserId(null);
          setAllocation(100);
        },
        onError: (err) => notifyError(err, "Could not add the member"),
      },
    );
  };

  const total = team?.members.reduce((s, m) => s + m.allocationPct, 0) ?? 0;

  return (
    <Drawer
      opened={team !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={
        team ? (
          <Group gap="sm">
            <Text fw={650}>{team.name}</Text>
            <DisciplineBadge discipline={team.discipline} />
          </Group>
        ) : null
      }
    >
      {team ? (
        <Stack gap="lg">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              Add a member
            </Text>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <Select
                label="Person"
                placeholder={candidates.length ? "Choose someone" : "Everyone is already in this team"}
                data={candidates}
                value={userId}
                onChange={setUserId}
                searchable
                disabled={candidates.length === 0}
                nothingFoundMessage="No member with that name"
                style={{ flex: 1 }}
              />
              <NumberInput
                label="Time"
                aria-label="Allocation in percent"
                value={allocation}
                onChange={(v) => setAllocation(typeof v === "number" ? v : 100)}
                min={1}
                max={100}
                suffix="%"
                w={90}
                clampBehavior="strict"
              />
            </Group>
            <Button
              leftSection={<IconUserPlus size={16} />}
              onClick={add}
              disabled={!userId}
              loading={put.isPending}
            >
              Add to team
            </Button>
          </Stack>
          <Divider />
          <Stack gap="xs">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                Members ({team.members.length})
              </Text>
              <Text size="xs" c="dimmed">
                {(total / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} full-time equivalent
              </Text>
            </Group>
            {team.members.length === 0 ? (
              <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
                Nobody is in this team yet. Add the people who work in it, with the share of their time they
                give it.
              </Alert>
            ) : (
              team.members.map((m) => <MemberRow key={m.userId} team={team} member={m} />)
            )}
          </Stack>
        </Stack>
      ) : null}
    </Drawer>
  );
}

function MemberRow({ team, member }: { team: Team; member: TeamMember }) {
  const { workspaceId } = useWorkspace();
  const put = usePutTeamMember(workspaceId);
  const remove = useRemoveTeamMember(workspaceId);
  const [value, setValue] = useState<number>(member.allocationPct);
  useEffect(() => setValue(member.allocationPct), [member.allocationPct]);

  const commit = () => {
    if (value === member.allocationPct || value < 1 || value > 100) return;
    put.mutate(
      { teamId: team.id, userId: member.userId, allocationPct: value },
      {
        onSuccess: () => notifySuccess(`${member.name} now gives ${value}% to ${team.name}.`),
        onError: (err) => {
          setValue(member.allocationPct);
          notifyError(err, "Could not change the allocation");
        },
      },
    );
  };

  return (
    <Group gap="sm" wrap="nowrap" py={4}>
      <UserAvatar name={member.name} size={32} />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {member.name}
        </Text>
        <Progress value={member.allocationPct} size="xs" aria-hidden />
      </Stack>
      <NumberInput
        aria-label={`Allocation of ${member.name} in percent`}
        value={value}
        onChange={(v) => setValue(typeof v === "number" ? v : member.allocationPct)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
        min={1}
        max={100}
        suffix="%"
        w={84}
        size="xs"
        clampBehavior="strict"
      />
      <Tooltip label={`Remove ${member.name} from ${team.name}`}>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove ${member.name} from ${team.name}`}
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(
              { teamId: team.id, userId: member.userId },
              {
                onSuccess: () => notifySuccess(`${member.name} left ${team.name}.`),
                onError: (err) => notifyError(err, "Could not remove the member"),
              },
            )
          }
        >
          <IconUserMinus size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

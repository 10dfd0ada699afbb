import { ActionIcon, Badge, Group, MultiSelect, Stack, Switch, Table, Text } from "@mantine/core";
import { IconUser, IconUsersGroup, IconX } from "@tabler/icons-react";
import type { Member, Team } from "../../api/types.ts";

export interface ApproverPick {
  personIds: string[];
  teamIds: string[];
  /** Keys ("u:<id>" / "t:<id>") of approvers marked optional; everyone else is required. */
  optional: string[];
}

/** The approvers as the API takes them. */
export function toApproverInputs(p: ApproverPick) {
  return [
    ...p.personIds.map((userId) => ({ userId, required: !p.optional.includes(`u:${userId}`) })),
    ...p.teamIds.map((teamId) => ({ teamId, required: !p.optional.includes(`t:${teamId}`) })),
  ];
}

/** People and team leads as approvers, each required or optional. */
export function ApproversField({
  value,
  onChange,
  members,
  teams,
  loading,
  error,
}: {
  value: ApproverPick;
  onChange: (v: ApproverPick) => void;
  members: Member[];
  teams: Team[];
  loading: boolean;
  error?: string | null;
}) {
  const memberName = new Map(members.map((m) => [m.userId, m.name]));
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const rows = [
    ...value.personIds.map((id) => ({ key: `u:${id}`, id, kind: "person" as const })),
    ...value.teamIds.map((id) => ({ key: `t:${id}`, id, kind: "team" as const })),
  ];
  const setRequired = (key: string, required: boolean) =>
    onChange({
      ...value,
      optional: required ? value.optional.filter((k) => k !== key) : [...value.optional, key],
    });
  const remove = (key: string, kind: "person" | "team", id: string) =>
    onChange({
      personIds: kind === "person" ? value.personIds.filter((x) => x !== id) : value.personIds,
      teamIds: kind === "team" ? value.teamIds.filter((x) => x !== id) : value.teamIds,
      optional: value.optional.filter((k) => k !== key),
    });

  return (
    <Stack gap={6}>
      <Group grow align="flex-start">
        <MultiSelect
          label="People"
          placeholder={loading ? "Loading members…" : "Pick people"}
          data={members.map((m) => ({ value: m.userId, label: m.name }))}
          searchable
          hidePickedOptions
          nothingFoundMessage="No member with that name"
          value={value.personIds}
          onChange={(personIds) => onChange({ ...value, personIds })}
          error={error ? true : undefined}
        />
        <MultiSelect
          label="Team leads"
          description="The team's lead approves for the team"
          placeholder={loading ? "Loading teams…" : "Pick teams"}
          data={teams.map((t) => ({
            value: t.id,
            label: t.leadName ? `${t.name} — ${t.leadName}` : `${t.name} (no lead)`,
            disabled: !t.leadId,
          }))}
          searchable
          hidePickedOptions
          nothingFoundMessage="No team with that name"
          value={value.teamIds}
          onChange={(teamIds) => onChange({ ...value, teamIds })}
          error={error ? true : undefined}
        />
      </Group>
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
      {rows.length ? (
        <Table verticalSpacing={4} aria-label="Approvers">
          <Table.Tbody>
            {rows.map((r) => {
              const team = r.kind === "team" ? teamById.get(r.id) : undefined;
              const name =
                r.kind === "person" ? (memberName.get(r.id) ?? "A member") : (team?.leadName ?? "—");
              const required = !value.optional.includes(r.key);
              return (
                <Table.Tr key={r.key}>
                  <Table.Td>
                    <Group gap={8} wrap="nowrap">
                      {r.kind === "person" ? (
                        <IconUser size={15} aria-hidden />
                      ) : (
                        <IconUsersGroup size={15} aria-hidden />
                      )}
                      <Text size="sm" fw={500}>
                        {name}
                      </Text>
                      {team ? (
                        <Text size="xs" c="dimmed">
                          lead of {team.name}
                        </Text>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td w={150}>
                    <Switch
                      size="xs"
                      checked={required}
                      onChange={(e) => setRequired(r.key, e.currentTarget.checked)}
                      label={required ? "Required" : "Optional"}
                      aria-label={`${name} must approve`}
                    />
                  </Table.Td>
                  <Table.Td w={36}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={`Remove ${name}`}
                      onClick={() => remove(r.key, r.kind, r.id)}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="xs" c="dimmed">
          Add the stakeholders who must agree. Required approvers all have to approve before the version
          becomes the baseline; optional ones are asked for their view.
        </Text>
      )}
      {rows.length ? (
        <Group gap={6}>
          <Badge variant="light" size="sm">
            {rows.filter((r) => !value.optional.includes(r.key)).length} required
          </Badge>
          <Badge variant="light" color="gray" size="sm">
            {rows.filter((r) => value.optional.includes(r.key)).length} optional
          </Badge>
        </Group>
      ) : null}
    </Stack>
  );
}

import { Badge, Card, Group, RingProgress, Stack, Text, Title, Tooltip } from "@mantine/core";
import type { SignoffDetail } from "../../../shared/signoff.schemas.ts";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { relativeTime } from "../../lib/format.ts";
import { DecisionBadge, formatInZone } from "./parts.tsx";

/** Who has to agree, where each stands, and the required-approval progress. */
export function ApproversPanel({ signoff, timeZone }: { signoff: SignoffDetail; timeZone: string }) {
  const { required, requiredApproved, approvers, objected, pending } = signoff.counts;
  const pct = required > 0 ? Math.round((100 * requiredApproved) / required) : 0;
  const sorted = [...signoff.approvers].sort(
    (a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name),
  );
  return (
    <Card withBorder component="section" aria-labelledby="approvers-title">
      <Stack gap="sm">
        <Group gap="md" wrap="nowrap">
          <RingProgress
            size={76}
            thickness={8}
            roundCaps
            sections={[{ value: pct, color: pct === 100 ? "teal" : "baton" }]}
            label={
              <Text ta="center" size="xs" fw={700}>
                {requiredApproved}/{required}
              </Text>
            }
            aria-label={`${requiredApproved} of ${required} required approvers approved`}
          />
          <Stack gap={2}>
            <Title order={2} fz="md" id="approvers-title">
              Approvers
            </Title>
            <Text size="sm" c="dimmed">
              {requiredApproved} of {required} required approved
            </Text>
            <Text size="xs" c="dimmed">
              {approvers} in all · {objected} objected · {pending} pending
            </Text>
          </Stack>
        </Group>
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Approvers">
          {sorted.map((a) => (
            <Stack
              key={a.userId}
              component="li"
              gap={4}
              py={8}
              style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                  <UserAvatar name={a.name} size={26} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate>
                      {a.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {a.required ? "Required" : "Optional"}
                      {a.viaTeamName ? ` · lead of ${a.viaTeamName}` : ""}
                    </Text>
                  </Stack>
                </Group>
                <DecisionBadge decision={a.decision} size="xs" />
              </Group>
              {a.decidedAt ? (
                <Tooltip label={formatInZone(a.decidedAt, timeZone)}>
                  <Text size="xs" c="dimmed" w="fit-content">
                    Decided {relativeTime(a.decidedAt)}
                    {a.decidedVersionNumber ? ` on v${a.decidedVersionNumber}` : ""}
                  </Text>
                </Tooltip>
              ) : null}
              {a.comment ? (
                <Text size="xs" style={{ whiteSpace: "pre-wrap" }} lineClamp={4}>
                  “{a.comment}”
                </Text>
              ) : null}
              {a.withdrawnAt ? (
                <Badge color="yellow" variant="light" size="xs" w="fit-content">
                  Approval withdrawn by revision {relativeTime(a.withdrawnAt)}
                </Badge>
              ) : null}
            </Stack>
          ))}
        </Stack>
      </Stack>
    </Card>
  );
}

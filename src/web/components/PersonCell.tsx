import { Group, Stack, Text } from "@mantine/core";
import { UserAvatar } from "./UserAvatar.tsx";

/** A person in a table row: avatar, name (marked "you" for the viewer) and e-mail. */
export function PersonCell({
  name,
  email,
  isYou,
  size = 32,
}: {
  name: string;
  email: string;
  isYou?: boolean;
  size?: number;
}) {
  return (
    <Group gap="sm" wrap="nowrap">
      <UserAvatar name={name} size={size} />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate>
          {name}
          {isYou ? (
            <Text span size="xs" c="dimmed" fw={400}>
              {" "}
              (you)
            </Text>
          ) : null}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {email}
        </Text>
      </Stack>
    </Group>
  );
}

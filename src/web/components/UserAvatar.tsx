import { Avatar, type AvatarProps } from "@mantine/core";
import { colorFor, initials } from "../lib/format.ts";

export function UserAvatar({ name, ...rest }: { name: string } & AvatarProps) {
  return (
    <Avatar color={colorFor(name)} radius="xl" size="sm" {...rest} alt={name}>
      {initials(name)}
    </Avatar>
  );
}

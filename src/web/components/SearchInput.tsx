import { ActionIcon, TextInput } from "@mantine/core";
import { IconSearch, IconX } from "@tabler/icons-react";
import type { CSSProperties } from "react";

/** A search box with a clear button, for list filters. */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder = label,
  style,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  style?: CSSProperties;
}) {
  return (
    <TextInput
      placeholder={placeholder}
      aria-label={label}
      leftSection={<IconSearch size={16} />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSection={
        value ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => onChange("")}
            aria-label="Clear search"
          >
            <IconX size={14} />
          </ActionIcon>
        ) : null
      }
      style={style}
    />
  );
}

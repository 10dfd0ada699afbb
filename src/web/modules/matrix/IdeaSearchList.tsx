import { Box, Checkbox, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useWorkspace } from "../../lib/workspace.ts";
import { useIdeasPage } from "../ideas/hooks.ts";

/** A searchable list of a product's ideas; `multiple` ticks several, otherwise a click picks one. */
export function IdeaSearchList({
  pid,
  selected,
  onToggle,
  multiple,
  enabled,
}: {
  pid: string;
  selected: string[];
  onToggle: (id: string) => void;
  multiple: boolean;
  enabled: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 200);
  const res = useIdeasPage(
    wid,
    pid,
    { q: q || undefined, sort: q ? "rank" : "rank", dir: "asc" },
    30,
    enabled,
  );
  const ideas = (res.data?.items ?? []).filter((i) => i.status !== "merged");
  return (
    <Stack gap="xs">
      <TextInput
        label="Search ideas"
        placeholder="Title"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-autofocus
      />
      <Box
        mah={280}
        style={{
          overflowY: "auto",
          border: "1px solid var(--mantine-color-default-border)",
          borderRadius: 8,
        }}
      >
        {ideas.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            {res.isFetching ? "Searching…" : q ? "No idea matches" : "This product has no ideas yet"}
          </Text>
        ) : multiple ? (
          <Stack gap={0}>
            {ideas.map((i) => (
              <Checkbox
                key={i.id}
                px="sm"
                py={6}
                checked={selected.includes(i.id)}
                onChange={() => onToggle(i.id)}
                label={`#${i.number} ${i.title}`}
              />
            ))}
          </Stack>
        ) : (
          ideas.map((i) => (
            <UnstyledButton
              key={i.id}
              w="100%"
              px="sm"
              py={8}
              onClick={() => onToggle(i.id)}
              aria-pressed={selected.includes(i.id)}
              style={{
                background: selected.includes(i.id) ? "var(--mantine-primary-color-light)" : undefined,
              }}
            >
              <Text size="sm" truncate>
                <Text span c="dimmed" inherit>
                  #{i.number}
                </Text>{" "}
                {i.title}
              </Text>
            </UnstyledButton>
          ))
        )}
      </Box>
    </Stack>
  );
}

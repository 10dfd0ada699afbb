import { Box, Code, SegmentedControl, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";

type Flat = Map<string, unknown>;

/** Flattens nested objects to dot paths ("members.0.name"), so a diff lists leaf changes. */
export function flatten(value: unknown, prefix = "", out: Flat = new Map()): Flat {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix || "(value)", value);
  }
  return out;
}

export type Change = {
  path: string;
  kind: "added" | "removed" | "changed" | "same";
  before: unknown;
  after: unknown;
};

export function diff(before: unknown, after: unknown): Change[] {
  const a = before == null ? new Map() : flatten(before);
  const b = after == null ? new Map() : flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.map((path) => {
    const x = a.get(path);
    const y = b.get(path);
    const kind = !a.has(path)
      ? "added"
      : !b.has(path)
        ? "removed"
        : JSON.stringify(x) === JSON.stringify(y)
          ? "same"
          : "changed";
    return { path, kind, before: x, after: y };
  });
}

function show(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

const BG: Record<Change["kind"], string | undefined> = {
  added: "var(--mantine-color-teal-light)",
  removed: "var(--mantine-color-red-light)",
  changed: "var(--mantine-color-yellow-light)",
  same: undefined,
};

/** Before/after of an audit event: changed fields first, unchanged ones dimmed; raw JSON on demand. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const [view, setView] = useState<"changes" | "json">("changes");
  const changes = diff(before, after);
  const changed = changes.filter((c) => c.kind !== "same");
  const same = changes.filter((c) => c.kind === "same");
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        w="fit-content"
        value={view}
        onChange={(v) => setView(v as "changes" | "json")}
        data={[
          { value: "changes", label: `Changes (${changed.length})` },
          { value: "json", label: "Raw JSON" },
        ]}
        aria-label="Diff view"
      />
      {view === "json" ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed">
              Before
            </Text>
            <Code block>{before == null ? "—" : JSON.stringify(before, null, 2)}</Code>
          </Stack>
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed">
              After
            </Text>
            <Code block>{after == null ? "—" : JSON.stringify(after, null, 2)}</Code>
          </Stack>
        </SimpleGrid>
      ) : changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          No details recorded for this event.
        </Text>
      ) : (
        <Box style={{ overflowX: "auto" }}>
          <Table withTableBorder withColumnBorders fz="xs" verticalSpacing={4} aria-label="Changed fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="26%">Field</Table.Th>
                <Table.Th w="37%">Before</Table.Th>
                <Table.Th w="37%">After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...changed, ...same].map((c) => (
                <Table.Tr key={c.path} style={{ opacity: c.kind === "same" ? 0.55 : 1 }}>
                  <Table.Td>
                    <Code fz={11}>{c.path}</Code>
                  </Table.Td>
                  <Table.Td
                    bg={c.kind === "removed" || c.kind === "changed" ? BG.removed : undefined}
                    style={{ fontFamily: "var(--mantine-font-family-monospace)", wordBreak: "break-word" }}
                  >
                    {c.kind === "added" ? (
                      <Text span c="dimmed" fz="xs">
                        —
                      </Text>
                    ) : (
                      show(c.before)
                    )}
                  </Table.Td>
                  <Table.Td
                    bg={c.kind === "added" || c.kind === "changed" ? BG.added : undefined}
                    style={{ fontFamily: "var(--mantine-font-family-monospace)", wordBreak: "break-word" }}
                  >
                    {c.kind === "removed" ? (
                      <Text span c="dimmed" fz="xs">
                        —
                      </Text>
                    ) : (
                      show(c.after)
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}

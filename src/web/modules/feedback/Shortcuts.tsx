import { Group, Kbd, Modal, SimpleGrid, Stack, Text } from "@mantine/core";

/** The inbox's keys; the page's key handler and this help read the same list. */
export const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ["J", "↓"], label: "Next item" },
  { keys: ["K", "↑"], label: "Previous item" },
  { keys: ["Enter"], label: "Open the item (phone)" },
  { keys: ["L"], label: "Link to an idea (select words first to link a highlight)" },
  { keys: ["T"], label: "Mark triaged" },
  { keys: ["E"], label: "Archive" },
  { keys: ["S"], label: "Spam" },
  { keys: ["A"], label: "Assign…" },
  { keys: ["I"], label: "Assign to me" },
  { keys: ["U"], label: "Mark read / unread" },
  { keys: ["X"], label: "Select for a bulk action (T, E, S, A then act on all selected)" },
  { keys: ["Esc"], label: "Clear the selection" },
  { keys: ["C"], label: "Capture new feedback" },
  { keys: ["F"], label: "Find: search the inbox (Enter or Esc returns to the list)" },
  { keys: ["/", "Ctrl K"], label: "Search all of Baton (command palette)" },
  { keys: ["?"], label: "This help" },
];

export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Triage without the mouse. Keys work when no text field has the focus.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={6} component="dl" m={0}>
          {SHORTCUTS.map((s) => (
            <Group key={s.label} gap="sm" wrap="nowrap" align="flex-start">
              <Group gap={4} wrap="nowrap" miw={70} component="dt">
                {s.keys.map((k) => (
                  <Kbd key={k} size="sm" style={{ whiteSpace: "nowrap" }}>
                    {k}
                  </Kbd>
                ))}
              </Group>
              <Text size="sm" component="dd" m={0}>
                {s.label}
              </Text>
            </Group>
          ))}
        </SimpleGrid>
      </Stack>
    </Modal>
  );
}

import { Button, Group, NumberInput, Pill, Stack, Text } from "@mantine/core";
import { useState } from "react";

const label = (h: number) => (h >= 72 && h % 24 === 0 ? `${h / 24} days` : `${h} h`);

/** Hours before the deadline at which pending approvers are reminded (default 48 h and 4 h). */
export function RemindersField({
  value,
  onChange,
  error,
}: {
  value: number[];
  onChange: (v: number[]) => void;
  error?: string | null;
}) {
  const [hours, setHours] = useState<number | string>(24);
  const n = Number(hours);
  const invalid = !Number.isInteger(n) || n < 1 || n > 720;
  const add = () => {
    if (invalid || value.includes(n) || value.length >= 6) return;
    onChange([...value, n].sort((a, b) => b - a));
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Reminders
      </Text>
      <Group gap={6} aria-label="Reminders before the deadline">
        {value.length ? (
          value.map((h) => (
            <Pill
              key={h}
              withRemoveButton
              onRemove={() => onChange(value.filter((x) => x !== h))}
              removeButtonProps={{ "aria-label": `Remove the reminder ${label(h)} before` }}
            >
              {label(h)} before
            </Pill>
          ))
        ) : (
          <Text size="xs" c="dimmed">
            No reminders: approvers are only told when the request is sent.
          </Text>
        )}
      </Group>
      <Group gap="xs" align="flex-end">
        <NumberInput
          aria-label="Hours before the deadline"
          size="xs"
          w={110}
          min={1}
          max={720}
          suffix=" h"
          value={hours}
          onChange={setHours}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button
          size="xs"
          variant="light"
          onClick={add}
          disabled={invalid || value.includes(n) || value.length >= 6}
        >
          Add reminder
        </Button>
      </Group>
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          Pending approvers get an e-mail and an in-app reminder this long before the deadline.
        </Text>
      )}
    </Stack>
  );
}

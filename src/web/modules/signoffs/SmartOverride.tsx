import { Alert, List, Text, Textarea } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { SignoffPreflight } from "../../../shared/signoff.schemas.ts";
import { pluralize } from "../../lib/format.ts";

const SHOWN = 10;

/** SMART failures before sending, and the override reason they make required. */
export function SmartOverride({
  failures,
  inputProps,
}: {
  failures: SignoffPreflight["smartFailures"];
  inputProps: object;
}) {
  if (!failures.length) return null;
  return (
    <>
      <Alert
        color="yellow"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title={`${pluralize(failures.length, "item")} fail SMART checks`}
      >
        <List size="sm" spacing={2}>
          {failures.slice(0, SHOWN).map((f) => (
            <List.Item key={f.itemId}>
              <Text span size="sm" fw={600}>
                {f.title}
              </Text>
              <Text span size="sm" c="dimmed">
                {" "}
                — not {f.failed.join(", ")}
              </Text>
            </List.Item>
          ))}
        </List>
        {failures.length > SHOWN ? (
          <Text size="xs" c="dimmed" mt={4}>
            and {pluralize(failures.length - SHOWN, "more item")}
          </Text>
        ) : null}
        <Text size="sm" mt="xs">
          Fix them on the roadmap, or send anyway with a reason.
        </Text>
      </Alert>
      <Textarea
        label="Override reason (approvers will see it)"
        required
        autosize
        minRows={2}
        maxRows={5}
        placeholder="Why these items go for sign-off as they are"
        {...inputProps}
      />
    </>
  );
}

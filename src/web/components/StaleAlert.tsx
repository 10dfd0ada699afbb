import { Alert, Button, Stack } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";

/** Shown when a save was refused because someone else saved the same record first (409, stale version). */
export function StaleAlert({
  what,
  onReload,
  reloading,
}: {
  what: string;
  onReload: () => void;
  reloading: boolean;
}) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={`Someone else changed this ${what}`}
      role="alert"
    >
      <Stack gap="xs" align="flex-start">
        <span>
          It was saved by someone else while you were editing, so your changes were not saved. Reload to see
          the latest version, then make your change again.
        </span>
        <Button
          size="xs"
          variant="white"
          color="orange"
          leftSection={<IconRefresh size={14} />}
          onClick={onReload}
          loading={reloading}
        >
          Reload latest version
        </Button>
      </Stack>
    </Alert>
  );
}

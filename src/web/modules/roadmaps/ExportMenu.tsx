import { Alert, Button, Group, Menu, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconCalendar,
  IconCalendarShare,
  IconDownload,
  IconFileSpreadsheet,
  IconJson,
  IconPrinter,
} from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import type { Roadmap } from "../../../shared/roadmap.schemas.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDisableFeed, useEnableFeed } from "./hooks.ts";
import { roadmapPaths } from "./paths.ts";

/** Downloads (CSV, JSON, iCalendar), the secret calendar feed URL, and the print view. */
export function ExportMenu({ roadmap }: { roadmap: Roadmap }) {
  const { workspaceId: wid } = useWorkspace();
  const [feedOpened, feed] = useDisclosure(false);
  const file = (f: "csv" | "json" | "ics") => roadmapPaths.exportFile(wid, roadmap.id, f);
  return (
    <>
      <Menu position="bottom-end" width={250}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconDownload size={16} />}>
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            component="a"
            href={file("csv")}
            download
            leftSection={<IconFileSpreadsheet size={16} />}
          >
            CSV (spreadsheets)
          </Menu.Item>
          <Menu.Item component="a" href={file("json")} download leftSection={<IconJson size={16} />}>
            JSON (everything)
          </Menu.Item>
          <Menu.Item
            component="a"
            href={file("ics")}
            download={`${roadmap.name.replace(/[^\p{L}\p{N}]+/gu, "-")}.ics`}
            leftSection={<IconCalendar size={16} />}
          >
            iCalendar file (milestones)
          </Menu.Item>
          <Menu.Item onClick={feed.open} leftSection={<IconCalendarShare size={16} />}>
            Calendar feed URL…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            component={Link}
            href={roadmapPaths.print(wid, roadmap.id)}
            leftSection={<IconPrinter size={16} />}
          >
            Print view
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <FeedModal opened={feedOpened} onClose={feed.close} roadmap={roadmap} />
    </>
  );
}

function FeedModal({ opened, onClose, roadmap }: { opened: boolean; onClose: () => void; roadmap: Roadmap }) {
  const { workspaceId: wid, can } = useWorkspace();
  const enable = useEnableFeed(wid, roadmap.id);
  const disable = useDisableFeed(wid, roadmap.id);
  const [url, setUrl] = useState<string | null>(null);
  const canWrite = can("roadmaps.write");

  const make = () =>
    enable.mutate(undefined, {
      onSuccess: ({ path }) => {
        const full = window.location.origin + path;
        setUrl(full);
        navigator.clipboard?.writeText(full).then(
          () => notifySuccess("Paste it into your calendar app's “subscribe by URL”.", "Feed URL copied"),
          () => undefined,
        );
      },
      onError: (err) => notifyError(err, "Could not create the feed URL"),
    });

  const close = () => {
    setUrl(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Calendar feed of the milestones">
      <Stack gap="md">
        <Text size="sm">
          Subscribe to the roadmap's milestones from Google Calendar, Outlook or Apple Calendar. The URL is a
          secret: anyone who has it can see the milestones, without logging in.
        </Text>
        {url ? (
          <CopyField label="Feed URL" value={url} description="Copied to the clipboard" />
        ) : roadmap.feedEnabled ? (
          <Alert color="blue" variant="light">
            The feed is on. Its URL was shown when it was made; a new URL replaces it, and the old one stops
            working.
          </Alert>
        ) : null}
        {canWrite ? (
          <Group justify="space-between">
            {roadmap.feedEnabled || url ? (
              <Button
                variant="subtle"
                color="red"
                loading={disable.isPending}
                onClick={() =>
                  disable.mutate(undefined, {
                    onSuccess: () => {
                      notifySuccess("The feed URL no longer works.", "Calendar feed off");
                      close();
                    },
                    onError: (err) => notifyError(err, "Could not turn the feed off"),
                  })
                }
              >
                Turn the feed off
              </Button>
            ) : (
              <span />
            )}
            <Button onClick={make} loading={enable.isPending} leftSection={<IconCalendarShare size={16} />}>
              {roadmap.feedEnabled || url ? "Make a new URL" : "Make the feed URL"}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            A product manager can turn the feed on.
          </Text>
        )}
      </Stack>
    </Modal>
  );
}

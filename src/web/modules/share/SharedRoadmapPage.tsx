import {
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconLinkOff, IconPresentation, IconRefresh, IconRosetteDiscountCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useParams } from "wouter";
import type { SharedRoadmap } from "../../../shared/signoff.schemas.ts";
import { API_BASE } from "../../api/client.ts";
import { useDocumentTitle } from "../../components/Page.tsx";
import { formatDate, pluralize } from "../../lib/format.ts";
import { deckOfShared } from "../roadmaps/deck.ts";
import { Presentation } from "../roadmaps/Presentation.tsx";
import { SharedRoadmapGrid } from "./SharedRoadmapGrid.tsx";
import classes from "./shared.module.css";

/** The server's answer to a token it does not honour (unknown, expired, revoked) or a failed request. */
class SharedLinkError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Plain fetch, no session and no cookies: the page is public, the token is the only key. */
async function fetchShared(token: string, signal: AbortSignal): Promise<SharedRoadmap> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/shared/${encodeURIComponent(token)}`, {
      headers: { Accept: "application/json" },
      credentials: "omit",
      signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new SharedLinkError(0, "Cannot reach Baton. Check your connection and try again.");
  }
  const body = (await res.json().catch(() => null)) as
    | (SharedRoadmap & { error?: { message?: string; fields?: Record<string, string> } })
    | null;
  // A mangled address fails validation ("Invalid params"): say what the reader can do about it instead.
  if (res.status === 400)
    throw new SharedLinkError(
      400,
      `${body?.error?.fields?.token ?? "Not a share link"}: check that you copied the whole address.`,
    );
  if (!res.ok)
    throw new SharedLinkError(res.status, body?.error?.message ?? `The server answered ${res.status}`);
  return body as SharedRoadmap;
}

/** Keeps search engines away from a page only meant for the people a link was sent to. */
function useNoIndex() {
  useEffect(() => {
    const meta = document.createElement("meta");
    meta.name = "robots";
    meta.content = "noindex, nofollow";
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
}

/** `/s/:token`: an approved roadmap baseline shared read-only with people outside Baton. */
export function SharedRoadmapPage() {
  const { token = "" } = useParams<{ token: string }>();
  useNoIndex();
  const shared = useQuery({
    queryKey: ["shared-roadmap", token],
    queryFn: ({ signal }) => fetchShared(token, signal),
    // Every fetch counts as a view: no refetch on focus; only a network failure or 5xx is retried.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: (count, err) =>
      count < 2 && (!(err instanceof SharedLinkError) || err.status === 0 || err.status >= 500),
  });
  useDocumentTitle(shared.data ? `${shared.data.roadmapName} (shared roadmap)` : "Shared roadmap");

  if (shared.isPending)
    return (
      <Center h="100vh" role="status" aria-label="Loading the shared roadmap">
        <Loader type="dots" />
      </Center>
    );
  if (shared.isError) return <LinkError error={shared.error} onRetry={() => shared.refetch()} />;
  return <SharedView data={shared.data} />;
}

function SharedView({ data }: { data: SharedRoadmap }) {
  const deck = useMemo(() => deckOfShared(data), [data]);
  const [presenting, setPresenting] = useState(false);
  const v = data.version;
  return (
    <div className={classes.page}>
      <header className={classes.header}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          <Stack gap={6} miw={0}>
            <Text size="sm" c="dimmed" fw={600}>
              {data.workspaceName} · {data.productName}
            </Text>
            <Title order={1} fz={{ base: 26, sm: 32 }} lh={1.15}>
              {data.roadmapName}
            </Title>
            <Group gap="xs" wrap="wrap">
              <Text fw={600}>
                Version {v.number} · {v.name}
              </Text>
              {v.approvedAt ? (
                <Badge
                  color="teal"
                  variant="light"
                  size="lg"
                  leftSection={<IconRosetteDiscountCheck size={15} />}
                >
                  Approved on {formatDate(v.approvedAt)}
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" c="dimmed">
              {pluralize(data.items.length, "item")} · Read-only · Link expires {formatDate(data.expiresAt)}
            </Text>
          </Stack>
          <Button
            size="md"
            leftSection={<IconPresentation size={18} />}
            onClick={() => setPresenting(true)}
            disabled={data.periods.length === 0 && data.items.length === 0}
          >
            Present
          </Button>
        </Group>
      </header>
      <main className={classes.main}>
        <SharedRoadmapGrid deck={deck} />
      </main>
      <PoweredBy />
      {presenting ? <Presentation deck={deck} onClose={() => setPresenting(false)} /> : null}
    </div>
  );
}

function LinkError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const status = error instanceof SharedLinkError ? error.status : 0;
  const gone = status >= 400 && status < 500;
  return (
    <div className={classes.page}>
      <Center className={classes.main} p="md" style={{ flex: 1 }}>
        <Paper withBorder radius="lg" p="xl" maw={480} w="100%" role="alert">
          <Stack gap="sm" align="flex-start">
            <ThemeIcon size={48} radius="xl" variant="light" color={gone ? "yellow" : "red"}>
              <IconLinkOff size={26} />
            </ThemeIcon>
            <Title order={1} fz={24}>
              {gone ? "This link no longer works" : "Could not load this roadmap"}
            </Title>
            <Text>{error.message}</Text>
            <Text size="sm" c="dimmed">
              {gone
                ? "Share links expire or can be revoked by the people who made them. Ask whoever sent it for a new link."
                : "Try again in a moment."}
            </Text>
            {gone ? null : (
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onRetry}>
                Try again
              </Button>
            )}
          </Stack>
        </Paper>
      </Center>
      <PoweredBy />
    </div>
  );
}

function PoweredBy() {
  return (
    <Box component="footer" className={classes.footer}>
      <Anchor href="/" size="sm" c="dimmed" underline="hover">
        Powered by Baton
      </Anchor>
    </Box>
  );
}

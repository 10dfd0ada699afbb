import {
  Anchor,
  Box,
  Center,
  Container,
  Divider,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconRss } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useParams } from "wouter";
import type { PublicChangelog } from "../../../shared/loop.schemas.ts";
import { API_BASE } from "../../api/client.ts";
import { useDocumentTitle } from "../../components/Page.tsx";
import { formatDate } from "../../lib/format.ts";
import { Markdown } from "../ideas/markdown.tsx";

class NotPublic extends Error {}

/** Plain fetch without cookies: the page is public. */
async function fetchChangelog(wid: string, pid: string, signal: AbortSignal): Promise<PublicChangelog> {
  const res = await fetch(
    `${API_BASE}/public/changelog/${encodeURIComponent(wid)}/${encodeURIComponent(pid)}`,
    {
      headers: { accept: "application/json" },
      credentials: "omit",
      signal,
    },
  );
  const body = (await res.json().catch(() => null)) as
    | (PublicChangelog & { error?: { message?: string } })
    | null;
  if (res.status === 404 || res.status === 400) throw new NotPublic(body?.error?.message ?? "Not found");
  if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
  return body as PublicChangelog;
}

/** `/changelog/:wid/:pid`: a product's published changelog, for anyone (feeds linked for readers). */
export function PublicChangelogPage() {
  const { wid = "", pid = "" } = useParams<{ wid: string; pid: string }>();
  const q = useQuery({
    queryKey: ["public-changelog", wid, pid],
    queryFn: ({ signal }) => fetchChangelog(wid, pid, signal),
    retry: (n, e) => !(e instanceof NotPublic) && n < 2,
  });
  useDocumentTitle(q.data ? `${q.data.productName} changelog` : "Changelog");
  // Feed readers find the feeds from the page; the anchor of an entry scrolls to it once loaded.
  useEffect(() => {
    if (!q.data) return;
    const links = [
      { type: "application/rss+xml", href: q.data.rssUrl },
      { type: "application/atom+xml", href: q.data.atomUrl },
    ].map(({ type, href }) => {
      const l = document.createElement("link");
      l.rel = "alternate";
      l.type = type;
      l.href = href;
      l.title = `${q.data.productName} changelog`;
      document.head.appendChild(l);
      return l;
    });
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    target?.scrollIntoView();
    return () => {
      for (const l of links) l.remove();
    };
  }, [q.data]);

  if (q.isPending)
    return (
      <Center mih="100vh" component="main">
        <Loader aria-label="Loading the changelog" />
      </Center>
    );
  if (q.isError)
    return (
      <Center mih="100vh" p="md" component="main">
        <Paper withBorder radius="lg" p="xl" maw={480}>
          <Title order={1} fz="h3">
            {q.error instanceof NotPublic ? "No changelog here" : "The changelog could not load"}
          </Title>
          <Text size="sm" mt="sm">
            {q.error instanceof NotPublic
              ? "This changelog does not exist or has nothing published yet. Check that you copied the whole address."
              : q.error.message}
          </Text>
        </Paper>
      </Center>
    );
  const c = q.data;
  return (
    <Container size="sm" py="xl" component="main">
      <Stack gap="xs" mb="lg">
        <Text size="sm" c="dimmed">
          {c.workspaceName}
        </Text>
        <Title order={1}>{c.productName} changelog</Title>
        <Group gap="md">
          <Anchor href={c.rssUrl} size="sm">
            <Group gap={4} component="span">
              <IconRss size={14} aria-hidden /> RSS
            </Group>
          </Anchor>
          <Anchor href={c.atomUrl} size="sm">
            <Group gap={4} component="span">
              <IconRss size={14} aria-hidden /> Atom
            </Group>
          </Anchor>
        </Group>
      </Stack>
      <Stack gap="lg">
        {c.entries.map((e, i) => (
          <Box key={e.id} component="article" id={`entry-${e.id}`} aria-labelledby={`entry-title-${e.id}`}>
            {i ? <Divider mb="lg" /> : null}
            <Text size="sm" c="dimmed" component="time" dateTime={e.publishedAt}>
              {formatDate(e.publishedAt)}
            </Text>
            <Title order={2} fz="h3" id={`entry-title-${e.id}`} mb="xs" style={{ overflowWrap: "anywhere" }}>
              {e.title}
            </Title>
            <Markdown source={e.body} />
          </Box>
        ))}
      </Stack>
    </Container>
  );
}

import { Anchor, Button, Group, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { IconArrowLeft, IconExternalLink, IconPrinter, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import { confirmAction, notifyError } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { BattlecardTab } from "./BattlecardTab.tsx";
import { competitorPaths, useCompetitor, useCompetitorMutations } from "./hooks.ts";
import { PricingTab } from "./PricingTab.tsx";
import { ProfileTab } from "./ProfileTab.tsx";
import { CompetitorLogo, StatusBadge, WatchButton } from "./parts.tsx";
import { SwotTab } from "./SwotTab.tsx";

/** A tab a higher module adds to the competitor's page (monitoring adds Sources and Changes). */
export interface CompetitorExtraTab {
  value: string;
  label: string;
  render: (competitorId: string) => ReactNode;
}

/**
 * `/w/:wid/competitors/:cid`: a competitor's page with tabs Profile, SWOT, Pricing, Battlecard and the `extraTabs`
 * a higher module passes in (this module imports nothing above it). The tab is in the URL (?tab=).
 */
export function CompetitorPage({ extraTabs = [] }: { extraTabs?: CompetitorExtraTab[] }) {
  const { cid = "" } = useParams<{ cid: string }>();
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const c = useCompetitor(wid, cid);
  const m = useCompetitorMutations(wid);
  const search = useSearch();
  const [, navigate] = useLocation();
  const tab = new URLSearchParams(search).get("tab") || "profile";
  useDocumentTitle(c.data?.name ?? "Competitor", workspace.name);

  if (c.isPending) return <Skeleton height={320} m="xl" radius="lg" />;
  if (c.isError) return <ErrorState error={c.error} onRetry={() => c.refetch()} />;
  const competitor = c.data;
  const remove = () =>
    confirmAction({
      title: `Delete ${competitor.name}?`,
      message:
        "Its profile, SWOT cards, pricing history, battlecard, matrix cells, tracked sources and changes are deleted. Archive it instead to keep them.",
      confirmLabel: "Delete competitor",
      onConfirm: () =>
        m.remove.mutate(competitor.id, {
          onSuccess: () => navigate(competitorPaths.list(wid)),
          onError: (e) => notifyError(e),
        }),
    });

  return (
    <Page
      title={
        <Group gap="sm" wrap="nowrap" component="span">
          <CompetitorLogo wid={wid} c={competitor} size={36} />
          <span style={{ overflowWrap: "anywhere" }}>{competitor.name}</span>
        </Group>
      }
      description={competitor.positioning ?? undefined}
      actions={
        <>
          <StatusBadge status={competitor.status} />
          <WatchButton wid={wid} id={competitor.id} name={competitor.name} watching={competitor.watching} />
          <Button
            component={Link}
            href={competitorPaths.print(wid, competitor.id)}
            variant="default"
            size="xs"
            leftSection={<IconPrinter size={14} />}
          >
            Battlecard
          </Button>
          {can("competitors.manage") ? (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              leftSection={<IconTrash size={14} />}
              onClick={remove}
            >
              Delete
            </Button>
          ) : null}
        </>
      }
    >
      <Group gap="md" wrap="wrap">
        <Anchor component={Link} href={competitorPaths.list(wid)} size="sm" c="dimmed">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden /> Competitors
          </Group>
        </Anchor>
        {competitor.website ? (
          <Anchor href={competitor.website} target="_blank" rel="noopener noreferrer nofollow" size="sm">
            <Group gap={4} component="span">
              <IconExternalLink size={14} aria-hidden /> {competitor.website.replace(/^https?:\/\//, "")}
            </Group>
          </Anchor>
        ) : null}
        <Text size="sm" c="dimmed">
          {competitor.watcherCount === 1 ? "1 watcher" : `${competitor.watcherCount} watchers`}
        </Text>
      </Group>
      <Tabs
        value={tab}
        onChange={(v) =>
          navigate(competitorPaths.page(wid, competitor.id, v && v !== "profile" ? v : undefined))
        }
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: "wrap" }}>
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="swot">SWOT</Tabs.Tab>
          <Tabs.Tab value="pricing">Pricing</Tabs.Tab>
          <Tabs.Tab value="battlecard">Battlecard</Tabs.Tab>
          {extraTabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Stack pt="md">
          <Tabs.Panel value="profile">
            <ProfileTab competitor={competitor} />
          </Tabs.Panel>
          <Tabs.Panel value="swot">
            <SwotTab competitorId={competitor.id} />
          </Tabs.Panel>
          <Tabs.Panel value="pricing">
            <PricingTab competitorId={competitor.id} />
          </Tabs.Panel>
          <Tabs.Panel value="battlecard">
            <BattlecardTab competitorId={competitor.id} />
          </Tabs.Panel>
          {extraTabs.map((t) => (
            <Tabs.Panel key={t.value} value={t.value}>
              {t.render(competitor.id)}
            </Tabs.Panel>
          ))}
        </Stack>
      </Tabs>
    </Page>
  );
}

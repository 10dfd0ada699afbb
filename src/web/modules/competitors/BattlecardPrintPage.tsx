import { Box, Button, Group, Skeleton, Stack } from "@mantine/core";
import { useClipboard } from "@mantine/hooks";
import { IconArrowLeft, IconCopy, IconPrinter } from "@tabler/icons-react";
import { Link, useParams } from "wouter";
import { BATTLECARD_LABELS } from "../../../shared/competitors.schemas.ts";
import { useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { Markdown } from "../ideas/markdown.tsx";
import classes from "./battlecard-print.module.css";
import { competitorPaths, useBattlecard, useCompetitor } from "./hooks.ts";
import { CompetitorLogo } from "./parts.tsx";

/** `/w/:wid/competitors/:cid/battlecard/print`: the battlecard on one sheet, for printing or sharing with members. */
export function BattlecardPrintPage() {
  const { cid = "" } = useParams<{ cid: string }>();
  const { workspaceId: wid, workspace } = useWorkspace();
  const card = useBattlecard(wid, cid);
  const competitor = useCompetitor(wid, cid);
  const clipboard = useClipboard({ timeout: 1500 });
  useDocumentTitle(card.data ? `${card.data.competitorName} battlecard` : "Battlecard", workspace.name);
  const updated = card.data?.sections
    .map((s) => s.updatedAt)
    .filter((x): x is string => Boolean(x))
    .sort()
    .at(-1);

  return (
    <Box className={classes.page}>
      <Group justify="space-between" mb="md" className={classes.noPrint} wrap="wrap">
        <Button
          component={Link}
          href={competitorPaths.page(wid, cid, "battlecard")}
          variant="subtle"
          leftSection={<IconArrowLeft size={16} />}
        >
          Back to the competitor
        </Button>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconCopy size={16} />}
            onClick={() => clipboard.copy(window.location.href)}
          >
            {clipboard.copied ? "Link copied" : "Copy link"}
          </Button>
          <Button
            leftSection={<IconPrinter size={16} />}
            onClick={() => window.print()}
            disabled={!card.data}
          >
            Print
          </Button>
        </Group>
      </Group>
      {card.isError ? (
        <ErrorState error={card.error} onRetry={() => card.refetch()} />
      ) : !card.data ? (
        <Stack>
          <Skeleton h={40} w={320} />
          <Skeleton h={400} />
        </Stack>
      ) : (
        <article className={classes.sheet}>
          <header className={classes.head}>
            <Group gap="sm" wrap="nowrap">
              {competitor.data ? <CompetitorLogo wid={wid} c={competitor.data} size={40} /> : null}
              <div>
                <h1 className={classes.name}>{card.data.competitorName}: battlecard</h1>
                {competitor.data?.positioning ? (
                  <div className={classes.meta}>{competitor.data.positioning}</div>
                ) : null}
              </div>
            </Group>
            <div className={classes.meta}>
              {workspace.name}
              {updated ? ` · updated ${formatDate(updated)}` : ""}
            </div>
          </header>
          <div className={classes.sections}>
            {card.data.sections.map((s) => (
              <section key={s.section} className={classes.section}>
                <h2>{BATTLECARD_LABELS[s.section]}</h2>
                {s.body.trim() ? (
                  <Markdown source={s.body} />
                ) : (
                  <div className={classes.empty}>Nothing written yet.</div>
                )}
              </section>
            ))}
          </div>
        </article>
      )}
    </Box>
  );
}

import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconPencil, IconPrinter } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { BATTLECARD_LABELS, type Section } from "../../../shared/competitors.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { ErrorState, FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { Markdown } from "../ideas/markdown.tsx";
import { type BattlecardSectionValue, competitorPaths, useBattlecard, useSaveSection } from "./hooks.ts";

const HINTS: Record<Section, string> = {
  why_we_win: "Where we are stronger, with proof points.",
  why_we_lose: "Where they beat us, honestly, and what to do about it.",
  objections: "What prospects say and how to answer.",
  landmines: "Questions to ask that expose their weak spots.",
};

/** The battlecard's four sections for sales and support, each written in Markdown and shown sanitized. */
export function BattlecardTab({ competitorId }: { competitorId: string }) {
  const { workspaceId: wid, can } = useWorkspace();
  const card = useBattlecard(wid, competitorId);
  if (card.isPending) return <Skeleton height={320} radius="md" />;
  if (card.isError) return <ErrorState error={card.error} onRetry={() => card.refetch()} />;
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button
          component={Link}
          href={competitorPaths.print(wid, competitorId)}
          variant="default"
          size="xs"
          leftSection={<IconPrinter size={14} />}
        >
          Print / share view
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {card.data.sections.map((s) => (
          <SectionEditor
            key={s.section}
            competitorId={competitorId}
            section={s}
            canWrite={can("competitors.write")}
            onReload={() => card.refetch()}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function SectionEditor({
  competitorId,
  section,
  canWrite,
  onReload,
}: {
  competitorId: string;
  section: BattlecardSectionValue;
  canWrite: boolean;
  onReload: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const save = useSaveSection(wid, competitorId);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = BATTLECARD_LABELS[section.section];
  const submit = () => {
    if (draft === null) return;
    setError(null);
    save.mutate(
      { section: section.section, version: section.version, body: draft },
      {
        onSuccess: () => setDraft(null),
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) {
            setError("Someone else saved this section meanwhile. Copy your text, reload, and edit again.");
            onReload();
          } else setError(errorMessage(err));
        },
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} fz="md">
            {label}
          </Title>
          {canWrite && draft === null ? (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPencil size={14} />}
              onClick={() => setDraft(section.body)}
              aria-label={`Edit ${label}`}
            >
              Edit
            </Button>
          ) : null}
        </Group>
        {draft !== null ? (
          <>
            <Textarea
              aria-label={`${label} (Markdown)`}
              description={HINTS[section.section]}
              autosize
              minRows={6}
              maxRows={20}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              data-autofocus
            />
            <FormError error={error} />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setDraft(null)}>
                Cancel
              </Button>
              <Button size="xs" onClick={submit} loading={save.isPending}>
                Save
              </Button>
            </Group>
          </>
        ) : section.body.trim() ? (
          <Markdown source={section.body} />
        ) : (
          <Text size="sm" c="dimmed">
            {HINTS[section.section]} Nothing written yet.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

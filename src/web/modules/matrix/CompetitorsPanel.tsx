import { Anchor, Group, Progress, Skeleton, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import { coverageSentence } from "../../../shared/matrix.ts";
import { Surface } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useIdeaCompetitors } from "./hooks.ts";
import { matrixPath, STATUS_UI } from "./labels.ts";

/** An idea's competitor coverage: "3 of 5 competitors have this", from the matrix rows linked to it. */
export function CompetitorsPanel({ idea }: { idea: { id: string; productId: string } }) {
  const { workspaceId: wid } = useWorkspace();
  const cov = useIdeaCompetitors(wid, idea.id);
  const href = matrixPath(wid, idea.productId);
  return (
    <Surface p="md">
      <Stack gap="sm" component="section" aria-labelledby="idea-competitors-title">
        <Text fw={600} id="idea-competitors-title">
          Competitors
        </Text>
        {cov.isPending ? (
          <Skeleton height={60} radius="md" />
        ) : cov.isError ? (
          <ErrorState error={cov.error} onRetry={() => cov.refetch()} />
        ) : cov.data.rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            This idea is not in the{" "}
            <Anchor component={Link} href={href} size="sm">
              feature matrix
            </Anchor>{" "}
            yet: add it as a row to see which competitors have it.
          </Text>
        ) : (
          <>
            <Text size="sm" fw={600} data-testid="idea-competitors-sentence">
              {coverageSentence(cov.data)}
            </Text>
            {cov.data.total > 0 ? (
              <Progress.Root size="md">
                <Progress.Section
                  value={(100 * cov.data.have) / cov.data.total}
                  color="teal"
                  aria-label={`${cov.data.have} of ${cov.data.total} have it`}
                />
                <Progress.Section
                  value={(100 * cov.data.partial) / cov.data.total}
                  color="yellow"
                  aria-label={`${cov.data.partial} of ${cov.data.total} have it partly`}
                />
              </Progress.Root>
            ) : null}
            <Stack gap={2} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {cov.data.competitors.map((c) => (
                <Group key={c.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" truncate>
                    {c.name}
                  </Text>
                  <Text size="sm" c={c.status === "unknown" ? "dimmed" : STATUS_UI[c.status].color}>
                    <span aria-hidden>{STATUS_UI[c.status].glyph}</span> {STATUS_UI[c.status].label}
                    {c.stale ? " (stale)" : ""}
                  </Text>
                </Group>
              ))}
            </Stack>
            <Anchor component={Link} href={href} size="sm">
              Open the feature matrix
            </Anchor>
          </>
        )}
      </Stack>
    </Surface>
  );
}

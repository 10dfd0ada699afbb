import { Anchor, Group, Progress, Skeleton, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import { coverageSentence } from "../../../shared/matrix.ts";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
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
        <QueryState
          query={cov}
          loading={<Skeleton height={60} radius="md" />}
          isEmpty={(data) => data.rows.length === 0}
          empty={
            <Text size="sm" c="dimmed">
              This idea is not in the{" "}
              <Anchor component={Link} href={href} size="sm">
                feature matrix
              </Anchor>{" "}
              yet: add it as a row to see which competitors have it.
            </Text>
          }
        >
          {(data) => (
            <>
              <Text size="sm" fw={600} data-testid="idea-competitors-sentence">
                {coverageSentence(data)}
              </Text>
              {data.total > 0 ? (
                <Progress.Root size="md">
                  <Progress.Section
                    value={(100 * data.have) / data.total}
                    color="teal"
                    aria-label={`${data.have} of ${data.total} have it`}
                  />
                  <Progress.Section
                    value={(100 * data.partial) / data.total}
                    color="yellow"
                    aria-label={`${data.partial} of ${data.total} have it partly`}
                  />
                </Progress.Root>
              ) : null}
              <Stack gap={2} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {data.competitors.map((c) => (
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
        </QueryState>
      </Stack>
    </Surface>
  );
}

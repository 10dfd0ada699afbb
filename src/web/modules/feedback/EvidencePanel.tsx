import "./feedback.css";
import {
  Anchor,
  Box,
  Button,
  Group,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconMessagePlus } from "@tabler/icons-react";
import { Link } from "wouter";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { formatMoney, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { markdownExcerpt } from "../ideas/markdown.tsx";
import { CaptureModal } from "./CaptureModal.tsx";
import { useEvidence } from "./hooks.ts";
import {
  IMPORTANCE_COLORS,
  IMPORTANCE_LABELS,
  ImportanceBadge,
  SENTIMENT_COLORS,
  SENTIMENT_LABELS,
} from "./labels.tsx";

/** An idea's customer evidence: demand, who asked, their revenue by segment, importance and sentiment, quotes. */
export function EvidencePanel({ idea }: { idea: { id: string; number: number; title: string } }) {
  const { workspaceId: wid, can } = useWorkspace();
  const ev = useEvidence(wid, idea.id);
  const [captureOpened, capture] = useDisclosure(false);

  return (
    <Surface p="md">
      <Stack gap="sm" aria-labelledby="evidence-title" component="section">
        <Text fw={600} id="evidence-title">
          Customer evidence
        </Text>
        <QueryState
          query={ev}
          loading={<Skeleton height={120} radius="md" />}
          isEmpty={(data) => data.feedbackCount === 0}
          empty={
            <Text size="sm" c="dimmed">
              No feedback is linked to this idea yet. Link items from the{" "}
              <Anchor component={Link} href={`/w/${wid}/feedback`} size="sm">
                feedback inbox
              </Anchor>{" "}
              or add what a customer told you.
            </Text>
          }
        >
          {(data) => (
            <>
              <Stack gap={4}>
                <Group justify="space-between" align="baseline">
                  <Text size="sm" c="dimmed">
                    Customer demand
                  </Text>
                  <Text fw={700} fz="xl" data-testid="evidence-demand">
                    {data.demand.toFixed(2)}
                    <Text span size="sm" c="dimmed" fw={400}>
                      {" "}
                      / 10
                    </Text>
                  </Text>
                </Group>
                <Progress
                  value={data.demand * 10}
                  aria-label={`Customer demand ${data.demand.toFixed(2)} of 10`}
                  size="md"
                  radius="xl"
                />
              </Stack>
              <SimpleGrid cols={3} spacing="xs">
                <Stat label="Feedback" value={data.feedbackCount} testId="evidence-count" />
                <Stat label="Customers" value={data.customers} />
                <Stat label="Companies" value={data.companies} />
              </SimpleGrid>
              {data.arrBySegment?.length ? (
                <Stack gap={4}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                    ARR by segment
                  </Text>
                  {data.arrBySegment.map((r) => (
                    <Group key={`${r.segment}-${r.currency}`} justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" truncate>
                        {r.segment ?? "No segment"}{" "}
                        <Text span size="xs" c="dimmed">
                          ({r.companies})
                        </Text>
                      </Text>
                      <Text size="sm" fw={600}>
                        {formatMoney(r.arr, r.currency)}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              ) : null}
              <Mix
                title="Importance"
                rows={data.importance.map((r) => ({
                  key: r.key,
                  count: r.count,
                  label: IMPORTANCE_LABELS[r.key],
                  color: IMPORTANCE_COLORS[r.key] === "gray" ? "gray.5" : IMPORTANCE_COLORS[r.key],
                }))}
              />
              <Mix
                title="Sentiment"
                rows={data.sentiment.map((r) => ({
                  key: r.key,
                  count: r.count,
                  label: SENTIMENT_LABELS[r.key],
                  color: SENTIMENT_COLORS[r.key] === "gray" ? "gray.5" : SENTIMENT_COLORS[r.key],
                }))}
              />
              {data.quotes.length ? (
                <Stack gap="xs">
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                    Latest quotes
                  </Text>
                  {data.quotes.map((q) => (
                    <Box key={`${q.itemId}-${q.receivedAt}`} className="baton-quote">
                      <Anchor
                        component={Link}
                        href={`/w/${wid}/feedback?item=${q.itemId}`}
                        size="sm"
                        c="var(--mantine-color-text)"
                        style={{ overflowWrap: "anywhere" }}
                      >
                        “{markdownExcerpt(q.quote.replace(/<[^>]*>/g, " "))}”
                      </Anchor>
                      <Group gap={6} mt={4} wrap="wrap">
                        <Text size="xs" c="dimmed">
                          {[q.personName, q.companyName, relativeTime(q.receivedAt)]
                            .filter(Boolean)
                            .join(" · ")}
                        </Text>
                        <ImportanceBadge importance={q.importance} size="xs" />
                      </Group>
                    </Box>
                  ))}
                </Stack>
              ) : null}
            </>
          )}
        </QueryState>
        {can("feedback.write") ? (
          <Button
            variant="light"
            fullWidth
            leftSection={<IconMessagePlus size={16} />}
            onClick={capture.open}
          >
            Add feedback
          </Button>
        ) : null}
      </Stack>
      <CaptureModal opened={captureOpened} onClose={capture.close} idea={idea} />
    </Surface>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <Stack
      gap={0}
      align="center"
      p={6}
      style={{ borderRadius: 8, background: "var(--mantine-color-default-hover)" }}
    >
      <Text fw={700} fz="lg" data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

function Mix({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; count: number; label: string; color: string }[];
}) {
  const total = rows.reduce((a, r) => a + r.count, 0);
  if (!total) return null;
  const text = rows
    .filter((r) => r.count)
    .map((r) => `${r.label} ${r.count}`)
    .join(", ");
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {title}
      </Text>
      <Tooltip label={text}>
        <Box
          role="img"
          aria-label={`${title}: ${text}`}
          style={{ display: "flex", height: 10, borderRadius: 99, overflow: "hidden", gap: 2 }}
        >
          {rows
            .filter((r) => r.count)
            .map((r) => (
              <Box
                key={r.key}
                style={{
                  flex: r.count,
                  background: `var(--mantine-color-${r.color.replace(".", "-")}${r.color.includes(".") ? "" : "-6"})`,
                }}
              />
            ))}
        </Box>
      </Tooltip>
      <Text size="xs" c="dimmed">
        {text}
      </Text>
    </Stack>
  );
}

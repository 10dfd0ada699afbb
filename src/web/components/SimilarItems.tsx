import { Anchor, Badge, Group, Paper, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Similar } from "../../shared/themes.schemas.ts";
import { api } from "../api/client.ts";
import { wsKey } from "../api/hooks.ts";

export type SimilarIdea = Similar["ideas"][number];
export type SimilarFeedback = Similar["feedback"][number];

/** Texts shorter than this (trimmed) ask nothing: too few words to find a duplicate by. */
const MIN_CHARS = 4;
/** Matches under this score are noise. */
const MIN_SCORE = 0.2;

/** Feedback items and ideas like `text`, asked for 300 ms after typing stops (GET /similar). */
export function useSimilar(wid: string, text: string, opts: { productId?: string; exclude?: string } = {}) {
  const [q] = useDebouncedValue(text.trim().slice(0, 2000), 300);
  return useQuery({
    queryKey: wsKey(wid, "similar", q, opts.productId ?? null, opts.exclude ?? null),
    queryFn: ({ signal }) =>
      api.get<Similar>(
        `/workspaces/${wid}/similar`,
        { q, limit: 5, productId: opts.productId, exclude: opts.exclude },
        signal,
      ),
    enabled: q.length >= MIN_CHARS,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}

/**
 * "Already in Baton?": the feedback items and ideas most like what is being typed, each with a link to open it
 * and, for ideas, an optional action (link the new feedback to it). Renders nothing until there is a match.
 */
export function SimilarItems({
  wid,
  text,
  productId,
  kinds = ["ideas", "feedback"],
  ideaAction,
}: {
  wid: string;
  text: string;
  productId?: string;
  kinds?: ("ideas" | "feedback")[];
  ideaAction?: (idea: SimilarIdea) => ReactNode;
}) {
  const similar = useSimilar(wid, text, { productId });
  const enough = text.trim().length >= MIN_CHARS;
  const ideas =
    enough && kinds.includes("ideas") ? (similar.data?.ideas ?? []).filter((i) => i.score >= MIN_SCORE) : [];
  const feedback =
    enough && kinds.includes("feedback")
      ? (similar.data?.feedback ?? []).filter((f) => f.score >= MIN_SCORE)
      : [];
  return (
    <div aria-live="polite">
      {ideas.length || feedback.length ? (
        <Paper withBorder p="xs" radius="sm">
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              Already in Baton? Similar{" "}
              {ideas.length && feedback.length ? "ideas and feedback" : ideas.length ? "ideas" : "feedback"}
            </Text>
            {ideas.map((i) => (
              <Group key={i.id} gap="xs" wrap="nowrap" justify="space-between">
                <Text size="sm" lineClamp={1} style={{ minWidth: 0 }}>
                  <Anchor href={`/w/${wid}/ideas/${i.id}`} target="_blank" rel="noopener" size="sm">
                    #{i.number} {i.title}
                  </Anchor>{" "}
                  <Badge size="xs" variant="default">
                    idea · {i.status}
                  </Badge>
                </Text>
                {ideaAction ? ideaAction(i) : null}
              </Group>
            ))}
            {feedback.map((f) => (
              <Text key={f.id} size="sm" lineClamp={1}>
                <Anchor href={`/w/${wid}/feedback?item=${f.id}`} target="_blank" rel="noopener" size="sm">
                  {f.title || f.excerpt}
                </Anchor>{" "}
                <Badge size="xs" variant="default">
                  feedback · {f.status}
                </Badge>
              </Text>
            ))}
          </Stack>
        </Paper>
      ) : null}
    </div>
  );
}

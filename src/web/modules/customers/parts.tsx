import { Anchor, Box, Group, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import type { FeedbackItem } from "../../../shared/feedback.schemas.ts";
import { relativeTime } from "../../lib/format.ts";
import { FeedbackStatusBadge, SentimentBadge, sourceLabel } from "../feedback/labels.tsx";
import { markdownExcerpt } from "../ideas/markdown.tsx";

/** A customer's or company's feedback, newest first; each opens in the inbox. */
export function FeedbackList({ wid, items }: { wid: string; items: FeedbackItem[] }) {
  if (!items.length) {
    return (
      <Text size="sm" c="dimmed" p="md">
        No feedback yet.
      </Text>
    );
  }
  return (
    <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((f) => (
        <Box
          component="li"
          key={f.id}
          px="md"
          py="sm"
          style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
        >
          <Anchor
            component={Link}
            href={`/w/${wid}/feedback?item=${f.id}`}
            size="sm"
            c="var(--mantine-color-text)"
            fw={f.title ? 600 : 400}
            style={{ overflowWrap: "anywhere" }}
            lineClamp={2}
          >
            {f.title ?? markdownExcerpt(f.text.replace(/<[^>]*>/g, " "))}
          </Anchor>
          <Group gap={6} mt={4} wrap="wrap">
            <FeedbackStatusBadge status={f.status} size="xs" />
            <SentimentBadge sentiment={f.sentiment} size="xs" />
            <Text size="xs" c="dimmed">
              {sourceLabel(f.source)} · {relativeTime(f.receivedAt)}
              {f.personName ? ` · ${f.personName}` : ""}
            </Text>
          </Group>
        </Box>
      ))}
    </Stack>
  );
}

export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Box fz="sm">{children}</Box>
    </Stack>
  );
}

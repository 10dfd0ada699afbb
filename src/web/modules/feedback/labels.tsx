import { Badge, type BadgeProps, Tooltip } from "@mantine/core";
import {
  type Icon,
  IconApi,
  IconBrandAppstore,
  IconBrandBluesky,
  IconBrandGithub,
  IconBrandMastodon,
  IconBrandYcombinator,
  IconCalendarEvent,
  IconFileSpreadsheet,
  IconMail,
  IconMoodHappy,
  IconMoodNeutral,
  IconMoodSad,
  IconPencil,
  IconRss,
  IconWebhook,
  IconWorld,
} from "@tabler/icons-react";
import type { FeedbackSource, FeedbackStatus, Importance, Sentiment } from "../../../shared/feedback.ts";

export const SOURCE_LABELS: Record<FeedbackSource, string> = {
  manual: "Captured in Baton",
  email: "E-mail",
  webhook: "Webhook",
  api: "API",
  csv: "CSV import",
  rss: "RSS / Atom",
  mastodon: "Mastodon",
  hackernews: "Hacker News",
  bluesky: "Bluesky",
  appstore: "App Store",
  github: "GitHub",
  session: "Stakeholder session",
  portal: "Portal",
};

export const SOURCE_ICONS: Record<FeedbackSource, Icon> = {
  manual: IconPencil,
  email: IconMail,
  webhook: IconWebhook,
  api: IconApi,
  csv: IconFileSpreadsheet,
  rss: IconRss,
  mastodon: IconBrandMastodon,
  hackernews: IconBrandYcombinator,
  bluesky: IconBrandBluesky,
  appstore: IconBrandAppstore,
  github: IconBrandGithub,
  session: IconCalendarEvent,
  portal: IconWorld,
};

/** A source the server may add later still gets a label and an icon. */
export const sourceLabel = (s: string) => SOURCE_LABELS[s as FeedbackSource] ?? s;
export const sourceIcon = (s: string): Icon => SOURCE_ICONS[s as FeedbackSource] ?? IconWorld;

export const STATUS_LABELS: Record<FeedbackStatus, string> = {
  new: "New",
  triaged: "Triaged",
  linked: "Linked",
  archived: "Archived",
  spam: "Spam",
};
const STATUS_COLORS: Record<FeedbackStatus, string> = {
  new: "blue",
  triaged: "grape",
  linked: "teal",
  archived: "gray",
  spam: "red",
};

export const SENTIMENT_LABELS: Record<Sentiment, string> = {
  positive: "Positive",
  neutral: "Neutral",
  negative: "Negative",
};
export const SENTIMENT_COLORS: Record<Sentiment, string> = {
  positive: "teal",
  neutral: "gray",
  negative: "red",
};
const SENTIMENT_ICONS: Record<Sentiment, Icon> = {
  positive: IconMoodHappy,
  neutral: IconMoodNeutral,
  negative: IconMoodSad,
};

export const IMPORTANCE_LABELS: Record<Importance, string> = {
  nice: "Nice to have",
  important: "Important",
  critical: "Critical",
};
export const IMPORTANCE_COLORS: Record<Importance, string> = {
  nice: "gray",
  important: "orange",
  critical: "red",
};

export function FeedbackStatusBadge({ status, ...rest }: { status: FeedbackStatus } & BadgeProps) {
  return (
    <Badge variant="light" color={STATUS_COLORS[status]} {...rest}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function SentimentBadge({
  sentiment,
  score,
  overridden,
  size = "sm",
}: {
  sentiment: Sentiment;
  score?: number;
  overridden?: boolean;
  size?: BadgeProps["size"];
}) {
  const Icon = SENTIMENT_ICONS[sentiment];
  const badge = (
    <Badge
      variant="light"
      color={SENTIMENT_COLORS[sentiment]}
      size={size}
      leftSection={<Icon size={12} aria-hidden />}
      tt="none"
    >
      {SENTIMENT_LABELS[sentiment]}
    </Badge>
  );
  if (score === undefined) return badge;
  return (
    <Tooltip
      label={
        overridden
          ? "Set by a person (the computed hint differs)"
          : `Computed: VADER compound score ${score.toFixed(2)} (−1 to 1)`
      }
    >
      {badge}
    </Tooltip>
  );
}

export function ImportanceBadge({
  importance,
  size = "sm",
}: {
  importance: Importance;
  size?: BadgeProps["size"];
}) {
  return (
    <Badge variant="light" color={IMPORTANCE_COLORS[importance]} size={size} tt="none">
      {IMPORTANCE_LABELS[importance]}
    </Badge>
  );
}

/** Who gave the feedback, in a few words. */
export function authorName(
  item: {
    personName: string | null;
    handle: string | null;
    userId: string | null;
    companyName: string | null;
  },
  memberName?: (id: string) => string | undefined,
): string {
  if (item.personName) return item.personName;
  if (item.handle) return item.handle;
  if (item.userId) return memberName?.(item.userId) ?? "A colleague";
  return item.companyName ?? "Anonymous";
}

import { Avatar, Badge, Button } from "@mantine/core";
import { IconEye, IconEyeOff } from "@tabler/icons-react";
import { COMPETITOR_STATUS_LABELS, type CompetitorStatusValue } from "../../../shared/competitors.schemas.ts";
import { notifyError } from "../../components/feedback.tsx";
import { competitorPaths, useCompetitorMutations } from "./hooks.ts";

const STATUS_COLOR: Record<CompetitorStatusValue, string> = {
  active: "blue",
  watch: "yellow",
  archived: "gray",
};

export function StatusBadge({ status }: { status: CompetitorStatusValue }) {
  return (
    <Badge variant="light" color={STATUS_COLOR[status]} style={{ flexShrink: 0 }}>
      {COMPETITOR_STATUS_LABELS[status]}
    </Badge>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");

/** The competitor's logo (served by the API as an image with a CSP that allows nothing), or its initials. */
export function CompetitorLogo({
  wid,
  c,
  size = 40,
}: {
  wid: string;
  c: { id: string; name: string; logoUpdatedAt: string | null };
  size?: number;
}) {
  const src = competitorPaths.logo(wid, c.id, c.logoUpdatedAt);
  return (
    <Avatar src={src} alt={`${c.name} logo`} size={size} radius="sm" color="gray" variant="light">
      {initials(c.name)}
    </Avatar>
  );
}

/** Watch or stop watching a competitor, for oneself (its changes go to one's daily digest). */
export function WatchButton({
  wid,
  id,
  name,
  watching,
}: {
  wid: string;
  id: string;
  name: string;
  watching: boolean;
}) {
  const m = useCompetitorMutations(wid);
  return (
    <Button
      size="xs"
      variant={watching ? "light" : "default"}
      leftSection={watching ? <IconEye size={14} /> : <IconEyeOff size={14} />}
      aria-pressed={watching}
      aria-label={watching ? `Stop watching ${name}` : `Watch ${name}`}
      loading={m.watch.isPending}
      onClick={() => m.watch.mutate({ id, on: !watching }, { onError: (e) => notifyError(e) })}
    >
      {watching ? "Watching" : "Watch"}
    </Button>
  );
}

import { Alert, Skeleton, Stack, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import type { SignoffReview } from "../../../shared/signoff.schemas.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CompareDiff } from "../roadmaps/CompareDiff.tsx";
import { useRoadmapView } from "../roadmaps/hooks.ts";

/** What changed since the last approved baseline (every item is "added" without one). */
export function ChangesTab({ review }: { review: SignoffReview }) {
  const { workspaceId: wid } = useWorkspace();
  // The roadmap's frame and names (teams, objectives) label the diff.
  const view = useRoadmapView(wid, review.signoff.roadmapId);
  return (
    <Stack gap="sm">
      {review.baseline ? (
        <Text size="sm">
          v{review.version.number} · {review.version.name} compared with the approved baseline v
          {review.baseline.number} · {review.baseline.name} (approved {formatDate(review.baseline.approvedAt)}
          ).
        </Text>
      ) : (
        <Alert variant="light" icon={<IconInfoCircle size={18} />}>
          {review.signoff.status === "approved"
            ? `There was no approved baseline when this request was sent: every item of v${review.version.number} counted as new. Later requests show only what changed since this one.`
            : `This roadmap has no approved baseline yet: every item of v${review.version.number} is new. Once this request is approved, later requests show only what changed.`}
        </Alert>
      )}
      <QueryState query={view} loading={<Skeleton h={240} radius="lg" />}>
        {(data) => <CompareDiff diff={review.diff} view={data} />}
      </QueryState>
    </Stack>
  );
}

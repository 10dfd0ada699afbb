import { Center, Loader } from "@mantine/core";
import { useEffect, useMemo } from "react";
import type { RoadmapVersion, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { notifyError } from "../../components/feedback.tsx";
import { deckOfSnapshot } from "./deck.ts";
import { Presentation } from "./Presentation.tsx";
import { useVersionDetail } from "./share-links.ts";

/** Presents a saved version's snapshot; team and objective names come from the roadmap as it is now. */
export function PresentationForVersion({
  wid,
  view,
  version,
  onClose,
}: {
  wid: string;
  view: RoadmapView;
  version: RoadmapVersion;
  onClose: () => void;
}) {
  const detail = useVersionDetail(wid, view.roadmap.id, version.id);
  const deck = useMemo(
    () =>
      detail.data
        ? deckOfSnapshot(
            detail.data.snapshot,
            { number: version.number, name: version.name, approvedAt: version.approvedAt },
            { teams: view.teams, objectives: view.objectives },
          )
        : null,
    [detail.data, version, view.teams, view.objectives],
  );

  useEffect(() => {
    if (!detail.isError) return;
    notifyError(detail.error, "Could not open the presentation");
    onClose();
  }, [detail.isError, detail.error, onClose]);

  if (deck) return <Presentation deck={deck} onClose={onClose} />;
  return (
    <Center
      pos="fixed"
      inset={0}
      style={{ zIndex: 1000, background: "rgba(11, 13, 20, 0.85)" }}
      role="status"
      aria-label="Opening the presentation"
    >
      <Loader color="white" type="dots" />
    </Center>
  );
}

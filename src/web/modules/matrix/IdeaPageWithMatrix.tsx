import { Stack } from "@mantine/core";
import { useWorkspace } from "../../lib/workspace.ts";
import { EvidencePanel } from "../feedback/EvidencePanel.tsx";
import { IdeaPage } from "../ideas/IdeaPage.tsx";
import { CloseLoopPanel } from "../loop/CloseLoopPanel.tsx";
import { CompetitorsPanel } from "./CompetitorsPanel.tsx";

/**
 * The routed idea page: customer evidence, Close the loop and, below them, how many competitors have it (the
 * feature matrix), in its side column (ideas, feedback and loop import nothing from matrix).
 */
export function IdeaPageWithMatrix() {
  const { can } = useWorkspace();
  const evidence = can("feedback.read");
  const competitors = can("competitors.read");
  return (
    <IdeaPage
      aside={
        evidence || competitors
          ? (idea) => (
              <Stack gap="lg">
                {evidence ? <EvidencePanel idea={idea} /> : null}
                {evidence ? <CloseLoopPanel idea={idea} /> : null}
                {competitors ? <CompetitorsPanel idea={idea} /> : null}
              </Stack>
            )
          : undefined
      }
    />
  );
}

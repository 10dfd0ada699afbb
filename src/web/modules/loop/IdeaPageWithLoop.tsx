import { Stack } from "@mantine/core";
import { useWorkspace } from "../../lib/workspace.ts";
import { EvidencePanel } from "../feedback/EvidencePanel.tsx";
import { IdeaPage } from "../ideas/IdeaPage.tsx";
import { CloseLoopPanel } from "./CloseLoopPanel.tsx";

/** The routed idea page: customer evidence and, below it, Close the loop in its side column (ideas takes a slot). */
export function IdeaPageWithLoop() {
  const { can } = useWorkspace();
  return (
    <IdeaPage
      aside={
        can("feedback.read")
          ? (idea) => (
              <Stack gap="lg">
                <EvidencePanel idea={idea} />
                <CloseLoopPanel idea={idea} />
              </Stack>
            )
          : undefined
      }
    />
  );
}

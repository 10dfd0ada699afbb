import { useWorkspace } from "../../lib/workspace.ts";
import { IdeaPage } from "../ideas/IdeaPage.tsx";
import { EvidencePanel } from "./EvidencePanel.tsx";

/** The routed idea page, with the customer evidence in its side column (ideas takes it as a slot). */
export function IdeaPageWithEvidence() {
  const { can } = useWorkspace();
  return <IdeaPage aside={can("feedback.read") ? (idea) => <EvidencePanel idea={idea} /> : undefined} />;
}

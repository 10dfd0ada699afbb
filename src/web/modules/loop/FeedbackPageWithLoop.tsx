import { useWorkspace } from "../../lib/workspace.ts";
import { FeedbackPage } from "../feedback/FeedbackPage.tsx";
import { ItemToldSection } from "./ToldPanel.tsx";

/** The routed inbox: each item's pane also shows what was sent about it (feedback takes it as a slot). */
export function FeedbackPageWithLoop() {
  const { workspaceId: wid } = useWorkspace();
  return <FeedbackPage detailExtra={(item) => <ItemToldSection wid={wid} itemId={item.id} />} />;
}

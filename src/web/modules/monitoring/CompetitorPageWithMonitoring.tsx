import { useWorkspace } from "../../lib/workspace.ts";
import { CompetitorPage } from "../competitors/CompetitorPage.tsx";
import { ChangeFeed } from "./ChangeFeed.tsx";
import { MonitorsPanel } from "./MonitorsPanel.tsx";

/** Sources (the competitor's tracked pages and feeds) and Changes (what they detected): tabs monitoring adds. */
function ChangesTab({ competitorId }: { competitorId: string }) {
  const { workspaceId: wid } = useWorkspace();
  return <ChangeFeed wid={wid} competitorId={competitorId} />;
}

/** The routed competitor page: the competitors module's page with monitoring's Sources and Changes tabs. */
export function CompetitorPageWithMonitoring() {
  return (
    <CompetitorPage
      extraTabs={[
        { value: "sources", label: "Sources", render: (id) => <MonitorsPanel competitorId={id} /> },
        { value: "changes", label: "Changes", render: (id) => <ChangesTab competitorId={id} /> },
      ]}
    />
  );
}

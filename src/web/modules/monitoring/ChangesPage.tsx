import { useSearch } from "wouter";
import { CHANGE_CATEGORIES, CHANGE_IMPORTANCES, CHANGE_STATES } from "../../../shared/changes.schemas.ts";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { ChangeFeed } from "./ChangeFeed.tsx";

/** A query parameter when it is one of the allowed values. */
const pick = <T extends string>(v: string | null, allowed: readonly T[]): T | null =>
  allowed.includes(v as T) ? (v as T) : null;

/**
 * `/w/:wid/changes`: what changed on competitors' tracked pages and feeds, newest first, grouped by day. The
 * digest's links preset `since` and `competitorId`.
 */
export function ChangesPage() {
  const { workspaceId: wid, workspace } = useWorkspace();
  useDocumentTitle("Changes", workspace.name);
  const params = new URLSearchParams(useSearch());
  const since = params.get("since");
  return (
    <Page
      title="Changes"
      description="What changed on your competitors' tracked pages, feeds and listings. Triage them, turn them into SWOT cards, matrix cells or links to ideas, or mark them as noise."
    >
      <ChangeFeed
        wid={wid}
        initial={{
          competitorId: params.get("competitorId"),
          importance: pick(params.get("importance"), CHANGE_IMPORTANCES),
          category: pick(params.get("category"), CHANGE_CATEGORIES),
          state: pick(params.get("state"), CHANGE_STATES),
          since: since && !Number.isNaN(Date.parse(since)) ? new Date(since).toISOString() : null,
        }}
      />
    </Page>
  );
}

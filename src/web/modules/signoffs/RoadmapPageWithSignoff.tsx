import { RoadmapPage } from "../roadmaps/RoadmapPage.tsx";
import { RoadmapSignoff } from "./RoadmapSignoff.tsx";

/**
 * The roadmap page as routed: the roadmap module's page with this module's sign-off controls in its header.
 * Sign-off builds on roadmaps (versions, diffs), so roadmaps import nothing from here (docs/ARCHITECTURE.md).
 */
export function RoadmapPageWithSignoff() {
  return <RoadmapPage signoff={RoadmapSignoff} />;
}

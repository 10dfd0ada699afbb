import { Page } from "../../components/Page.tsx";

export function RoadmapPage() {
  return <Page title="RoadmapPage">{null}</Page>;
}

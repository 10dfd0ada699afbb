import { Page } from "../../components/Page.tsx";

export function RoadmapPrintPage() {
  return <Page title="RoadmapPrintPage">{null}</Page>;
}

import { Page } from "../../components/Page.tsx";

export function RoadmapsPage() {
  return <Page title="RoadmapsPage">{null}</Page>;
}

import { Page } from "../../components/Page.tsx";

export function ObjectivesPage() {
  return <Page title="ObjectivesPage">{null}</Page>;
}

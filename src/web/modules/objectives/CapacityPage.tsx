import { Page } from "../../components/Page.tsx";

export function CapacityPage() {
  return <Page title="CapacityPage">{null}</Page>;
}

import { Tabs } from "@mantine/core";
import { IconUsers, IconUsersGroup } from "@tabler/icons-react";
import { useLocation, useParams } from "wouter";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { MembersTab } from "./MembersTab.tsx";
import { TeamsTab } from "./TeamsTab.tsx";

export function PeoplePage() {
  const { workspaceId, workspace } = useWorkspace();
  const params = useParams<{ tab?: string }>();
  const tab = params.tab === "members" ? "members" : "teams";
  const [, navigate] = useLocation();
  useDocumentTitle(tab === "teams" ? "Teams" : "People", workspace.name);
  return (
    <Page
      title="People & Teams"
      description="Everyone in the workspace, and the teams they work in by discipline — with how much of their time each person gives."
    >
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(paths.people(workspaceId, v as "teams" | "members"))}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="teams" leftSection={<IconUsersGroup size={16} />}>
            Teams
          </Tabs.Tab>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
            People
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="teams">
          <TeamsTab />
        </Tabs.Panel>
        <Tabs.Panel value="members">
          <MembersTab />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

import { Tabs } from "@mantine/core";
import { IconBell, IconDevices, IconKey, IconUserCircle } from "@tabler/icons-react";
import { useLocation, useParams } from "wouter";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { type AccountTab, paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { NotificationsTab } from "./NotificationsTab.tsx";
import { PasswordTab } from "./PasswordTab.tsx";
import { ProfileTab } from "./ProfileTab.tsx";
import { SessionsTab } from "./SessionsTab.tsx";

const LABELS: Record<AccountTab, string> = {
  profile: "Profile",
  password: "Password",
  sessions: "Sessions",
  notifications: "Notifications",
};
const TABS = Object.keys(LABELS) as AccountTab[];

export function AccountPage() {
  const { workspaceId } = useWorkspace();
  const params = useParams<{ tab?: string }>();
  const tab: AccountTab = TABS.includes(params.tab as AccountTab) ? (params.tab as AccountTab) : "profile";
  const [, navigate] = useLocation();
  useDocumentTitle(LABELS[tab], "Your account");
  return (
    <Page
      title="Your account"
      description="Your profile, password, the devices you are logged in on and how notifications reach you."
      size="md"
    >
      <Tabs
        value={tab}
        onChange={(v) => v && navigate(paths.account(workspaceId, v as AccountTab))}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="profile" leftSection={<IconUserCircle size={16} />}>
            Profile
          </Tabs.Tab>
          <Tabs.Tab value="password" leftSection={<IconKey size={16} />}>
            Password
          </Tabs.Tab>
          <Tabs.Tab value="sessions" leftSection={<IconDevices size={16} />}>
            Sessions
          </Tabs.Tab>
          <Tabs.Tab value="notifications" leftSection={<IconBell size={16} />}>
            Notifications
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <ProfileTab />
        </Tabs.Panel>
        <Tabs.Panel value="password">
          <PasswordTab />
        </Tabs.Panel>
        <Tabs.Panel value="sessions">
          <SessionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="notifications">
          <NotificationsTab />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

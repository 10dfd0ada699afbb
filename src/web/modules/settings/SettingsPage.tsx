import { Tabs } from "@mantine/core";
import {
  IconAdjustmentsHorizontal,
  IconApi,
  IconLock,
  IconMail,
  IconSettings,
  IconShieldCheck,
  IconUserPlus,
} from "@tabler/icons-react";
import { Redirect, useLocation, useParams } from "wouter";
import type { Permission } from "../../../shared/permissions.ts";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { paths, type SettingsTab } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { FactorsSettings } from "../factors/FactorsSettings.tsx";
import { GeneralTab } from "./GeneralTab.tsx";
import { InvitationsTab } from "./InvitationsTab.tsx";
import { MembersSettingsTab } from "./MembersSettingsTab.tsx";
import { OutboxTab } from "./OutboxTab.tsx";
import { PermissionsTab } from "./PermissionsTab.tsx";
import { TokensTab } from "./TokensTab.tsx";

// "scoring" is the factors tab (modules/factors); lib/paths.ts does not list it yet.

interface TabDef {
  value: SettingsTab;
  label: string;
  icon: typeof IconSettings;
  needs?: Permission;
  render: () => React.ReactNode;
}

const TABS: TabDef[] = [
  { value: "general", label: "General", icon: IconSettings, render: () => <GeneralTab /> },
  { value: "members", label: "Members & roles", icon: IconShieldCheck, render: () => <MembersSettingsTab /> },
  {
    value: "invitations",
    label: "Invitations",
    icon: IconUserPlus,
    needs: "invitations.manage",
    render: () => <InvitationsTab />,
  },
  {
    value: "scoring",
    label: "Scoring",
    icon: IconAdjustmentsHorizontal,
    render: () => <FactorsSettings />,
  },
  { value: "tokens", label: "API tokens", icon: IconApi, render: () => <TokensTab /> },
  { value: "outbox", label: "Outbox", icon: IconMail, needs: "outbox.read", render: () => <OutboxTab /> },
  { value: "permissions", label: "Permissions", icon: IconLock, render: () => <PermissionsTab /> },
];

export function SettingsPage() {
  const { workspaceId, workspace, can } = useWorkspace();
  const params = useParams<{ tab?: string }>();
  const [, navigate] = useLocation();
  const tabs = TABS.filter((t) => !t.needs || can(t.needs));
  const current = tabs.find((t) => t.value === (params.tab ?? "general"));
  useDocumentTitle(current ? `${current.label} — Settings` : "Settings", workspace.name);
  if (!current) return <Redirect to={paths.settings(workspaceId)} replace />;

  return (
    <Page
      title="Settings"
      description={`Configure ${workspace.name}: its address, who is in it and what they may do.`}
    >
      <Tabs
        value={current.value}
        onChange={(v) => v && navigate(paths.settings(workspaceId, v as SettingsTab))}
      >
        <Tabs.List mb="lg" style={{ flexWrap: "nowrap", overflowX: "auto", overflowY: "hidden" }}>
          {tabs.map((t) => {
            const Icon = t.icon;
            return (
              <Tabs.Tab
                key={t.value}
                value={t.value}
                leftSection={<Icon size={16} />}
                style={{ flexShrink: 0 }}
              >
                {t.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Tabs.Panel value={current.value}>{current.render()}</Tabs.Panel>
      </Tabs>
    </Page>
  );
}

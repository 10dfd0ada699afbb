import { IconApi, IconLock, IconMail, IconSettings, IconShieldCheck, IconUsers } from "@tabler/icons-react";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { paths, type SettingsTab } from "../../lib/paths.ts";

registerCommands("settings", (ctx) => {
  const go = (tab: SettingsTab) => () => ctx.navigate(paths.settings(ctx.workspaceId, tab));
  return [
    {
      id: "settings.general",
      group: "Navigate",
      label: "Settings",
      description: "Workspace name and address",
      icon: <IconSettings size={18} />,
      run: go("general"),
    },
    {
      id: "settings.members",
      group: "Navigate",
      label: "Members & roles",
      icon: <IconShieldCheck size={18} />,
      keywords: ["roles", "permissions", "settings"],
      run: go("members"),
    },
    ...(can(ctx.role, "invitations.manage")
      ? [
          {
            id: "settings.invitations",
            group: "Navigate",
            label: "Invitations",
            icon: <IconUsers size={18} />,
            keywords: ["settings", "invite"],
            run: go("invitations"),
          },
        ]
      : []),
    {
      id: "settings.tokens",
      group: "Navigate",
      label: "API tokens",
      icon: <IconApi size={18} />,
      keywords: ["settings", "token", "api", "cli"],
      run: go("tokens"),
    },
    ...(can(ctx.role, "outbox.read")
      ? [
          {
            id: "settings.outbox",
            group: "Navigate",
            label: "Outbox",
            description: "Mail Baton sent or would have sent",
            icon: <IconMail size={18} />,
            keywords: ["settings", "mail", "email"],
            run: go("outbox"),
          },
        ]
      : []),
    {
      id: "settings.permissions",
      group: "Navigate",
      label: "Permissions matrix",
      icon: <IconLock size={18} />,
      keywords: ["settings", "roles", "access"],
      run: go("permissions"),
    },
  ];
});

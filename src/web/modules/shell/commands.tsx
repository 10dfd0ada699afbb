import {
  IconBuilding,
  IconDevices,
  IconHistory,
  IconHome,
  IconKey,
  IconMoonStars,
  IconPlus,
  IconUserCircle,
} from "@tabler/icons-react";
import { ROLE_LABELS } from "../../../shared/enums.ts";
import { can } from "../../../shared/permissions.ts";
import { registerCommands } from "../../lib/commands.ts";
import { MODULES } from "../../lib/modules.tsx";
import { paths } from "../../lib/paths.ts";

registerCommands("shell", (ctx) => {
  const wid = ctx.workspaceId;
  return [
    {
      id: "nav.home",
      group: "Navigate",
      label: "Home",
      description: "Overview of the workspace",
      icon: <IconHome size={18} />,
      run: () => ctx.navigate(paths.home(wid)),
    },
    ...(can(ctx.role, "audit.read")
      ? [
          {
            id: "nav.audit",
            group: "Navigate",
            label: "Audit log",
            description: "Who changed what, and when",
            icon: <IconHistory size={18} />,
            keywords: ["history", "changes", "log"],
            run: () => ctx.navigate(paths.audit(wid)),
          },
        ]
      : []),
    ...MODULES.map((m) => {
      const Icon = m.icon;
      return {
        id: `nav.${m.key}`,
        group: "Navigate",
        label: m.label,
        description: m.comingSoon ? `Coming soon — ${m.summary}` : m.summary,
        icon: <Icon size={18} />,
        run: () => ctx.navigate(paths.module(wid, m.key)),
      };
    }),
    {
      id: "account.profile",
      group: "Navigate",
      label: "Profile",
      description: "Your name and time zone",
      icon: <IconUserCircle size={18} />,
      keywords: ["account", "me", "timezone"],
      run: () => ctx.navigate(paths.account(wid)),
    },
    {
      id: "account.password",
      group: "Navigate",
      label: "Change password",
      icon: <IconKey size={18} />,
      keywords: ["account", "security"],
      run: () => ctx.navigate(paths.account(wid, "password")),
    },
    {
      id: "account.sessions",
      group: "Navigate",
      label: "Sessions",
      description: "Where you are logged in; log out everywhere",
      icon: <IconDevices size={18} />,
      keywords: ["devices", "logout", "security"],
      run: () => ctx.navigate(paths.account(wid, "sessions")),
    },
    ...ctx.workspaces
      .filter((w) => w.id !== wid)
      .map((w) => ({
        id: `ws.switch.${w.id}`,
        group: "Workspaces",
        label: `Switch to ${w.name}`,
        description: ROLE_LABELS[w.role],
        icon: <IconBuilding size={18} />,
        keywords: ["workspace", "switch", w.slug],
        run: () => ctx.navigate(paths.home(w.id)),
      })),
    {
      id: "ws.create",
      group: "Workspaces",
      label: "Create workspace",
      icon: <IconPlus size={18} />,
      keywords: ["new", "workspace"],
      run: () => ctx.openCreateWorkspace(),
    },
    {
      id: "pref.scheme",
      group: "Preferences",
      label: "Toggle dark mode",
      icon: <IconMoonStars size={18} />,
      keywords: ["theme", "light", "dark", "colour", "color"],
      run: () => ctx.toggleColorScheme(),
    },
  ];
});

import "@mantine/spotlight/styles.css";
import { Spotlight, type SpotlightActionGroupData } from "@mantine/spotlight";
import { IconSearch } from "@tabler/icons-react";
import { useMemo, useSyncExternalStore } from "react";
import { useLocation } from "wouter";
import {
  type CommandContext,
  collectCommands,
  commandsVersion,
  subscribeCommands,
} from "../../lib/commands.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import "./palette-commands.ts";
import { useToggleColorScheme } from "./ColorSchemeToggle.tsx";

const GROUP_ORDER = ["Create", "Navigate", "Workspaces", "Preferences"];

/** Ctrl/Cmd+K: every registered command of every module (see lib/commands.ts). */
export function CommandPalette({ openCreateWorkspace }: { openCreateWorkspace: () => void }) {
  const ws = useWorkspace();
  const [, navigate] = useLocation();
  const toggleColorScheme = useToggleColorScheme();
  const version = useSyncExternalStore(subscribeCommands, commandsVersion);

  const actions = useMemo(() => {
    void version;
    const ctx: CommandContext = {
      workspaceId: ws.workspaceId,
      workspace: ws.workspace,
      role: ws.role,
      workspaces: ws.session.workspaces,
      navigate,
      toggleColorScheme,
      openCreateWorkspace,
    };
    const groups = new Map<string, SpotlightActionGroupData>();
    for (const c of collectCommands(ctx)) {
      const g = groups.get(c.group) ?? { group: c.group, actions: [] };
      g.actions.push({
        id: c.id,
        label: c.label,
        description: c.description,
        keywords: c.keywords,
        leftSection: c.icon,
        onClick: () => c.run(ctx),
      });
      groups.set(c.group, g);
    }
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...groups.values()].sort((a, b) => rank(a.group) - rank(b.group));
  }, [ws, navigate, toggleColorScheme, openCreateWorkspace, version]);

  return (
    <Spotlight
      actions={actions}
      shortcut={["mod+K", "/"]}
      nothingFound="No command matches"
      highlightQuery
      limit={40}
      scrollable
      maxHeight={420}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.6} />,
        placeholder: "Search pages and actions…",
        "aria-label": "Search pages and actions",
      }}
    />
  );
}

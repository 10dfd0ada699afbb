import type { ReactNode } from "react";
import type { Role } from "../../shared/enums.ts";
import type { MyWorkspace } from "../api/types.ts";

/** What a command can see and do when it runs. */
export interface CommandContext {
  workspaceId: string;
  workspace: MyWorkspace;
  role: Role;
  workspaces: MyWorkspace[];
  navigate: (to: string) => void;
  /** Generic UI actions the shell offers. */
  toggleColorScheme: () => void;
  openCreateWorkspace: () => void;
}

export interface Command {
  id: string;
  label: string;
  description?: string;
  group: "Navigate" | "Create" | "Workspaces" | "Preferences" | (string & {});
  icon?: ReactNode;
  keywords?: string[];
  run: (ctx: CommandContext) => void;
}

/** A provider returns the commands available in a context (filter by role there). */
export type CommandProvider = (ctx: CommandContext) => Command[];

const providers = new Map<string, CommandProvider>();
const listeners = new Set<() => void>();

/**
 * Registers a module's commands for the command palette (Ctrl/Cmd+K). Re-registering the same id
 * replaces it. Returns a function that unregisters.
 */
export function registerCommands(id: string, provider: CommandProvider): () => void {
  providers.set(id, provider);
  for (const fn of listeners) fn();
  return () => {
    providers.delete(id);
    for (const fn of listeners) fn();
  };
}

export function collectCommands(ctx: CommandContext): Command[] {
  const out: Command[] = [];
  for (const provider of providers.values()) out.push(...provider(ctx));
  return out;
}

export function subscribeCommands(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let version = 0;
subscribeCommands(() => {
  version++;
});
/** Changes whenever providers change (for useSyncExternalStore). */
export function commandsVersion() {
  return version;
}

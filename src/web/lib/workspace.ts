import { createContext, useContext } from "react";
import type { Role } from "../../shared/enums.ts";
import { can, type Permission } from "../../shared/permissions.ts";
import type { MyWorkspace, SessionInfo, User } from "../api/types.ts";

export interface WorkspaceState {
  workspaceId: string;
  workspace: MyWorkspace;
  role: Role;
  user: User;
  session: SessionInfo;
  /** Hides controls the role may not use; the server checks again. */
  can: (permission: Permission) => boolean;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error("useWorkspace outside a workspace route");
  return ctx;
}

export function makeWorkspaceState(session: SessionInfo, workspace: MyWorkspace): WorkspaceState {
  return {
    workspaceId: workspace.id,
    workspace,
    role: workspace.role,
    user: session.user,
    session,
    can: (p) => can(workspace.role, p),
  };
}

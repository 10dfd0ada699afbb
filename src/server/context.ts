import type { Role } from "../shared/enums.ts";

/** Who is acting, and how: recorded in the audit log. */
export interface Actor {
  userId: string | null;
  via: "session" | "token" | "cli" | "system";
}

/** A request already checked to be a member of the workspace with the required permission. */
export interface WorkspaceContext extends Actor {
  workspaceId: string;
  role: Role;
}

export const cliActor = (userId: string | null = null): Actor => ({ userId, via: "cli" });

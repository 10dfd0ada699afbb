import type { Role } from "../shared/enums.ts";
import type { User } from "../shared/schemas.ts";

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

/** Who a request is, resolved from its cookie or bearer token (by the auth module, for plugins/auth.ts's hook). */
export interface Principal {
  user: User;
  via: "session" | "token";
  sessionId?: string;
  csrfToken?: string;
  expiresAt?: string;
  /** A token is bound to one workspace. */
  tokenWorkspaceId?: string;
  /** The role in the workspace asked about (null: not a member). */
  role: Role | null;
}

/** Types of the API's payloads, inferred from the shared zod schemas (type-only: zod never reaches the bundle). */
import type { z } from "zod";
import type {
  AuditEventSchema,
  CreatedApiTokenSchema,
  CreatedInvitationSchema,
  HealthSchema,
  InvitationPreviewSchema,
  SessionRowSchema,
  TeamMemberSchema,
} from "../../shared/schemas.ts";

export type {
  ApiToken,
  AuditEvent,
  Invitation,
  MailPreference,
  Member,
  MyWorkspace,
  OutboxMessage,
  Product,
  SessionInfo,
  Team,
  User,
  Workspace,
} from "../../shared/schemas.ts";
export type Health = z.infer<typeof HealthSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;
export type SessionRow = z.infer<typeof SessionRowSchema>;
export type TeamMember = z.infer<typeof TeamMemberSchema>;
export type AuditEventRow = z.infer<typeof AuditEventSchema>;

export interface PermissionMatrix {
  roles: import("../../shared/enums.ts").Role[];
  permissions: { key: string; description: string; roles: import("../../shared/enums.ts").Role[] }[];
}

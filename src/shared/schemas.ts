import { z } from "zod";
import { DISCIPLINES, FRAMEWORKS, LIFECYCLE_STAGES, ROLES } from "./enums.ts";
import { CursorSchema, instant, int, queryInt, text, VersionSchema } from "./primitives.schemas.ts";

export { VersionSchema };

/** Zod schemas for every API body and response: the server validates with them, the web and CLI type with them. */

const trimmed = (min: number, max: number) => text().trim().min(min).max(max);
export const IdSchema = z.uuid();
export const EmailSchema = text()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid e-mail address" }));
export const PasswordSchema = text()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");
export const NameSchema = trimmed(1, 120);
export const SlugSchema = text()
  .trim()
  .toLowerCase()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes");
export const RoleSchema = z.enum(ROLES);
export const StageSchema = z.enum(LIFECYCLE_STAGES);
export const DisciplineSchema = z.enum(DISCIPLINES);
const Timestamp = z.string();

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export const PageQuerySchema = z.object({
  limit: queryInt(1, 200).default(50),
  cursor: CursorSchema.optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ---- health ----
export const HealthSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  database: z.enum(["pglite", "postgres"]),
  migration: z.object({ applied: z.number().int(), latest: z.string().nullable() }),
  setupRequired: z.boolean(),
});

// ---- users, auth ----
export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
  timezone: z.string(),
  isInstanceAdmin: z.boolean(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof UserSchema>;

export const WorkspaceSchema = z.object({
  id: IdSchema,
  name: z.string(),
  slug: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;
export const MyWorkspaceSchema = WorkspaceSchema.extend({ role: RoleSchema });
export type MyWorkspace = z.infer<typeof MyWorkspaceSchema>;

export const SessionInfoSchema = z.object({
  user: UserSchema,
  workspaces: z.array(MyWorkspaceSchema),
  csrfToken: z.string(),
  expiresAt: Timestamp,
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** Whether Intl knows a time zone name. */
export function isTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone this runtime knows ("Europe/Paris"); the web app sends the browser's at sign-up. */
export const TimeZoneSchema = text().max(64).refine(isTimeZone, { message: "Unknown time zone" });

export const SetupSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  workspaceName: NameSchema,
  workspaceSlug: SlugSchema.optional(),
  timezone: TimeZoneSchema.optional(),
});
export type Setup = z.infer<typeof SetupSchema>;

export const LoginSchema = z.object({ email: EmailSchema, password: text().min(1).max(200) });
export const ChangePasswordSchema = z.object({
  currentPassword: text().min(1).max(200),
  newPassword: PasswordSchema,
});
export const RequestPasswordResetSchema = z.object({ email: EmailSchema });
export const ResetPasswordSchema = z.object({
  token: text().min(10).max(200),
  newPassword: PasswordSchema,
});
export const UpdateProfileSchema = z.object({
  name: NameSchema.optional(),
  timezone: TimeZoneSchema.optional(),
});

export const SessionRowSchema = z.object({
  id: z.string(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

// ---- workspaces ----
export const CreateWorkspaceSchema = z.object({ name: NameSchema, slug: SlugSchema.optional() });
export type CreateWorkspace = z.infer<typeof CreateWorkspaceSchema>;
export const UpdateWorkspaceSchema = z.object({
  version: VersionSchema,
  name: NameSchema.optional(),
  slug: SlugSchema.optional(),
});
export type UpdateWorkspace = z.infer<typeof UpdateWorkspaceSchema>;

export const WorkspaceSummarySchema = z.object({
  products: z.object({ total: z.number().int(), byStage: z.record(StageSchema, z.number().int()) }),
  teams: z.object({ total: z.number().int() }),
  members: z.object({ total: z.number().int(), byRole: z.record(RoleSchema, z.number().int()) }),
  /** null when the caller may not manage invitations. */
  pendingInvitations: z.number().int().nullable(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummarySchema>;

// ---- members ----
export const MemberSchema = z.object({
  userId: IdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  joinedAt: Timestamp,
  version: z.number().int(),
  teams: z.array(z.object({ id: IdSchema, name: z.string() })),
});
export type Member = z.infer<typeof MemberSchema>;
export const UpdateMemberSchema = z.object({ version: VersionSchema, role: RoleSchema });
export const MemberQuerySchema = PageQuerySchema.extend({
  q: text().max(120).optional(),
  role: RoleSchema.optional(),
});

// ---- invitations ----
export const CreateInvitationSchema = z.object({
  email: EmailSchema,
  role: RoleSchema.default("stakeholder"),
  expiresInDays: int(1, 30).default(7),
});
export type CreateInvitation = z.input<typeof CreateInvitationSchema>;
export const InvitationSchema = z.object({
  id: IdSchema,
  email: z.string(),
  role: RoleSchema,
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  invitedBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  /** Its mail: sent, waiting in the outbox (no e-mail server configured, or not tried yet), or failing (retried). */
  mail: z.enum(["sent", "waiting", "failed"]).nullable(),
});
export type Invitation = z.infer<typeof InvitationSchema>;
/** Returned once, on creation: the link carries the only copy of the token. */
export const CreatedInvitationSchema = InvitationSchema.extend({ token: z.string(), url: z.string() });
export const InvitationPreviewSchema = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: RoleSchema,
  invitedBy: z.string().nullable(),
  expiresAt: Timestamp,
  accountExists: z.boolean(),
});
export const AcceptInvitationSchema = z.object({
  token: text().min(10).max(200),
  name: NameSchema.optional(),
  password: PasswordSchema.optional(),
  /** The new account's time zone (when the invitation creates one). */
  timezone: TimeZoneSchema.optional(),
});

// ---- API tokens ----
export const CreateApiTokenSchema = z.object({
  name: NameSchema,
  expiresInDays: int(1, 3650).nullable().default(null),
});
export const ApiTokenSchema = z.object({
  id: IdSchema,
  name: z.string(),
  prefix: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const CreatedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() });

// ---- products ----
export const ProductSchema = z.object({
  id: IdSchema,
  name: z.string(),
  description: z.string(),
  stage: StageSchema,
  managerId: IdSchema.nullable(),
  managerName: z.string().nullable(),
  /** active prioritization framework of the product's ranked backlog */
  framework: z.enum(FRAMEWORKS),
  /** RICE's reach is the number of distinct voices in an idea's customer evidence, not the hand value (docs/SCORING.md) */
  riceReachFromEvidence: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Product = z.infer<typeof ProductSchema>;
export const CreateProductSchema = z.object({
  name: NameSchema,
  description: text().max(20000).default(""),
  stage: StageSchema.default("idea"),
  managerId: IdSchema.nullable().default(null),
});
export type CreateProduct = z.input<typeof CreateProductSchema>;
export const UpdateProductSchema = z.object({
  version: VersionSchema,
  name: NameSchema.optional(),
  description: text().max(20000).optional(),
  stage: StageSchema.optional(),
  managerId: IdSchema.nullable().optional(),
  framework: z.enum(FRAMEWORKS).optional(),
  /** a product setting like the framework: RICE's reach from customer evidence (re-scores the backlog, audited) */
  riceReachFromEvidence: z.boolean().optional(),
});
export type UpdateProduct = z.infer<typeof UpdateProductSchema>;
/** The product's ranking framework, a product setting: changing it re-ranks the backlog for everyone. */
export const FrameworkSettingSchema = z.object({
  framework: z.enum(FRAMEWORKS),
  changedBy: IdSchema.nullable(),
  changedByName: z.string().nullable(),
  changedAt: Timestamp.nullable(), // null: never changed since the product was created
});
export type FrameworkSetting = z.infer<typeof FrameworkSettingSchema>;
export const PutFrameworkSchema = z.object({ version: VersionSchema, framework: z.enum(FRAMEWORKS) });
export const ProductQuerySchema = PageQuerySchema.extend({
  stage: StageSchema.optional(),
  q: text().max(120).optional(),
});

// ---- teams ----
export const TeamMemberSchema = z.object({
  userId: IdSchema,
  name: z.string(),
  email: z.string(),
  allocationPct: z.number().int(),
});
export const TeamSchema = z.object({
  id: IdSchema,
  name: z.string(),
  discipline: DisciplineSchema,
  description: z.string(),
  leadId: IdSchema.nullable(),
  leadName: z.string().nullable(),
  members: z.array(TeamMemberSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Team = z.infer<typeof TeamSchema>;
export const CreateTeamSchema = z.object({
  name: NameSchema,
  discipline: DisciplineSchema,
  description: text().max(5000).default(""),
  leadId: IdSchema.nullable().default(null),
});
export type CreateTeam = z.input<typeof CreateTeamSchema>;
export const UpdateTeamSchema = z.object({
  version: VersionSchema,
  name: NameSchema.optional(),
  discipline: DisciplineSchema.optional(),
  description: text().max(5000).optional(),
  leadId: IdSchema.nullable().optional(),
});
export const PutTeamMemberSchema = z.object({ allocationPct: int(1, 100).default(100) });
export const TeamQuerySchema = PageQuerySchema.extend({ discipline: DisciplineSchema.optional() });

// ---- audit ----
export const AuditEventSchema = z.object({
  id: IdSchema,
  at: Timestamp,
  actorId: IdSchema.nullable(),
  actorName: z.string().nullable(),
  via: z.enum(["session", "token", "cli", "system"]),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export const AuditQuerySchema = PageQuerySchema.extend({
  entityType: text().max(60).optional(),
  entityId: text().max(60).optional(),
  actorId: IdSchema.optional(),
  action: text().max(60).optional(),
  from: instant().optional(),
  to: instant().optional(),
});

// ---- outbox ----
export const OutboxMessageSchema = z.object({
  id: IdSchema,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  kind: z.string(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
  /** SMTP delivery attempts so far; 0 while waiting (or without SMTP configured). */
  attempts: z.number().int(),
  /** The last attempt's error while unsent (retried with backoff). */
  lastError: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

/** How a member's notifications reach them by mail: at once, in a daily digest (07:00 UTC), or not at all. */
export const MAIL_PREFERENCES = ["immediate", "digest", "off"] as const;
export const MailPreferenceSchema = z.object({ preference: z.enum(MAIL_PREFERENCES) });
export type MailPreference = (typeof MAIL_PREFERENCES)[number];

import { z } from "zod";
import { DisciplineSchema, RoleSchema, StageSchema } from "../../../shared/schemas.ts";

/**
 * The backup document of one workspace ("baton-export", version 1). Strict objects: a key this Baton does not
 * know means data it would silently drop, so such a file is refused rather than half-imported.
 * Values are never transformed (no trimming or lower-casing) so a round trip is exact.
 */
export const EXPORT_FORMAT = "baton-export";
export const EXPORT_FORMAT_VERSION = 1;

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
// Limits only stop absurd files: generous, so whatever the API once stored still exports and imports.
// PostgreSQL text cannot hold NUL: refuse it here, with the path, rather than fail halfway through the insert.
const Str = () => z.string().refine((s) => !s.includes("\0"), "must not contain NUL characters");
const Text = (max: number) => Str().max(max);
const Name = Str().min(1).max(10_000);
const Email = Str()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, "not an e-mail address");
const Version = z.number().int().min(1);

export const ExportWorkspaceSchema = z.strictObject({
  id: Id,
  name: Name,
  slug: z
    .string()
    .min(2)
    .max(48)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes"),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

/** Members, and former members still referenced (audit actors, managers, leads, inviters). No secrets. */
export const ExportUserSchema = z.strictObject({
  id: Id,
  email: Email,
  name: Name,
  timezone: Text(200).min(1),
});

export const ExportMembershipSchema = z.strictObject({
  userId: Id,
  role: RoleSchema,
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportProductSchema = z.strictObject({
  id: Id,
  name: Name,
  description: Text(1_000_000),
  stage: StageSchema,
  managerId: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportTeamSchema = z.strictObject({
  id: Id,
  name: Name,
  discipline: DisciplineSchema,
  description: Text(1_000_000),
  leadId: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportTeamMemberSchema = z.strictObject({
  teamId: Id,
  userId: Id,
  allocationPct: z.number().int().min(1).max(100),
  createdAt: Ts,
});

/** Without the token hash: links of imported invitations never work (re-invite to send a new one). */
export const ExportInvitationSchema = z.strictObject({
  id: Id,
  email: Email,
  role: RoleSchema,
  invitedBy: Id.nullable(),
  createdAt: Ts,
  expiresAt: Ts,
  acceptedAt: Ts.nullable(),
  acceptedBy: Id.nullable(),
  revokedAt: Ts.nullable(),
});

export const ExportAuditEventSchema = z.strictObject({
  id: Id,
  at: Ts,
  actorId: Id.nullable(),
  via: z.enum(["session", "token", "cli", "system"]),
  action: Text(200).min(1),
  entityType: Text(200).min(1),
  entityId: Text(200).nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

export const ExportOutboxSchema = z.strictObject({
  id: Id,
  to: Text(1000),
  subject: Text(2000),
  text: Text(1_000_000),
  kind: Text(100),
  createdAt: Ts,
  sentAt: Ts.nullable(),
});

export const ExportDocumentSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  exportedAt: Ts,
  source: z.strictObject({ version: z.string(), migration: z.string().nullable() }),
  workspace: ExportWorkspaceSchema,
  users: z.array(ExportUserSchema),
  memberships: z.array(ExportMembershipSchema),
  products: z.array(ExportProductSchema),
  teams: z.array(ExportTeamSchema),
  teamMembers: z.array(ExportTeamMemberSchema),
  invitations: z.array(ExportInvitationSchema),
  auditEvents: z.array(ExportAuditEventSchema),
  outbox: z.array(ExportOutboxSchema),
});

export type ExportDocument = z.infer<typeof ExportDocumentSchema>;
export type ExportUser = z.infer<typeof ExportUserSchema>;

/** The row sections, in import order (referenced rows first). */
export const SECTIONS = [
  "users",
  "memberships",
  "products",
  "teams",
  "teamMembers",
  "invitations",
  "auditEvents",
  "outbox",
] as const;
export type Section = (typeof SECTIONS)[number];

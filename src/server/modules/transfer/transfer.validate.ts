import type { z } from "zod";
import { invalid } from "../../errors.ts";
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  ExportDocumentSchema,
} from "./transfer.schema.ts";

const MAX_REPORTED = 20;

/** "products[3].managerId" from zod's ["products", 3, "managerId"]. */
export function pathOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(document)";
}

function fail(problems: [string, string][], what: string): never {
  const fields: Record<string, string> = {};
  for (const [path, message] of problems.slice(0, MAX_REPORTED)) fields[path] ??= message;
  if (problems.length > MAX_REPORTED) fields["…"] = `and ${problems.length - MAX_REPORTED} more problems`;
  const n = problems.length;
  throw invalid(fields, `${what}: ${n} problem${n === 1 ? "" : "s"}; nothing was imported`);
}

const issueMessage = (i: z.core.$ZodIssue) =>
  i.code === "unrecognized_keys" ? `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(", ")}` : i.message;

/** Parses the text of an export file; bad JSON, a foreign file or a newer format gets a clear error. */
export function parseExportText(text: string): ExportDocument {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw invalid(
      { file: (err as Error).message },
      "The file is not valid JSON (truncated or damaged?); nothing was imported",
    );
  }
  return validateExport(value);
}

/**
 * Checks a whole export document before anything is written: the envelope first (is it ours, which version),
 * then every section against the schema, then that every reference points at a row of the document.
 */
export function validateExport(value: unknown): ExportDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid(
      { document: `expected a JSON object, found ${Array.isArray(value) ? "an array" : typeof value}` },
      "This is not a Baton export file; nothing was imported",
    );
  }
  const v = value as Record<string, unknown>;
  if (v.format !== EXPORT_FORMAT) {
    throw invalid(
      {
        format:
          v.format === undefined
            ? `missing (a Baton export has "format": "${EXPORT_FORMAT}")`
            : `is ${JSON.stringify(v.format)}, expected "${EXPORT_FORMAT}"`,
      },
      "This is not a Baton export file; nothing was imported",
    );
  }
  const version = v.formatVersion;
  if (typeof version === "number" && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
    throw invalid(
      { formatVersion: `${version} is newer than ${EXPORT_FORMAT_VERSION}, the newest this Baton reads` },
      `This export was written by a newer Baton (format version ${version}); upgrade Baton to import it. Nothing was imported`,
    );
  }
  const parsed = ExportDocumentSchema.safeParse(value);
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((i) => [pathOf(i.path), issueMessage(i)]),
      "The export file is invalid",
    );
  }
  const problems = checkReferences(parsed.data);
  if (problems.length) fail(problems, "The export file is inconsistent");
  return parsed.data;
}

/** Unique ids per section, and references that resolve inside the document. */
function checkReferences(doc: ExportDocument): [string, string][] {
  const problems: [string, string][] = [];
  const unique = (section: string, keys: string[]) => {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (seen.has(k)) problems.push([`${section}[${i}]`, `duplicate of an earlier row (${k})`]);
      seen.add(k);
    });
    return seen;
  };
  const userIds = unique(
    "users",
    doc.users.map((u) => u.id),
  );
  unique(
    "users",
    doc.users.map((u) => u.email.toLowerCase()),
  );
  const memberIds = unique(
    "memberships",
    doc.memberships.map((m) => m.userId),
  );
  const teamIds = unique(
    "teams",
    doc.teams.map((t) => t.id),
  );
  unique(
    "products",
    doc.products.map((p) => p.id),
  );
  unique(
    "teamMembers",
    doc.teamMembers.map((m) => `${m.teamId}/${m.userId}`),
  );
  unique(
    "invitations",
    doc.invitations.map((i) => i.id),
  );
  unique(
    "auditEvents",
    doc.auditEvents.map((e) => e.id),
  );
  unique(
    "outbox",
    doc.outbox.map((m) => m.id),
  );

  const ref = (path: string, id: string | null, known: Set<string>, what: string) => {
    if (id !== null && !known.has(id)) problems.push([path, `${id} is not ${what} in this file`]);
  };
  doc.memberships.forEach((m, i) => {
    ref(`memberships[${i}].userId`, m.userId, userIds, "a user");
  });
  if (!doc.memberships.some((m) => m.role === "owner"))
    problems.push(["memberships", "no member is an owner; a workspace needs at least one"]);
  doc.products.forEach((p, i) => {
    ref(`products[${i}].managerId`, p.managerId, userIds, "a user");
  });
  doc.teams.forEach((t, i) => {
    ref(`teams[${i}].leadId`, t.leadId, userIds, "a user");
  });
  doc.teamMembers.forEach((m, i) => {
    ref(`teamMembers[${i}].teamId`, m.teamId, teamIds, "a team");
    ref(`teamMembers[${i}].userId`, m.userId, memberIds, "a member");
  });
  doc.invitations.forEach((inv, i) => {
    ref(`invitations[${i}].invitedBy`, inv.invitedBy, userIds, "a user");
    ref(`invitations[${i}].acceptedBy`, inv.acceptedBy, userIds, "a user");
  });
  doc.auditEvents.forEach((e, i) => {
    ref(`auditEvents[${i}].actorId`, e.actorId, userIds, "a user");
  });
  return problems;
}

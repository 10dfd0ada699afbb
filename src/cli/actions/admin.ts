import { z } from "zod";
import { loadConfig } from "../../server/config.ts";
import { conflict, invalid } from "../../server/errors.ts";
import {
  adminSetPassword,
  createUser,
  findUserByEmail,
  isSetupRequired,
} from "../../server/modules/auth/auth.service.ts";
import { listOutbox } from "../../server/modules/outbox/outbox.service.ts";
import { resolveWorkspace } from "../../server/modules/transfer/transfer.service.ts";
import { createWorkspace } from "../../server/modules/workspaces/workspaces.service.ts";
import { EmailSchema, NameSchema, PasswordSchema, SlugSchema } from "../../shared/schemas.ts";
import { withDatabase } from "../lib/database.ts";
import { asOptionError, generatePassword, parseOptions, passwordOption } from "../lib/input.ts";

const CreateOwnerSchema = z.object({
  email: EmailSchema,
  name: NameSchema,
  password: PasswordSchema,
  workspace: NameSchema,
  slug: SlugSchema.optional(),
});

export interface CreateOwnerOptions {
  email: string;
  name: string;
  password?: string;
  passwordStdin?: boolean;
  workspace: string;
  slug?: string;
  instanceAdmin?: boolean;
}

/** `baton admin create-owner` */
export async function createOwner(o: CreateOwnerOptions) {
  if (o.password === undefined && !o.passwordStdin) {
    throw invalid({ "--password": "give --password or --password-stdin" }, "Some options are invalid");
  }
  const input = parseOptions(CreateOwnerSchema, { ...o, password: await passwordOption(o) });
  const { user, ws, first } = await withDatabase("write", (database) =>
    database.db.transaction(async (tx) => {
      const first = await isSetupRequired(tx);
      if (await findUserByEmail(tx, input.email)) {
        throw conflict(
          `An account with the e-mail ${input.email} exists already; to get into it, run: baton admin reset-password --email ${input.email}`,
          { "--email": "already registered" },
        );
      }
      const user = await createUser(tx, { ...input, isInstanceAdmin: first || Boolean(o.instanceAdmin) });
      const ws = await createWorkspace(
        tx,
        { userId: user.id, via: "cli" },
        { name: input.workspace, slug: input.slug },
      );
      return { user, ws, first };
    }),
  );
  console.log(
    `Created ${user.name} <${user.email}>${user.isInstanceAdmin ? ", instance admin," : ""} as owner of workspace "${ws.name}" (address ${ws.slug}, id ${ws.id}).`,
  );
  if (first) console.log(`Baton is set up: log in at ${loadConfig().publicUrl}`);
}

/** `baton admin reset-password` */
export async function resetPassword(o: { email: string; password?: string; passwordStdin?: boolean }) {
  const given = await passwordOption(o);
  const { email, password } = parseOptions(z.object({ email: EmailSchema, password: PasswordSchema }), {
    email: o.email,
    password: given ?? generatePassword(),
  });
  const user = await withDatabase("write", (database) =>
    adminSetPassword(database.db, email, password),
  ).catch((err) => asOptionError(err, ["email"]));
  console.log(`Password of ${user.name} <${user.email}> changed; all their sessions were ended.`);
  if (given === undefined) console.log(`New password: ${password}`);
}

/** `baton admin outbox` */
export async function showOutbox(o: { limit: string; workspace?: string; json?: boolean }) {
  const { limit } = parseOptions(z.object({ limit: z.coerce.number().int().min(1).max(200) }), o);
  const { items, scope } = await withDatabase("read", async ({ db }) => {
    const ws = o.workspace ? await resolveWorkspace(db, o.workspace) : null;
    const page = await listOutbox(db, ws?.id ?? null, { limit });
    return { items: page.items, scope: ws ? `workspace "${ws.name}"` : "instance (password resets)" };
  });
  if (o.json) {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  if (!items.length) {
    console.log(`No mail in the ${scope} outbox.`);
    return;
  }
  console.log(`Newest ${items.length} message${items.length === 1 ? "" : "s"} of the ${scope} outbox:\n`);
  for (const m of items) {
    console.log(`── ${m.createdAt}  ${m.kind}  to ${m.to}${m.sentAt ? `  (sent ${m.sentAt})` : ""}`);
    console.log(`   ${m.subject}\n`);
    console.log(`${m.text.replace(/^/gm, "   ")}\n`);
  }
}

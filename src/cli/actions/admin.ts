import { z } from "zod";
import { loadConfig } from "../../server/config.ts";
import { invalid } from "../../server/errors.ts";
import {
  createOwnerAccount,
  operatorOutbox,
  resetAccountPassword,
} from "../../server/modules/cli/cli.service.ts";
import {
  EmailSchema,
  NameSchema,
  type OutboxMessage,
  OutboxMessageSchema,
  PasswordSchema,
  SlugSchema,
} from "../../shared/schemas.ts";
import { asApi } from "../lib/contract.ts";
import { asOptionError, generatePassword, parseOptions, passwordOption } from "../lib/input.ts";
import { withOperator } from "../lib/operator.ts";

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
  const input = {
    ...parseOptions(CreateOwnerSchema, { ...o, password: await passwordOption(o) }),
    instanceAdmin: Boolean(o.instanceAdmin),
  };
  type Created = Awaited<ReturnType<typeof createOwnerAccount>>;
  const {
    user,
    workspace: ws,
    first,
  } = await withOperator(
    "admin create-owner",
    "write",
    (database) => createOwnerAccount(database.db, input),
    (call) => call<Created>("POST", "/cli/admin/owner", { body: input }),
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
  const user = await withOperator(
    "admin reset-password",
    "write",
    (database) => resetAccountPassword(database.db, email, password),
    (call) =>
      call<{ name: string; email: string }>("POST", "/cli/admin/password", { body: { email, password } }),
  ).catch((err) => asOptionError(err, ["email"]));
  console.log(`Password of ${user.name} <${user.email}> changed; all their sessions were ended.`);
  if (given === undefined) console.log(`New password: ${password}`);
}

/** `baton admin outbox` */
export async function showOutbox(o: { limit: string; workspace?: string; json?: boolean }) {
  const { limit } = parseOptions(z.object({ limit: z.coerce.number().int().min(1).max(200) }), o);
  const { items, workspaceName } = await withOperator(
    "admin outbox",
    "read",
    async ({ db }) => {
      const r = await operatorOutbox(db, o.workspace, limit);
      return { items: asApi(z.array(OutboxMessageSchema), r.items), workspaceName: r.workspaceName };
    },
    (call) =>
      call<{ items: OutboxMessage[]; workspaceName: string | null }>("GET", "/cli/admin/outbox", {
        query: { workspace: o.workspace, limit },
      }),
  );
  const scope = workspaceName !== null ? `workspace "${workspaceName}"` : "instance (password resets)";
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

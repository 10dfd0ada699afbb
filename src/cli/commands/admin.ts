import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

const load = () => import("../actions/admin.ts");

export function registerAdmin(program: Command) {
  const admin = program.command("admin").description("Instance administration: accounts, passwords, outbox");

  admin
    .command("create-owner")
    .description("Create an account and a workspace it owns (non-interactive first run, for scripts)")
    .requiredOption("--email <email>", "e-mail address of the new account (must be new)")
    .requiredOption("--name <name>", "full name")
    .option("--password <password>", "password, at least 10 characters (visible in the process list)")
    .option("--password-stdin", "read the password from standard input instead")
    .requiredOption("--workspace <name>", "name of the workspace to create")
    .option("--slug <slug>", "workspace address (lowercase letters, digits, dashes); derived from the name")
    .option("--instance-admin", "make the account an instance admin even if it is not the first one")
    .addHelpText(
      "after",
      `
The first account of a Baton is always an instance admin (it reads instance mail such as password resets).
Later accounts are not, unless --instance-admin is given.

Example:
  printf '%s' "$OWNER_PASSWORD" | baton admin create-owner --email ada@example.com --name "Ada Lovelace" \\
    --password-stdin --workspace "Analytical Engines"`,
    )
    .action(lazy(load, "createOwner"));

  admin
    .command("reset-password")
    .description("Set a new password for an account and end all its sessions")
    .requiredOption("--email <email>", "e-mail address of the account")
    .option("--password <password>", "the new password (visible in the process list)")
    .option("--password-stdin", "read the new password from standard input")
    .addHelpText(
      "after",
      "\nWithout --password or --password-stdin, a strong password is generated and printed.",
    )
    .action(lazy(load, "resetPassword"));

  admin
    .command("outbox")
    .description("Print recent outgoing mail (password-reset and invitation links when no SMTP is set up)")
    .option("--limit <n>", "how many messages, newest first", "10")
    .option("--workspace <id|slug>", "a workspace's mail (invitations) instead of instance mail")
    .option("--json", "print JSON")
    .action(lazy(load, "showOutbox"));
}

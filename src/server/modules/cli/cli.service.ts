import type { Database, Db } from "../../db/client.ts";
import { migrate, migrationLevel } from "../../db/migrate.ts";
import { conflict } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { adminSetPassword, createUser, findUserByEmail, isSetupRequired } from "../auth/auth.service.ts";
import type { JobHandlers } from "../jobs/jobs.service.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";
import { listOutbox } from "../outbox/outbox.service.ts";
import { resolveWorkspace } from "../transfer/transfer.service.ts";
import { createWorkspace } from "../workspaces/workspaces.service.ts";

/**
 * The instance operator's commands (`baton admin …`, `jobs run`, `migrate`): one implementation, run by the CLI on
 * the database directly, or by the local Baton for the CLI (cli.routes.ts) while it holds the data directory.
 */

export interface CreateOwnerInput {
  email: string;
  name: string;
  password: string;
  workspace: string;
  slug?: string;
  instanceAdmin?: boolean;
}

/** An account and a workspace it owns; the instance's first account is always an instance admin. */
export async function createOwnerAccount(db: Db, input: CreateOwnerInput) {
  return db.transaction(async (tx) => {
    const first = await isSetupRequired(tx);
    if (await findUserByEmail(tx, input.email)) {
      throw conflict(
        `An account with the e-mail ${input.email} exists already; to get into it, run: baton admin reset-password --email ${input.email}`,
        { "--email": "already registered" },
      );
    }
    const user = await createUser(tx, {
      email: input.email,
      name: input.name,
      password: input.password,
      isInstanceAdmin: first || Boolean(input.instanceAdmin),
    });
    const ws = await createWorkspace(
      tx,
      { userId: user.id, via: "cli" },
      { name: input.workspace, slug: input.slug },
    );
    return {
      user: { name: user.name, email: user.email, isInstanceAdmin: user.isInstanceAdmin },
      workspace: { id: ws.id, name: ws.name, slug: ws.slug },
      first,
    };
  });
}

/** Sets an account's password and ends its sessions. */
export async function resetAccountPassword(db: Db, email: string, password: string) {
  const user = await adminSetPassword(db, email, password);
  return { name: user.name, email: user.email };
}

/** Recent mail of the instance (password resets) or of a workspace (by id or slug). */
export async function operatorOutbox(db: Db, workspace: string | undefined, limit: number) {
  const ws = workspace ? await resolveWorkspace(db, workspace) : null;
  const page = await listOutbox(db, ws?.id ?? null, { limit });
  return { items: page.items, workspaceName: ws?.name ?? null };
}

// A failed job is retried minutes later, so the loop ends; the cap only guards against a runaway queue.
const MAX_ROUNDS = 10_000;

/** Runs every due job once; how many ran. */
export async function runAllDueJobs(db: Db, clock: Clock, handlers: JobHandlers) {
  let total = 0;
  for (let i = 0; i < MAX_ROUNDS; i++) {
    const n = await runDueJobs(db, clock, handlers);
    if (!n) break;
    total += n;
  }
  return total;
}

/** Applies pending migrations; the level before and after. */
export async function migrateAndReport(database: Database) {
  const before = await migrationLevel(database);
  const after = await migrate(database);
  return { added: after.applied - before.applied, applied: after.applied, latest: after.latest };
}

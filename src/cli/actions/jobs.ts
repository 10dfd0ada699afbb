import { jobHandlers } from "../../server/jobs.ts";
import { systemClock } from "../../server/lib/clock.ts";
import { runDueJobs } from "../../server/modules/jobs/jobs.service.ts";
import { closeMailTransports } from "../../server/modules/mail/mail.service.ts";
import { describeDatabase, withDatabase } from "../lib/database.ts";
import { plural } from "../lib/output.ts";

// A failed job is retried minutes later, so the loop ends; the cap only guards against a runaway queue.
const MAX_ROUNDS = 10_000;

/** `baton jobs run`: runs every due durable job once (round deadlines, reminders), then exits. */
export async function runJobs() {
  const ran = await withDatabase("write", async ({ db }) => {
    let total = 0;
    for (let i = 0; i < MAX_ROUNDS; i++) {
      const n = await runDueJobs(db, systemClock, jobHandlers);
      if (!n) break;
      total += n;
    }
    return total;
  }).finally(closeMailTransports);
  console.log(
    ran
      ? `Ran ${plural(ran, "due job")} on ${describeDatabase()}.`
      : `No jobs were due on ${describeDatabase()}.`,
  );
}

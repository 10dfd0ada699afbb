import { jobHandlers } from "../../server/jobs.ts";
import { systemClock } from "../../server/lib/clock.ts";
import { runAllDueJobs } from "../../server/modules/cli/cli.service.ts";
import { closeMailTransports } from "../../server/modules/mail/mail.service.ts";
import { describeDatabase } from "../lib/database.ts";
import { withOperator } from "../lib/operator.ts";
import { plural } from "../lib/output.ts";

/** `baton jobs run`: runs every due durable job once (round deadlines, reminders), then exits. */
export async function runJobs() {
  const ran = await withOperator(
    "jobs run",
    "write",
    ({ db }) => runAllDueJobs(db, systemClock, jobHandlers),
    async (call) => (await call<{ ran: number }>("POST", "/cli/jobs/run")).ran,
  ).finally(closeMailTransports);
  console.log(
    ran
      ? `Ran ${plural(ran, "due job")} on ${describeDatabase()}.`
      : `No jobs were due on ${describeDatabase()}.`,
  );
}

import { type Config, loadConfig } from "./config.ts";
import { countingJobHandlers } from "./modules/factors/factors.counting.ts";
import { factorJobHandlers } from "./modules/factors/factors.recompute.ts";
import { ideaImportJobHandlers } from "./modules/ideas/ideas.csv.ts";
import type { JobHandlers } from "./modules/jobs/jobs.service.ts";
import { mailJobHandlers } from "./modules/mail/mail.service.ts";
import { competitorDigestSection } from "./modules/monitoring/digest.service.ts";
import { monitorJobHandlers } from "./modules/monitoring/monitoring.check.ts";
import { digestJobHandlers } from "./modules/notifications/notifications.mail.ts";
import { roundJobHandlers } from "./modules/rounds/rounds.jobs.ts";
import { signoffJobHandlers } from "./modules/signoffs/signoffs.jobs.ts";
import { sourceJobHandlers } from "./modules/sources/sources.poll.ts";
import { transferJobHandlers } from "./modules/transfer/transfer.service.ts";

/** Every durable job kind and its handler; modules add theirs here. */
export const jobHandlersFor = (
  config: Pick<Config, "smtpUrl" | "mailFrom"> & Partial<Pick<Config, "publicUrl">>,
): JobHandlers => {
  const publicUrl = config.publicUrl ?? loadConfig().publicUrl;
  return {
    ...roundJobHandlers(publicUrl),
    ...signoffJobHandlers(publicUrl),
    ...digestJobHandlers(publicUrl, [competitorDigestSection]),
    ...mailJobHandlers(config),
    ...ideaImportJobHandlers,
    ...transferJobHandlers,
    ...sourceJobHandlers(),
    ...monitorJobHandlers(publicUrl),
    ...factorJobHandlers,
    ...countingJobHandlers,
  };
};

/** The handlers configured from the environment (the CLI's `baton jobs run`). */
export const jobHandlers: JobHandlers = jobHandlersFor(loadConfig());

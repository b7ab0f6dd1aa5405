import cron from "node-cron";
import type { Logger } from "pino";
import type { RgpdService } from "../services/rgpd.ts";

/** The daily retention job (03:00 in the bot's time zone): anonymise expired data, purge old logs. */
export function startRetentionJob(rgpd: RgpdService, timezone: string, logger: Logger): () => void {
  const task = cron.schedule(
    "0 3 * * *",
    () => {
      rgpd.retention().catch((error: unknown) => logger.error({ err: error }, "retention job failed"));
    },
    { timezone },
  );
  return () => void task.stop();
}

import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";

/**
 * An admin is told once (a log warning and an audit entry), and it shows in /rappels. The notice
 * row is the "once": its unique key is what a second run or instance trips on.
 */
export async function notice(
  deps: { db: DbClient; clock: Clock; logger: Logger },
  territoryId: string,
  key: string,
  action: string,
  details: Record<string, string>,
): Promise<void> {
  const repos = readOnly(deps.db);
  if (!(await repos.reminders.noticeOnce(territoryId, key, deps.clock.now()))) return;
  deps.logger.warn({ territory: territoryId, ...details }, action);
  await repos.audit.record({ territoryId, actorId: null, action, outcome: "failed", details }, deps.clock.now());
}

import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "pino";

/** Bolt and its Web API client log through the bot's logger, as JSON on stderr. */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ platform: "slack" });
  let level = LogLevel.WARN;
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(" ")),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(" ")),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(" ")),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(" ")),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

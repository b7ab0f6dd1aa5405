import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "pino";
import { scrubTokens } from "../../core/redact.ts";

/** Bolt and its Web API client log through the bot's logger, as JSON on stderr, tokens scrubbed. */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ platform: "slack" });
  const text = (msg: unknown[]) => scrubTokens(msg.map(String).join(" "));
  let level = LogLevel.WARN;
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

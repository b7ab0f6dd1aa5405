import { logger as globalLogger, type Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import type { Logger } from "pino";

function text(parts: unknown[]): string {
  return parts.map((p) => (typeof p === "string" ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(" ");
}

/**
 * The SDK's own logging into ours, one step quieter: its warnings are routine (sync retries,
 * device list refreshes) and go to debug; its errors to warn. It never logs message contents.
 */
export function sdkLogger(logger: Logger): SdkLogger {
  const child = (namespace: string): SdkLogger => {
    const log = logger.child({ sdk: namespace });
    return {
      trace: (...msg: unknown[]) => log.trace(text(msg)),
      debug: (...msg: unknown[]) => log.trace(text(msg)),
      info: (...msg: unknown[]) => log.trace(text(msg)),
      warn: (...msg: unknown[]) => log.debug(text(msg)),
      error: (...msg: unknown[]) => log.warn(text(msg)),
      getChild: (name: string) => child(`${namespace}.${name}`),
    };
  };
  return child("matrix");
}

interface LevelSettable {
  setLevel?: (level: string, persist?: boolean) => void;
}

/**
 * Parts of the SDK still log through its global `loglevel` logger, straight to the console (every
 * event it fails to decrypt; call sessions, whose child loggers are set to debug): the global one
 * keeps only errors, and its children go to ours.
 */
export function quietGlobalSdkLogger(logger: Logger): void {
  (globalLogger as unknown as LevelSettable).setLevel?.("error", false);
  const ours = sdkLogger(logger);
  Object.assign(globalLogger, { getChild: (namespace: string) => ours.getChild(namespace) });
}

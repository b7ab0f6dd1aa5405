import { skipReasons } from "./skip-reasons.ts";

/** Runs once per `npm test`, before any file: says why suites will be skipped, once each. */
export default function setup(): void {
  for (const reason of skipReasons()) if (reason.skipped) process.stdout.write(`\n${reason.line}\n\n`);
}

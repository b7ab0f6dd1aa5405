import { randomBytes } from "node:crypto";
import type { FakeSlack } from "../support/fake-slack.ts";
import { ackAnswer, postToBot, slashCommand } from "../support/fake-slack.ts";

export interface LatencySample {
  ack: number[];
  answer: number[];
}

/**
 * Sends `total` signed slash commands, `concurrency` at a time, the way Slack does, and records
 * for each the time to the HTTP acknowledgement and (when `waitAnswer`) to the answer posted on
 * the response URL.
 */
export async function load(
  botUrl: string,
  secret: string,
  slack: FakeSlack,
  line: string,
  user: string,
  total: number,
  concurrency: number,
  waitAnswer: boolean,
  team = "T1",
): Promise<LatencySample> {
  const [command = "", ...rest] = line.split(" ");
  const sample: LatencySample = { ack: [], answer: [] };
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent++;
      const path = `/respond/${randomBytes(6).toString("hex")}`;
      const arrival = waitAnswer ? slack.responseArrival(path) : undefined;
      const body = slashCommand({ command, text: rest.join(" "), user, team, responseUrl: `${slack.url}${path}` });
      const start = performance.now();
      const result = await postToBot(botUrl, secret, body, { forwardAckAnswer: false });
      if (result.status !== 200) throw new Error(`bot answered ${result.status}`);
      const acked = performance.now() - start;
      sample.ack.push(acked);
      // The answer rides in the acknowledgement when it was ready in time, else on the response URL.
      if (arrival) sample.answer.push(ackAnswer(result.text) ? acked : (await arrival) - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sample;
}

/** Polls until a signed request is acknowledged; returns the time it took from `since`. */
export async function waitReady(
  botUrl: string,
  secret: string,
  slack: FakeSlack,
  since: number,
  timeoutMs = 20_000,
): Promise<number> {
  for (;;) {
    try {
      const result = await postToBot(
        botUrl,
        secret,
        slashCommand({ command: "/aide", text: "", user: "UPROBE", responseUrl: `${slack.url}/respond/probe` }),
      );
      if (result.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error("bot did not become ready");
    await new Promise((r) => setTimeout(r, 10));
  }
}

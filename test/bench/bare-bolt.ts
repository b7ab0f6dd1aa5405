// The reference: a Bolt app that only acknowledges every slash command, as Slack's starter does.
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

const port = Number(process.env.PORT);
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? "",
  endpoints: "/slack/events",
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(port);
process.stdout.write("ready\n");

// `npm run slack:manifest -- --url https://bot.example.org` prints the Slack app manifest (JSON).
// Without --url the manifest is for Socket Mode.
import { commands } from "../../commands/index.ts";
import { I18n } from "../core/i18n.ts";
import { Registry } from "../core/registry.ts";
import { slackManifest } from "../platforms/slack/manifest.ts";

const index = process.argv.indexOf("--url");
const url = index >= 0 ? process.argv[index + 1] : undefined;
if (index >= 0 && !url?.match(/^https:\/\//)) {
  console.error("--url expects the bot's public https address, e.g. --url https://bot.example.org");
  process.exit(2);
}
console.log(JSON.stringify(slackManifest(new Registry(commands), I18n.create(), url), null, 2));

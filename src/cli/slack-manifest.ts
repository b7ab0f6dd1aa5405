// `npm run slack:manifest -- --url https://bot.example.org` prints the Slack app manifest (JSON).
// Without --url the manifest is for Socket Mode. `--rotation` (with --url) turns on token rotation,
// for an app installed by OAuth in many workspaces.
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
const tokenRotation = process.argv.includes("--rotation");
if (tokenRotation && !url) {
  console.error("--rotation needs --url: rotating tokens are refreshed through the OAuth redirect URL's app");
  process.exit(2);
}
console.log(JSON.stringify(slackManifest(new Registry(commands), I18n.create(), url, { tokenRotation }), null, 2));

// `npm run discord:register [-- --guild ID]` publishes the slash commands (to one server, or
// globally), generated from the registry; nothing is sent when they are already up to date.
import { REST } from "discord.js";
import { commands } from "../../commands/index.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { I18n } from "../core/i18n.ts";
import { Registry } from "../core/registry.ts";
import { restBase } from "../platforms/discord/discord-app.ts";
import { applicationCommands, publishCommands } from "../platforms/discord/registration.ts";

try {
  const config = loadConfig(process.env);
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    console.error("DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to publish commands.");
    process.exit(2);
  }
  const index = process.argv.indexOf("--guild");
  const guild = index >= 0 ? process.argv[index + 1] : undefined;
  if (index >= 0 && !guild?.match(/^\d{5,25}$/)) {
    console.error("--guild expects a server id (digits), e.g. --guild 123456789012345678");
    process.exit(2);
  }
  const rest = new REST(config.DISCORD_API_URL ? { api: restBase(config.DISCORD_API_URL) } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const plan = await publishCommands(
    rest,
    config.DISCORD_APPLICATION_ID,
    guild,
    applicationCommands(new Registry(commands), I18n.create()),
  );
  const where = guild ? `server ${guild}` : "all servers";
  if (plan.added.length + plan.changed.length + plan.removed.length === 0)
    console.log(`Commands up to date for ${where}.`);
  else
    console.log(
      `Published for ${where}: added [${plan.added.join(", ")}], changed [${plan.changed.join(", ")}], removed [${plan.removed.join(", ")}].`,
    );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`Publishing failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

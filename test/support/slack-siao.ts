import { afterAll, beforeAll } from "vitest";
import type { App } from "../../src/app.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { SLACK_SECRET, setUp, startSlackBot } from "./bots.ts";
import { buttonClick, type FakeSlack, interaction, postToBot } from "./fake-slack.ts";

/**
 * For the enclosing describe block: starts the Web API stand-in and the bot's real Bolt app over
 * HTTP against it, with territory T1's admin (UADMIN), CCAS member (UCCAS) and SIAO member (USIAO),
 * DALO and the SIAO channel C-SIAO set up, then `lines` run by the admin; stops both afterwards.
 */
export function slackSiaoBot(
  app: () => App,
  slack: FakeSlack,
  lines: readonly string[] = [],
): { readonly url: string } {
  const bot = { url: "" };
  let adapter: SlackAdapter | undefined;
  beforeAll(async () => {
    await slack.start();
    slack.users = {
      UADMIN: { is_admin: true, locale: "fr-FR" },
      UCCAS: { locale: "fr-FR" },
      USIAO: { locale: "fr-FR" },
    };
    ({ adapter, url: bot.url } = await startSlackBot(app(), slack.url));
    await setUp(app(), { platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config role user:UCCAS ccas",
      "/config role user:USIAO siao",
      "/config canal siao C-SIAO",
      ...lines,
    ]);
  });
  afterAll(async () => {
    await adapter?.stop();
    await slack.stop();
  });
  return bot;
}

/** The SIAO member clicks "validate" on a candidature's card in C-SIAO, signed as Slack does. */
export function validateCandidature(
  bot: string,
  slack: FakeSlack,
  reference: string,
  click: { trigger: string; respondPath: string },
): Promise<unknown> {
  return postToBot(
    bot,
    SLACK_SECRET,
    interaction(
      buttonClick({
        user: "USIAO",
        channel: "C-SIAO",
        responseUrl: `${slack.url}${click.respondPath}`,
        value: JSON.stringify({ c: "candidature.decider", a: { ref: reference, decision: "validee" } }),
        trigger: click.trigger,
        actionTs: "1772442000.2",
      }),
    ),
  );
}

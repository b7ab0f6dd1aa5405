import {
  Client,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from "discord.js";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import { mayRun, type CommandEntry } from "../../core/command.ts";
import type { CommandRequest, Dispatcher } from "../../core/dispatcher.ts";
import { DatabaseUnavailableError } from "../../core/database-health.ts";
import { isUserError } from "../../core/errors.ts";
import { InFlight } from "../../core/in-flight.ts";
import { toLocale, type I18n } from "../../core/i18n.ts";
import type { Registry } from "../../core/registry.ts";
import { truncate } from "../../core/text-limits.ts";
import type { IdentityService, ResolvedIdentity } from "../../services/identity.ts";
import type { ReferenceSearchService } from "../../services/reference-search.ts";
import { decodeButtonId, decodeNonce, FORM_PREFIX, RETRY_PREFIX } from "./custom-id.ts";
import { discordPort, renderForDiscord } from "./discord-port.ts";
import { PendingForms } from "./forms.ts";
import { DISCORD_MAX_AUTOCOMPLETE, DISCORD_MAX_CHOICE_NAME } from "./limits.ts";
import { buildDiscordModal } from "./modal.ts";
import { modalOptions } from "./registration.ts";

export interface DiscordSettings {
  token: string;
  apiUrl?: string;
}

export interface DiscordDeps {
  dispatcher: Dispatcher;
  registry: Registry;
  identity: IdentityService;
  references: ReferenceSearchService;
  i18n: I18n;
  logger: Logger;
}

export interface DiscordAdapter {
  client: Client;
  start(): Promise<void>;
  /** Takes no new interaction and resolves once the ones under way are answered. */
  drain(): Promise<void>;
  /** Drains, then leaves the gateway (the client no longer posts). */
  stop(): Promise<void>;
}

/** Past this, the reply is deferred (Discord's limit is 3 s) and finished with an edit. */
const DEFER_AFTER_MS = 2000;

/** Discord's REST base is `<api>/v10`; DISCORD_API_URL may be given with or without the version. */
export function restBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, "").replace(/\/v\d+$/, "");
}

/**
 * The Discord side of the bot: slash commands, buttons, modals and autocomplete, all through the
 * one dispatcher. A server is a territory; Administrator or Manage Server makes a member admin.
 */
export function createDiscordAdapter(settings: DiscordSettings, deps: DiscordDeps): DiscordAdapter {
  const { dispatcher, registry, identity, i18n, logger } = deps;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Nothing the bot sends may notify anyone unless a rendered card names the member itself.
    allowedMentions: { parse: [] },
    ...(settings.apiUrl ? { rest: { api: restBase(settings.apiUrl) } } : {}),
  });
  const forms = new PendingForms();

  async function resolve(interaction: Interaction): Promise<ResolvedIdentity | null> {
    if (!interaction.guildId || !interaction.member) return null;
    const member = interaction.member;
    const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
    const permissions = interaction.memberPermissions;
    const locale = toLocale(interaction.locale, "fr");
    const seen = {
      platform: "discord" as const,
      territoryExternalId: interaction.guildId,
      territoryName: interaction.guild?.name ?? interaction.guildId,
      userExternalId: interaction.user.id,
      displayName: interaction.user.globalName ?? interaction.user.username,
      groupIds: roles,
      platformAdmin: Boolean(
        permissions?.has(PermissionFlagsBits.Administrator) || permissions?.has(PermissionFlagsBits.ManageGuild),
      ),
      locale,
    };
    // A member not seen lately is read or written in the database: that wait is bounded too.
    return dispatcher.boundedIn(locale, () => identity.resolve(seen));
  }

  const payload = (card: Card, who: ResolvedIdentity) => renderForDiscord(card, i18n.translator(who.locale));
  // Files ride with the reply, so a private reply's files are private too.
  const attachments = (card: Card) =>
    card.files?.length ? { files: card.files.map((f) => ({ attachment: f.data, name: f.name })) } : {};
  const request = (
    interaction: Interaction,
    who: ResolvedIdentity,
    entry: CommandEntry,
    values: Record<string, unknown>,
  ): CommandRequest => {
    const [command = "", subcommand] = entry.path;
    return {
      identity: who,
      channelId: interaction.channelId ?? "",
      platform: discordPort(client, i18n.translator(who.locale), logger, interaction.guildId ?? undefined),
      command,
      ...(subcommand ? { subcommand } : {}),
      values,
    };
  };
  const notice = (who: ResolvedIdentity | null, key: string): Card => {
    const t = i18n.translator(who?.locale ?? "fr");
    return { title: t("common:error_title"), tone: "error", visibility: "private", lines: [t(key)] };
  };

  type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

  /**
   * Replies within Discord's 3 seconds: directly when the work is quick, else defer then edit.
   * `decorate` adds components once the work is done (a button to reopen a form).
   */
  async function answer(
    interaction: Repliable,
    who: ResolvedIdentity | null,
    work: Promise<Card>,
    decorate: (rendered: ReturnType<typeof renderForDiscord>) => void = () => {},
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<"slow">((resolve) => (timer = setTimeout(() => resolve("slow"), DEFER_AFTER_MS)));
    const first = await Promise.race([work, slow]);
    clearTimeout(timer);
    const render = (card: Card) => {
      const rendered = who ? payload(card, who) : renderForDiscord(card, i18n.translator("fr"));
      decorate(rendered);
      return { ...rendered, ...attachments(card) };
    };
    if (first !== "slow") {
      const message = {
        ...render(first),
        ...(first.visibility === "private" ? { flags: MessageFlags.Ephemeral } : {}),
      };
      await delivered(interaction, first, () => interaction.reply(message as never), render);
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const card = await work;
    await delivered(interaction, card, () => interaction.editReply(render(card) as never), render);
  }

  /**
   * The answer, whatever Discord says: the reply (discord.js already waited out 429s and retried
   * 5xx), else a follow-up on the same interaction, else the member's direct messages (a private
   * answer never falls back to where others can read it).
   */
  async function delivered(
    interaction: Repliable,
    card: Card,
    first: () => Promise<unknown>,
    render: (card: Card) => Record<string, unknown>,
  ): Promise<void> {
    try {
      await first();
      return;
    } catch (error) {
      logger.warn({ err: error, interaction: interaction.id }, "Discord reply failed; following up");
    }
    try {
      await interaction.followUp({ ...render(card), flags: MessageFlags.Ephemeral } as never);
      return;
    } catch (error) {
      logger.warn({ err: error, interaction: interaction.id }, "Discord follow-up failed; direct message");
    }
    try {
      await interaction.user.send(render(card) as never);
    } catch (error) {
      logger.error({ err: error, interaction: interaction.id }, "answer lost: no way to reach the member");
    }
  }

  async function showForm(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    who: ResolvedIdentity,
    entry: CommandEntry,
    args: Record<string, unknown>,
    fields: string[],
    requireAll: boolean,
  ): Promise<void> {
    const nonce = forms.open({
      entryKey: entry.key,
      args,
      fields,
      requireAll,
      channelId: interaction.channelId ?? "",
      userId: interaction.user.id,
    });
    await interaction.showModal(
      buildDiscordModal(
        entry,
        registry.optionSpecs(entry),
        fields,
        nonce,
        i18n.translator(who.locale),
        {},
        requireAll,
      ) as never,
    );
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const who = await resolve(interaction);
    if (!who) return answer(interaction, null, Promise.resolve(notice(null, "errors:guild_only")));
    const sub = interaction.options.getSubcommand(false);
    const entry = registry.get(sub ? `${interaction.commandName}.${sub}` : interaction.commandName);
    if (!entry) return answer(interaction, who, Promise.resolve(notice(who, "errors:unknown_discord_command")));
    const data = sub ? (interaction.options.data[0]?.options ?? []) : interaction.options.data;
    const values: Record<string, unknown> = Object.fromEntries(data.map((o) => [o.name, o.value]));
    const missing = modalOptions(entry, registry.optionSpecs(entry))
      .filter((s) => values[s.name] === undefined)
      .map((s) => s.name);
    if (missing.length > 0 && mayRun(entry.definition.roles, who.member.roles))
      return showForm(interaction, who, entry, values, missing, false);
    return answer(interaction, who, dispatcher.execute(request(interaction, who, entry, values)));
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const who = await resolve(interaction);
    if (!who) return answer(interaction, null, Promise.resolve(notice(null, "errors:guild_only")));
    const retry = decodeNonce(interaction.customId, RETRY_PREFIX);
    if (retry) {
      const form = forms.get(retry, interaction.user.id);
      const entry = form && registry.get(form.entryKey);
      if (!form || !entry) return answer(interaction, who, Promise.resolve(notice(who, "errors:form_expired")));
      await interaction.showModal(
        buildDiscordModal(
          entry,
          registry.optionSpecs(entry),
          form.fields,
          retry,
          i18n.translator(who.locale),
          form.typed,
          form.requireAll,
        ) as never,
      );
      return;
    }
    const button = decodeButtonId(interaction.customId);
    const entry = button && registry.get(button.command);
    if (!button || !entry) return answer(interaction, who, Promise.resolve(notice(who, "errors:invalid_button")));
    if (button.ask.length > 0 && mayRun(entry.definition.roles, who.member.roles))
      return showForm(interaction, who, entry, button.args, button.ask, true);
    return answer(interaction, who, dispatcher.execute(request(interaction, who, entry, button.args)));
  }

  async function onModal(interaction: ModalSubmitInteraction): Promise<void> {
    const who = await resolve(interaction);
    if (!who) return answer(interaction, null, Promise.resolve(notice(null, "errors:guild_only")));
    const nonce = decodeNonce(interaction.customId, FORM_PREFIX);
    const form = nonce ? forms.get(nonce, interaction.user.id) : undefined;
    const entry = form && registry.get(form.entryKey);
    if (!nonce || !form || !entry) return answer(interaction, who, Promise.resolve(notice(who, "errors:form_expired")));
    const typed: Record<string, string> = {};
    for (const field of form.fields) {
      const value = interaction.fields.fields.get(field);
      if (value && "value" in value && typeof value.value === "string" && value.value.trim() !== "")
        typed[field] = value.value;
    }
    const req = request(interaction, who, entry, { ...form.args, ...typed });
    let retry = false;
    // The command may take longer than Discord's 3 seconds: the answer defers like any other.
    const work = (async (): Promise<Card> => {
      try {
        const prepared = await dispatcher.prepare(req);
        forms.close(nonce);
        return await dispatcher.run(prepared);
      } catch (error) {
        // A field that does not parse: say which, and offer to reopen the form with what was typed.
        retry =
          isUserError(error) && typeof error.context.option === "string" && form.fields.includes(error.context.option);
        if (retry) form.typed = typed;
        else forms.close(nonce);
        return dispatcher.errorCard(error, req);
      }
    })();
    await answer(interaction, who, work, (rendered) => {
      if (!retry) return;
      rendered.components = [
        {
          type: 1,
          components: [
            {
              type: 2,
              style: 1,
              label: i18n.translator(who.locale)("common:form.retry"),
              custom_id: `${RETRY_PREFIX}${nonce}`,
            },
          ],
        },
      ];
    });
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const who = await resolve(interaction);
    const sub = interaction.options.getSubcommand(false);
    const entry = registry.get(sub ? `${interaction.commandName}.${sub}` : interaction.commandName);
    const focused = interaction.options.getFocused(true);
    const spec = entry && registry.optionSpecs(entry).find((s) => s.name === focused.name);
    const found =
      who && spec?.kind === "ref" && spec.entity
        ? await deps.references.suggest(who.territory.id, spec.entity, String(focused.value), DISCORD_MAX_AUTOCOMPLETE)
        : [];
    await interaction.respond(found.map((s) => ({ name: truncate(s.label, DISCORD_MAX_CHOICE_NAME), value: s.value })));
  }

  const inFlight = new InFlight();
  let stopping = false;
  client.on("interactionCreate", (interaction) => {
    if (stopping) {
      // Left unanswered: the member sees Discord's own "did not respond" and tries again.
      logger.warn({ interaction: interaction.id }, "stopping: interaction not taken");
      return;
    }
    const handle = async () => {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isButton()) await onButton(interaction);
      else if (interaction.isModalSubmit()) await onModal(interaction);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
    };
    void inFlight
      .run(() => handle())
      .catch(async (error: unknown) => {
        if (error instanceof DatabaseUnavailableError && interaction.isRepliable() && !interaction.replied) {
          // The member could not be read in time: told at once, within Discord's 3 seconds.
          const locale = error.locale ?? dispatcher.defaultLocale;
          const card = dispatcher.unavailableCard(locale);
          logger.warn({ interaction: interaction.id }, "database did not answer: member told to try again");
          const message = { ...renderForDiscord(card, i18n.translator(locale)), flags: MessageFlags.Ephemeral };
          await (interaction.deferred ? interaction.editReply(message as never) : interaction.reply(message as never))
            .then(() => undefined)
            .catch((failure: unknown) => logger.error({ err: failure }, "could not tell the member"));
          return;
        }
        logger.error({ err: error, interaction: interaction.id }, "Discord interaction failed");
      });
  });
  client.on("error", (error) => logger.error({ err: error }, "Discord client error"));
  client.on("shardReconnecting", () => logger.warn("Discord gateway reconnecting"));
  client.on("shardResume", () => logger.info("Discord gateway resumed"));

  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once("clientReady", () => resolve()));
      await client.login(settings.token);
      await ready;
    },
    async drain() {
      stopping = true;
      await inFlight.idle();
    },
    async stop() {
      await this.drain();
      await client.destroy();
    },
  };
}

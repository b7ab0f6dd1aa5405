import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod";
import { card, type Card } from "./card.ts";
import type { Clock } from "./clock.ts";
import {
  type ChannelPublisher,
  type CommandContext,
  type CommandEntry,
  type CommandServices,
  isGroup,
  mayRun,
  type PlatformPort,
  type ResolvedIdentity,
} from "./command.ts";
import {
  boundedByDatabase,
  DatabaseUnavailableError,
  type DatabaseHealth,
  type DeadlineSettings,
} from "./database-health.ts";
import { describeExpected } from "./describe.ts";
import { isUserError, UserError } from "./errors.ts";
import { isValidIsoDate } from "../domain/calendar.ts";
import { formatCents, formatDate, type I18n, type Locale, type Translate } from "./i18n.ts";
import { parseOptions } from "./parse-options.ts";
import type { Registry } from "./registry.ts";
import { assignArguments, tokenizeRaw } from "./text-args.ts";

export interface DispatcherDeps {
  registry: Registry;
  /** Handed to commands as `ctx.services`. */
  services: CommandServices;
  /** Where refusals are written (the audit log). */
  refusals: { refused(territoryId: string, memberId: string, command: string, reason: string): Promise<void> };
  /** Sends the cards changes planned (`ctx.sendPlanned`) and thread replies, through the outbox. */
  publisher: ChannelPublisher;
  i18n: I18n;
  clock: Clock;
  logger: Logger;
  /** When given, work that waits on a database that does not answer is given up in time. */
  database?: DatabaseHealth;
  deadline?: DeadlineSettings;
  /** The language of answers given before the member is known (the bot's default). */
  locale?: Locale;
}

export interface PreparedCommand {
  entry: CommandEntry;
  options: Record<string, unknown>;
  request: CommandRequest;
  t: Translate;
}

/** One command as an adapter received it: typed text (console, Slack) or structured values (Discord). */
export interface CommandRequest {
  identity: ResolvedIdentity;
  channelId: string;
  platform: PlatformPort;
  command: string;
  text?: string;
  subcommand?: string;
  values?: Record<string, unknown>;
}

/**
 * The one road every command takes, whatever the platform: find the command, parse its options
 * with its schema, check roles (refusals are audited), run it, and turn errors into a localized
 * Card only the member sees.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** The entry a request names, and the words left for its options. */
  resolve(
    command: string,
    subcommand: string | undefined,
    tokens: string[],
  ): { entry: CommandEntry; tokens: string[] } {
    const { registry } = this.deps;
    const module = registry.module(command.replace(/^\//, "").toLowerCase());
    if (!module) throw new UserError("unknown_command", { command: command.replace(/^\//, "") });
    if (!isGroup(module)) {
      const entry = registry.get(module.name);
      if (!entry) throw new UserError("unknown_command", { command });
      return { entry, tokens };
    }
    const names = module.subcommands.map((s) => s.name);
    const wanted = (subcommand ?? tokens[0] ?? module.defaultSubcommand ?? "").toLowerCase();
    const entry = registry.get(`${module.name}.${wanted}`);
    if (!entry) {
      if (!wanted) throw new UserError("missing_subcommand", { command: module.name, subcommands: names.join(", ") });
      throw new UserError("unknown_subcommand", {
        command: module.name,
        subcommand: wanted,
        subcommands: names.join(", "),
      });
    }
    return { entry, tokens: subcommand || tokens.length === 0 ? tokens : tokens.slice(1) };
  }

  /**
   * Runs work that needs the database (a command, resolving a member) and throws
   * DatabaseUnavailableError as soon as the database is known not to answer: a member is told
   * to try again within the platform's deadline instead of waiting on a silent database.
   */
  bounded<T>(work: () => Promise<T>): Promise<T> {
    const { database, deadline } = this.deps;
    return database ? boundedByDatabase(database, work, deadline) : work();
  }

  /**
   * Bounded work done before the member is known (resolving them): when the database does not
   * answer, the error carries the language the platform gave, for the "try again" answer.
   */
  boundedIn<T>(locale: Locale | null, work: () => Promise<T>): Promise<T> {
    return this.bounded(work).catch((error: unknown) => {
      throw error instanceof DatabaseUnavailableError ? new DatabaseUnavailableError(locale) : error;
    });
  }

  async execute(request: CommandRequest): Promise<Card> {
    try {
      return await this.bounded(async () => this.runNow(await this.prepareNow(request)));
    } catch (error) {
      return this.errorCard(error, request);
    }
  }

  /**
   * Everything before running: find the command, check roles (a refusal is audited), parse the
   * options. Throws UserError; forms call it alone to show field errors before accepting.
   */
  prepare(request: CommandRequest): Promise<PreparedCommand> {
    return this.bounded(() => this.prepareNow(request));
  }

  run(prepared: PreparedCommand): Promise<Card> {
    return this.bounded(() => this.runNow(prepared)).catch((error: unknown) => this.errorCard(error, prepared.request));
  }

  /**
   * Checks one answer of a form asked a question at a time, before it is kept with the others:
   * personal data or a value that does not parse is refused (and audited) at once, so nothing
   * unchecked waits in the database while the form goes on.
   */
  checkAnswer(request: CommandRequest, option: string, value: string): Promise<void> {
    return this.bounded(async () => {
      const { entry } = this.resolve(request.command, request.subcommand, []);
      const spec = this.deps.registry.optionSpecs(entry).find((s) => s.name === option);
      const field = entry.definition.options.shape[option];
      if (!spec || !field) return;
      const t = this.deps.i18n.translator(request.identity.locale);
      const usage = this.deps.registry.usage(entry);
      const one = z.object({ [option]: field });
      await this.audited(request, entry.key, () =>
        parseOptions(one, [spec], { [option]: value }, usage, (s) => describeExpected(s, t)),
      );
    });
  }

  /** Runs a parse; a text refused for personal data is audited: the field and the kinds, never the text. */
  private async audited<T>(request: CommandRequest, command: string, parse: () => T): Promise<T> {
    try {
      return parse();
    } catch (error) {
      const { identity } = request;
      if (isUserError(error) && error.identifier === "personal_data_refused")
        await this.deps.refusals.refused(
          identity.territory.id,
          identity.member.id,
          command,
          `personal_data:${error.context.option}:${error.context.found}`,
        );
      throw error;
    }
  }

  /** The bot's language, for answers given before the member is known. */
  get defaultLocale(): Locale {
    return this.deps.locale ?? "fr";
  }

  /** The answer when the database did not answer and the member could not even be known. */
  unavailableCard(locale: Locale): Card {
    const t = this.deps.i18n.translator(locale);
    return card(t("common:error_title"), { tone: "error", lines: [t("errors:database_unavailable")] });
  }

  private async prepareNow(request: CommandRequest): Promise<PreparedCommand> {
    const { registry, refusals } = this.deps;
    const { identity } = request;
    const t = this.deps.i18n.translator(identity.locale);
    const typed = tokenizeRaw(request.text ?? "");
    const { entry, tokens } = this.resolve(
      request.command,
      request.subcommand,
      typed.map((token) => token.value),
    );
    const usage = registry.usage(entry);
    const specs = registry.optionSpecs(entry);
    if (!mayRun(entry.definition.roles, identity.member.roles)) {
      await refusals.refused(identity.territory.id, identity.member.id, entry.key, "missing_role");
      const roles = entry.definition.roles === "everyone" ? [] : entry.definition.roles;
      throw new UserError("forbidden", {
        command: "/" + entry.path.join(" "),
        roles: roles.map((r) => t(`common:role.${r}`)).join(", "),
      });
    }
    return this.audited(request, entry.key, () => {
      const raw = request.values ?? assignArguments(specs, typed.slice(typed.length - tokens.length), usage);
      const options = parseOptions(entry.definition.options, specs, raw, usage, (spec) => describeExpected(spec, t));
      entry.definition.check?.(options);
      return { entry, options, request, t };
    });
  }

  private async runNow(prepared: PreparedCommand): Promise<Card> {
    const { registry, services, clock } = this.deps;
    const { request, t, entry } = prepared;
    const { identity } = request;
    const ctx: CommandContext = {
      territory: identity.territory,
      member: identity.member,
      locale: identity.locale,
      t,
      channelId: request.channelId,
      services,
      clock,
      platform: request.platform,
      catalog: registry.entries.filter((e) => mayRun(e.definition.roles, identity.member.roles)),
      sendPlanned: async (planned) => {
        if (!planned) return { status: "unbound" };
        const territoryId = identity.territory.id;
        return this.deps.publisher.sendPlanned({ territoryId, planned, port: request.platform });
      },
      reply: (root, content) =>
        this.deps.publisher.reply({ territoryId: identity.territory.id, root, card: content, port: request.platform }),
    };
    try {
      return await entry.definition.run(ctx, prepared.options);
    } catch (error) {
      return this.errorCard(error, request);
    }
  }

  /** A localized, private Card for an error: the message for a UserError, a reference otherwise. */
  errorCard(error: unknown, request: CommandRequest): Card {
    const t = this.deps.i18n.translator(request.identity.locale);
    if (!isUserError(error) && this.deps.database?.isUnavailable(error)) {
      this.deps.logger.warn({ err: error, command: request.command }, "database did not answer a command");
      return this.errorCard(new DatabaseUnavailableError(), request);
    }
    if (isUserError(error))
      return card(t("common:error_title"), {
        tone: "error",
        lines: [this.userErrorText(error, request.identity.locale)],
      });
    const reference = randomBytes(4).toString("hex");
    this.deps.logger.error(
      { err: error, reference, command: request.command, territory: request.identity.territory.id },
      "command failed",
    );
    return card(t("common:error_title"), { tone: "error", lines: [t("errors:unexpected", { reference })] });
  }

  /** A UserError's message in a language (forms show it next to the field). */
  userErrorText(error: UserError, locale: Locale): string {
    const t = this.deps.i18n.translator(locale);
    // A context value may name other translations ("$t(common:personal_data.phone)"):
    // i18next does not nest inside values, so they are resolved here.
    // Values named "...Cents" are amounts, shown in euros in the member's locale; ISO dates
    // are shown as the member reads them ("12 mars 2026").
    const context = Object.fromEntries(
      Object.entries(error.context).map(([k, v]) => [
        k,
        typeof v === "string"
          ? isValidIsoDate(v)
            ? formatDate(v, locale)
            : v.replace(/\$t\(([\w:.-]+)\)/g, (_, key: string) => t(key))
          : k.endsWith("Cents")
            ? formatCents(v, locale)
            : v,
      ]),
    );
    return t(`errors:${error.identifier}`, context);
  }
}

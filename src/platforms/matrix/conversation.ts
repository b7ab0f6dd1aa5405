import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import { mayRun, type CommandEntry } from "../../core/command.ts";
import { describeExpected } from "../../core/describe.ts";
import type { CommandRequest, Dispatcher } from "../../core/dispatcher.ts";
import { isUserError } from "../../core/errors.ts";
import type { I18n } from "../../core/i18n.ts";
import type { Registry } from "../../core/registry.ts";
import { tokenize } from "../../core/text-args.ts";
import type { ResolvedIdentity } from "../../services/identity.ts";
import type { DirectRooms } from "./direct-rooms.ts";
import { FORM_TTL_MS, type GuidedForm, type GuidedForms } from "./guided-forms.ts";
import { matrixPort, renderForMatrix, type MatrixRooms, type Placement } from "./matrix-port.ts";
import type { ParsedMessage } from "./text-command.ts";

export interface ConversationDeps {
  dispatcher: Dispatcher;
  registry: Registry;
  i18n: I18n;
  logger: Logger;
  rooms: MatrixRooms;
  direct: DirectRooms;
  forms: GuidedForms;
}

/** One member's message or reaction, in a room of a territory. */
export interface Turn {
  who: ResolvedIdentity;
  roomId: string;
  /** The member's own event (a command, a reaction): answers refer to it. */
  eventId: string;
  /** The thread the message was in, if any. */
  threadRoot?: string;
}

const SKIP = new Set(["-", "—"]);

/**
 * What the bot does with a member's words in a territory's room: run `!commands` through the one
 * dispatcher, run a card's choices, and lead guided forms one question at a time in a thread.
 */
export class Conversation {
  constructor(private readonly deps: ConversationDeps) {}

  async handle(turn: Turn, message: ParsedMessage): Promise<void> {
    switch (message.kind) {
      case "command":
        return this.command(turn, message.command, message.text);
      case "choice":
        return this.choose(turn, turn.threadRoot, message.index);
      case "cancel":
      case "text": {
        const { forms } = this.deps;
        const found = turn.threadRoot
          ? await forms.find(turn.roomId, turn.threadRoot, turn.who.member.externalId)
          : null;
        if (!found) return;
        if ("expired" in found) return this.reply(turn, this.expired(turn, found.expired), turn.threadRoot);
        if (message.kind === "text") return this.answer(turn, found.open, message.text);
        await forms.close(found.open);
        return this.reply(turn, this.note(turn, "common:matrix.form_cancelled"), turn.threadRoot);
      }
    }
  }

  /** A late answer to a form that expired: said once, with how to start again. */
  private expired(turn: Turn, form: GuidedForm): Card {
    const t = this.deps.i18n.translator(turn.who.locale);
    const entry = this.deps.registry.get(form.entryKey);
    const command = entry ? `!${entry.path.join(" ")}` : "!aide";
    return {
      title: t("common:matrix.form_expired", { command, minutes: FORM_TTL_MS / 60_000 }),
      visibility: "private",
      tone: "warning",
    };
  }

  /** A card's choice, picked by `!N` in its thread or by a keycap reaction on it. */
  async choose(turn: Turn, cardEventId: string | undefined, index: number): Promise<void> {
    const { registry, rooms } = this.deps;
    await rooms.postsSettled();
    const button = cardEventId ? await rooms.choices.choice(cardEventId, turn.roomId, index) : null;
    const entry = button ? registry.get(button.command) : undefined;
    if (!button || !entry || !cardEventId) return this.reply(turn, this.note(turn, "common:matrix.choice_unknown"));
    const ask = button.ask ?? [];
    if (ask.length > 0 && mayRun(entry.definition.roles, turn.who.member.roles))
      return this.startForm(turn, entry, { ...button.args }, ask, cardEventId);
    const [command = "", subcommand] = entry.path;
    return this.execute(turn, { command, ...(subcommand ? { subcommand } : {}), values: { ...button.args } });
  }

  private async command(turn: Turn, command: string, text: string): Promise<void> {
    const { dispatcher, registry } = this.deps;
    let entry: CommandEntry | undefined;
    let rest: string[] = [];
    try {
      ({ entry, tokens: rest } = dispatcher.resolve(command, undefined, tokenize(text)));
    } catch {
      // Unknown command or subcommand: the dispatcher says so in the member's language below.
    }
    if (entry?.definition.form && rest.length === 0 && mayRun(entry.definition.roles, turn.who.member.roles)) {
      const specs = registry.optionSpecs(entry);
      return this.startForm(
        turn,
        entry,
        {},
        specs.map((s) => s.name),
        turn.threadRoot ?? turn.eventId,
      );
    }
    return this.execute(turn, { command, text });
  }

  private async execute(turn: Turn, what: Pick<CommandRequest, "command" | "subcommand" | "text" | "values">) {
    const card = await this.deps.dispatcher.execute(this.request(turn, what));
    await this.reply(turn, card, turn.threadRoot);
  }

  private request(turn: Turn, what: Pick<CommandRequest, "command" | "subcommand" | "text" | "values">) {
    const t = this.deps.i18n.translator(turn.who.locale);
    return {
      identity: turn.who,
      channelId: turn.roomId,
      platform: matrixPort(this.deps.rooms, t, this.deps.logger),
      ...what,
    };
  }

  private async startForm(
    turn: Turn,
    entry: CommandEntry,
    values: Record<string, string>,
    pending: string[],
    threadRoot: string,
  ): Promise<void> {
    const form = await this.deps.forms.open({
      entryKey: entry.key,
      values,
      pending,
      roomId: turn.roomId,
      threadRoot,
      userId: turn.who.member.externalId,
    });
    await this.ask(turn, form, true);
  }

  /** Posts the current question of a form in its thread. */
  private async ask(turn: Turn, form: GuidedForm, first: boolean, problem?: string): Promise<void> {
    const { registry, i18n } = this.deps;
    const t = i18n.translator(turn.who.locale);
    const entry = registry.get(form.entryKey);
    const option = form.pending[0];
    const spec = entry && registry.optionSpecs(entry).find((s) => s.name === option);
    if (!entry || !spec) return;
    const lines = [
      ...(problem ? [problem] : []),
      t(spec.required ? "common:matrix.form_expected" : "common:matrix.form_expected_optional", {
        expected: describeExpected(spec, t),
      }),
      t("common:matrix.form_how"),
    ];
    const card: Card = {
      title: first
        ? t("common:matrix.form_first", {
            command: `!${entry.path.join(" ")}`,
            question: t(`commands:${entry.key}.options.${spec.name}`),
          })
        : t(`commands:${entry.key}.options.${spec.name}`),
      visibility: "channel",
      lines,
    };
    await this.reply({ ...turn, threadRoot: form.threadRoot }, card, form.threadRoot);
  }

  private async answer(turn: Turn, form: GuidedForm, text: string): Promise<void> {
    const { dispatcher, forms, registry } = this.deps;
    const entry = registry.get(form.entryKey);
    const option = form.pending[0];
    const spec = entry && registry.optionSpecs(entry).find((s) => s.name === option);
    if (!entry || !spec) {
      await forms.close(form);
      return;
    }
    const skipped = SKIP.has(text.trim()) && !spec.required;
    const [command = "", subcommand] = entry.path;
    const path = { command, ...(subcommand ? { subcommand } : {}) };
    if (!skipped) {
      try {
        await dispatcher.checkAnswer(this.request(turn, path), spec.name, text.trim());
      } catch (error) {
        const problem = dispatcher.errorCard(error, this.request(turn, path));
        // Refused before it is kept: the same question again, with what was wrong. Anything else
        // (the database not answering) is told, and the form waits for the answer again.
        if (isUserError(error)) return this.ask(turn, form, false, problem.lines?.join(" "));
        return this.reply(turn, problem, form.threadRoot);
      }
    }
    const next = await forms.answer(form, skipped ? null : text.trim());
    if (next) return this.ask(turn, form, false);
    const request = this.request(turn, { ...path, values: { ...form.values } });
    let card: Card;
    try {
      const prepared = await dispatcher.prepare(request);
      await forms.close(form);
      card = await dispatcher.run(prepared);
    } catch (error) {
      const bad = isUserError(error) && typeof error.context.option === "string" ? error.context.option : null;
      if (bad && registry.optionSpecs(entry).some((s) => s.name === bad)) {
        // That answer did not parse: ask that question again, with what was wrong.
        await forms.askAgain(form, bad);
        const problem = dispatcher.errorCard(error, request).lines?.join(" ");
        return this.ask(turn, form, false, problem);
      }
      await forms.close(form);
      card = dispatcher.errorCard(error, request);
    }
    await this.reply(turn, card, form.threadRoot);
  }

  private note(turn: Turn, key: string): Card {
    const t = this.deps.i18n.translator(turn.who.locale);
    return { title: t(key), visibility: "private", tone: "info" };
  }

  /**
   * A channel card goes to the room (in the thread when there is one); a private one to the
   * member's encrypted direct room, and the command gets a 🔒 reaction saying where the answer went.
   */
  async reply(turn: Turn, card: Card, threadRoot?: string): Promise<void> {
    const { rooms, direct, i18n, logger } = this.deps;
    const t = i18n.translator(turn.who.locale);
    try {
      if (card.visibility === "channel") {
        const placement: Placement = threadRoot ? { threadRoot, replyTo: turn.eventId } : { replyTo: turn.eventId };
        await rooms.post(turn.roomId, card, t, placement);
        // Files go where the reply goes.
        for (const file of card.files ?? []) await rooms.sendFile(turn.roomId, file);
        return;
      }
      const dm = await direct.roomFor(turn.who.member.externalId);
      await rooms.send(dm, renderForMatrix(card, t), {}, true);
      for (const file of card.files ?? []) await rooms.sendFile(dm, file, true);
      if (dm !== turn.roomId) await rooms.react(turn.roomId, turn.eventId, "🔒");
    } catch (error) {
      logger.error({ err: error, room: turn.roomId, territory: turn.who.territory.id }, "could not answer on Matrix");
    }
  }
}

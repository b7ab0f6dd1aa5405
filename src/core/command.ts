import type { z } from "zod";
import type { Card } from "./card.ts";
import type { Clock } from "./clock.ts";
import type { Locale, Translate } from "./i18n.ts";
import type { Role } from "./roles.ts";
import type { ChannelPurpose, PlatformName } from "../domain/vocabulary.ts";

export interface TerritoryInfo {
  id: string;
  name: string;
  platform: PlatformName;
  timezone: string;
  locale: Locale;
}

export interface MemberInfo {
  id: string;
  externalId: string;
  displayName: string;
  roles: ReadonlySet<Role>;
}

export interface ResolvedIdentity {
  territory: TerritoryInfo;
  member: MemberInfo;
  locale: Locale;
}

/**
 * The use cases a command may call. Empty here: the services layer fills it in by declaration
 * merging (`declare module`), so the command framework stays below the services and never
 * imports them, while commands still see every service typed.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in src/services/index.ts
export interface CommandServices {}

export interface PostedMessage {
  channelId: string;
  messageId: string;
}

/**
 * Where a card meant for a purpose's channel went. "checking": its outcome is not known yet (the
 * platform failed after maybe posting, or it asked to wait): the outbox finishes it, once.
 */
export type PublishResult =
  | { status: "posted"; message: PostedMessage }
  | { status: "unbound" }
  | { status: "checking"; channelId: string }
  | { status: "failed"; channelId: string };

/** The record a published card stands for, and which of its versions: together, the card's outbox key. */
export interface PublishSubject {
  kind: PublishedKind;
  reference: string;
  version: number;
}

export type PublishedKind = "candidature" | "situation" | "claim";

/**
 * A card a change calls for (a candidature for the SIAO channel), handed to the service making the
 * change: its outbox row is planned in the change's own transaction, so the change is never
 * committed without it. The card is rendered there from the view the change produced.
 */
export interface Announcement<V> {
  purpose: ChannelPurpose;
  render(view: V): Card;
}

/** The outbox row a change planned for its card: sent after the change commits, by its key. */
export interface PlannedCard {
  key: string;
  channelId: string;
}

/** What a change returns with the card it planned, null when the purpose has no channel bound. */
export interface Announced<V> {
  view: V;
  planned: PlannedCard | null;
}

/** Sends a card to a channel through the outbox (below the core: wired in by the composition). */
export interface ChannelPublisher {
  /** Plans a card's row and sends it: for a card that no change planned in its own transaction. */
  publish(request: {
    territoryId: string;
    channelId: string;
    card: Card;
    subject: PublishSubject;
    port: ReminderPort;
  }): Promise<PublishResult>;
  /**
   * Sends now a card a change planned in its transaction (a row already sent or being sent is
   * left to its sender): what the member is told. Failures are logged, never thrown.
   */
  sendPlanned(request: { territoryId: string; planned: PlannedCard; port: ReminderPort }): Promise<PublishResult>;
  /** Tells an event in the thread of a case's card, through the outbox; logs failures, never throws. */
  reply(request: { territoryId: string; root: PostedMessage; card: Card; port: ReminderPort }): Promise<void>;
}

/**
 * What a platform adapter lets a command do beyond replying. Its `post` and `findMessage` keep the
 * outbox's contract (ReminderPort), so a card a command publishes is sent and checked like a reminder.
 */
export interface PlatformPort extends ReminderPort {
  /** Replaces a posted message (a card re-rendered from the database); logs failures, never throws. */
  update(message: PostedMessage, card: Card): Promise<void>;
  /**
   * What a channel id an admin typed identifies: a channel of this territory the bot can see
   * ("known"), nothing the bot can see there ("unknown"), or no answer from the platform
   * ("unchecked"). Never throws.
   */
  checkChannel(channelId: string): Promise<ChannelCheck>;
}

export type ChannelCheck = "known" | "unknown" | "unchecked";

/**
 * What the outbox needs of a platform: posting a card tagged with its outbox key, and finding such
 * a post again after an interrupted send. `post` must not retry by itself: it throws
 * `NotSentError` when the platform said the message was not posted, `ChannelGoneError` when the
 * channel is gone, anything else when the outcome is unknown. Where the platform deduplicates
 * (Discord's nonce, Matrix's transaction id) the key is that idempotency token.
 */
export interface ReminderPort {
  /**
   * With `thread` (the id of a message of the channel: a case's card), the card goes in that
   * message's thread, so a case's later events stay under it.
   */
  post(channelId: string, card: Card, key?: string, thread?: string): Promise<PostedMessage>;
  /**
   * The id of a message posted since `since` (in `thread` when given) that carries `key` (in its
   * metadata or as the `outboxMarker` in its text), or null when the whole history since then was
   * read without it. Throws `HistoryUnreadableError` when that history cannot be read in full.
   */
  findMessage(channelId: string, key: string, since: Date, thread?: string): Promise<string | null>;
}

/**
 * Builds the port one territory's reminders go through, in its language. Null (or a promise of
 * null) when the territory cannot be reached now, e.g. a Slack workspace that uninstalled the app:
 * its run is then skipped.
 */
export type ReminderPortFactory = (
  t: Translate,
  territory: { id: string },
) => ReminderPort | null | Promise<ReminderPort | null>;

/** The outbox key as it shows in a posted card's footer, so any platform can find it in text. */
export const outboxMarker = (key: string) => `#r-${key}`;

/** The card as posted: its outbox key in the footer, so any platform's history shows it. */
export function markedCard(card: Card, key: string): Card {
  const marker = outboxMarker(key);
  return { ...card, footer: card.footer ? `${card.footer} · ${marker}` : marker };
}

export interface CommandContext {
  territory: TerritoryInfo;
  member: MemberInfo;
  locale: Locale;
  t: Translate;
  channelId: string;
  services: CommandServices;
  clock: Clock;
  platform: PlatformPort;
  /** The commands this member may see, for /aide. */
  catalog: readonly CommandEntry[];
  /**
   * Sends the card a change planned in its transaction (see Announcement), once the change is
   * committed: "unbound" when none was planned. Failures are logged and reported, never thrown.
   */
  sendPlanned(planned: PlannedCard | null): Promise<PublishResult>;
  /** Tells an event in the thread of a case's card, through the outbox; never throws. */
  reply(root: PostedMessage, card: Card): Promise<void>;
}

export type CommandRoles = readonly Role[] | "everyone";

export interface CommandDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  options: S;
  /** Roles allowed to run it; "everyone" includes members without any role (help). */
  roles: CommandRoles;
  /** Opens a form (modal) on Slack and Discord when typed without arguments. */
  form?: boolean;
  /**
   * Rules across options that the schema cannot say (what a category needs). Pure; throws a
   * UserError naming the option, so forms show it next to the field.
   */
  check?(options: z.infer<S>): void;
  run(ctx: CommandContext, options: z.infer<S>): Promise<Card>;
}

export interface CommandGroup {
  name: string;
  subcommands: readonly CommandDefinition[];
  /** The action run when the group is typed alone (`/rappels` shows the schedule). */
  defaultSubcommand?: string;
}

export type CommandModule = CommandDefinition | CommandGroup;

/** One runnable command, with its path (["config", "quota"]) and translation key base. */
export interface CommandEntry {
  path: readonly string[];
  key: string;
  definition: CommandDefinition;
}

export function defineCommand<S extends z.ZodObject>(definition: CommandDefinition<S>): CommandDefinition {
  return definition as unknown as CommandDefinition;
}

export function defineGroup(
  name: string,
  subcommands: readonly CommandDefinition[],
  options: { defaultSubcommand?: string } = {},
): CommandGroup {
  return { name, subcommands, ...options };
}

export function isGroup(module: CommandModule): module is CommandGroup {
  return "subcommands" in module;
}

export function mayRun(roles: CommandRoles, memberRoles: ReadonlySet<Role>): boolean {
  if (roles === "everyone") return true;
  return roles.some((role) => memberRoles.has(role));
}

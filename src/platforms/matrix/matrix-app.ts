import "./polyfill.ts";
import {
  ClientEvent,
  EventType,
  HttpApiEvent,
  MatrixEventEvent,
  RoomEvent,
  RoomMemberEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
  type RoomMember,
} from "matrix-js-sdk";
import type { Logger } from "pino";
import { mention } from "../../core/card.ts";
import type { Dispatcher } from "../../core/dispatcher.ts";
import type { I18n, Locale, Translate } from "../../core/i18n.ts";
import type { Registry } from "../../core/registry.ts";
import {
  MATRIX_ADMIN_POWER_LEVEL,
  powerLevelGroups,
  territoryOfRoom,
  type MatrixTerritory,
} from "../../domain/matrix-territories.ts";
import type { IdentityService } from "../../services/identity.ts";
import type { MatrixStateService } from "../../services/matrix-state.ts";
import { CardChoices } from "./choices.ts";
import { Conversation, type Turn } from "./conversation.ts";
import { DirectRooms } from "./direct-rooms.ts";
import { GuidedForms } from "./guided-forms.ts";
import { matrixReminderPort, MatrixRooms, renderForMatrix } from "./matrix-port.ts";
import { restoreKeys } from "./recovery.ts";
import { CHOICE_KEYS } from "./render.ts";
import { MatrixSender } from "./sender.ts";
import { openSession, type MatrixSessionSettings } from "./session.ts";
import { MessageContent, messageText, parseMessage } from "./text-command.ts";
import { SpaceDirectory } from "./spaces.ts";
import { Throttle } from "./throttle.ts";

export interface MatrixSettings extends MatrixSessionSettings {
  territories: MatrixTerritory[];
  recoveryKey?: string;
  requestIntervalMs: number;
  /** Language of notices that answer no known member (an unbound room, an unreadable message). */
  locale: Locale;
  /** How long an undecryptable message waits for its keys before the sender is asked to re-send. */
  lateKeysMs?: number;
  /** false in the separate reminders process: it posts, and leaves members' messages to the bot. */
  listen?: boolean;
}

export interface MatrixDeps {
  dispatcher: Dispatcher;
  registry: Registry;
  identity: IdentityService;
  i18n: I18n;
  logger: Logger;
  /** Cards' choices and forms under way, kept in the database across restarts. */
  state: MatrixStateService;
}

export interface MatrixAdapter {
  readonly client: MatrixClient;
  reminderPort(t: Translate): ReturnType<typeof matrixReminderPort>;
  /** Room keys restored from the key backup at start (null without a recovery key or on failure). */
  restoredKeys: Promise<number | null>;
  stop(): Promise<void>;
}

const LATE_KEYS_MS = 10_000;
/** How long a stop waits for answers under way. */
const STOP_GRACE_MS = 60_000;

/**
 * The Matrix (Tchap) side of the bot: an ordinary user account in end-to-end encrypted rooms.
 * Members type `!commands`; cards are `m.notice` messages; choices are thread replies or keycap
 * reactions; forms are asked in a thread; private answers go to an encrypted direct room.
 */
export async function startMatrixAdapter(settings: MatrixSettings, deps: MatrixDeps): Promise<MatrixAdapter> {
  const { identity, i18n, logger } = deps;
  const session = await openSession(settings, logger);
  const { client } = session;
  const sender = new MatrixSender(logger, { intervalMs: settings.requestIntervalMs });
  const rooms = new MatrixRooms(client, sender, new CardChoices(deps.state), logger);
  const direct = new DirectRooms(client, sender);
  const forms = new GuidedForms(deps.state);
  const conversation = new Conversation({ ...deps, rooms, direct, forms });
  const spaces = new SpaceDirectory(client, settings.territories);
  const warned = new Throttle(10 * 60_000);
  const me = settings.userId;
  let ready = false;

  await forms.sweep().catch((error: unknown) => logger.warn({ err: error }, "Matrix: expired forms not swept"));
  await client.initRustCrypto({ useIndexedDB: false });
  const { restored: restoredKeys } = await restoreKeys(client, settings, logger);

  async function territoryOf(room: Room): Promise<MatrixTerritory | null> {
    return territoryOfRoom(settings.territories, room.roomId, await spaces.parentsOf(room));
  }

  async function resolveMember(room: Room, territory: MatrixTerritory, member: RoomMember | null, userId: string) {
    const level = member?.powerLevel ?? 0;
    return identity.resolve({
      platform: "matrix",
      territoryExternalId: territory.name,
      territoryName: territory.name,
      userExternalId: userId,
      displayName: member?.name ?? userId,
      groupIds: powerLevelGroups(level),
      platformAdmin: level >= MATRIX_ADMIN_POWER_LEVEL,
      locale: null,
    });
  }

  const defaultT = i18n.translator(settings.locale);

  /** A short notice in the room, for situations without a member's identity (unbound room, unreadable message). */
  async function notify(roomId: string, key: string, replyTo: string, values: Record<string, string> = {}) {
    try {
      const card = { title: defaultT(key, values), visibility: "channel" as const, tone: "info" as const };
      await rooms.send(roomId, renderForMatrix(card, defaultT), { replyTo });
    } catch (error) {
      logger.warn({ err: error, room: roomId }, "Matrix notice failed");
    }
  }

  /** Waits a little for keys that arrive after the message; true when it could be read. */
  async function decrypted(event: MatrixEvent): Promise<boolean> {
    if (!event.isEncrypted()) return true;
    await client.decryptEventIfNeeded(event);
    if (!event.isDecryptionFailure()) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        event.off(MatrixEventEvent.Decrypted, onDecrypted);
        resolve(false);
      }, settings.lateKeysMs ?? LATE_KEYS_MS);
      const onDecrypted = () => {
        if (event.isDecryptionFailure()) return;
        clearTimeout(timer);
        event.off(MatrixEventEvent.Decrypted, onDecrypted);
        resolve(true);
      };
      event.on(MatrixEventEvent.Decrypted, onDecrypted);
    });
  }

  async function onEvent(event: MatrixEvent, room: Room): Promise<void> {
    const sender = event.getSender();
    const eventId = event.getId();
    if (!sender || sender === me || !eventId) return;
    if (!(await decrypted(event))) {
      // Never log content: only who, where and why.
      logger.warn(
        { room: room.roomId, event: eventId, sender, reason: event.decryptionFailureReason },
        "Matrix: message could not be decrypted",
      );
      if (warned.first(`${room.roomId}|${sender}`))
        await notify(room.roomId, "common:matrix.undecryptable", eventId, { user: mention(sender) });
      return;
    }
    const type = event.getType();
    if (type === EventType.RoomRedaction) {
      const redacted = event.event.redacts;
      if (typeof redacted === "string") await rooms.choices.forget(redacted);
      return;
    }
    if (type !== EventType.RoomMessage && type !== EventType.Reaction) return;
    const territory = await territoryOf(room);
    const content = event.getContent();
    if (type === EventType.Reaction) {
      const relation = event.getRelation();
      const index = CHOICE_KEYS.indexOf(String(relation?.key ?? "") as (typeof CHOICE_KEYS)[number]);
      if (!territory || index < 0 || !relation?.event_id) return;
      await rooms.postsSettled();
      if (!(await rooms.choices.has(relation.event_id))) return;
      const who = await resolveMember(room, territory, room.getMember(sender), sender);
      return conversation.choose(
        { who, roomId: room.roomId, eventId, threadRoot: relation.event_id },
        relation.event_id,
        index,
      );
    }
    const parsed = MessageContent.safeParse(content);
    if (!parsed.success) return;
    const relation = parsed.data["m.relates_to"];
    const text = messageText(parsed.data);
    const message = parseMessage(text);
    if (relation?.rel_type === "m.replace") {
      // An edited command is not run again: running it twice could decide twice.
      if (text.startsWith("* !") || message.kind === "command")
        await notify(room.roomId, "common:matrix.edit_ignored", eventId);
      return;
    }
    if (!territory) {
      if (direct.isDirect(room.roomId)) {
        if (message.kind === "command") await notify(room.roomId, "common:matrix.direct_room", eventId);
      } else if (message.kind === "command" && warned.first(`unbound|${room.roomId}`)) {
        await notify(room.roomId, "common:matrix.unbound_room", eventId, { room: room.roomId });
      }
      return;
    }
    if (message.kind === "text" && relation?.rel_type !== "m.thread") return;
    const who = await resolveMember(room, territory, room.getMember(sender), sender);
    const turn: Turn = {
      who,
      roomId: room.roomId,
      eventId,
      ...(relation?.rel_type === "m.thread" && relation.event_id ? { threadRoot: relation.event_id } : {}),
    };
    await conversation.handle(turn, message);
  }

  const listen = settings.listen ?? true;
  // Members' messages being handled: a stop lets them finish (a report still being drawn, its
  // files still being sent) rather than cut the session under them.
  const inFlight = new Set<Promise<void>>();
  // One member's messages in a room are handled in the order sent: an answer typed right after
  // `!annuler` finds the form closed, and two quick answers never race on one form.
  const lanes = new Map<string, Promise<void>>();
  client.on(RoomEvent.Timeline, (event, room, toStartOfTimeline, _removed, data) => {
    if (!listen || !ready || !room || toStartOfTimeline || !data.liveEvent) return;
    const lane = `${room.roomId}|${event.getSender() ?? ""}`;
    const handled: Promise<void> = (lanes.get(lane) ?? Promise.resolve())
      .then(() => onEvent(event, room))
      .catch((error: unknown) =>
        logger.error({ err: error, room: room.roomId, event: event.getId() }, "Matrix event failed"),
      )
      .finally(() => {
        inFlight.delete(handled);
        if (lanes.get(lane) === handled) lanes.delete(lane);
      });
    lanes.set(lane, handled);
    inFlight.add(handled);
  });

  /** Joins rooms of a territory (and their spaces) and direct rooms members open with the bot. */
  async function onInvite(room: Room, inviter: string | undefined, isDirect: boolean): Promise<void> {
    const wanted =
      isDirect ||
      settings.territories.some((t) => t.rooms.includes(room.roomId)) ||
      (await spaces.isChildOfConfigured(room.roomId));
    if (!wanted) {
      logger.info({ room: room.roomId, inviter }, "Matrix: invitation to a room outside the territories ignored");
      return;
    }
    await sender.run("join", () => client.joinRoom(room.roomId));
    logger.info({ room: room.roomId }, "Matrix: joined");
  }
  client.on(RoomMemberEvent.Membership, (event, member) => {
    if (!listen || !ready || member.userId !== me || member.membership !== "invite") return;
    const room = client.getRoom(member.roomId);
    if (!room) return;
    onInvite(room, event.getSender(), event.getContent().is_direct === true).catch((error: unknown) =>
      logger.warn({ err: error, room: member.roomId }, "Matrix: could not join"),
    );
  });

  // The access token was revoked (the device removed elsewhere, a password change): nothing will
  // work until the bot is restarted, which logs in again.
  client.on(HttpApiEvent.SessionLoggedOut, () =>
    logger.error("Matrix: the homeserver ended this session (device removed or token revoked); restart the bot"),
  );
  let lastState: SyncState | null = null;
  client.on(ClientEvent.Sync, (state) => {
    if (state === lastState) return;
    if (state === SyncState.Error || state === SyncState.Reconnecting)
      logger.warn({ state }, "Matrix: homeserver unreachable, the sync retries by itself");
    else if (lastState === SyncState.Error || lastState === SyncState.Reconnecting)
      logger.info({ state }, "Matrix: homeserver reachable again");
    lastState = state;
  });

  const prepared = new Promise<void>((resolve) => {
    const onSync = (state: SyncState) => {
      if (state !== SyncState.Prepared) return;
      client.off(ClientEvent.Sync, onSync);
      resolve();
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;
  ready = true;
  // Invitations received while the bot was away arrive in the first sync.
  for (const room of client.getRooms())
    if (listen && room.getMyMembership() === "invite") {
      const invite = room.getMember(me)?.events.member;
      await onInvite(room, invite?.getSender(), invite?.getContent().is_direct === true).catch((error: unknown) =>
        logger.warn({ err: error, room: room.roomId }, "Matrix: could not join"),
      );
    }
  logger.info({ user: me, device: client.getDeviceId() }, "Matrix: connected");

  return {
    client,
    reminderPort: (t) => matrixReminderPort(rooms, t),
    restoredKeys,
    async stop() {
      ready = false;
      const drained = Promise.all(inFlight).then(() => sender.idle());
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), STOP_GRACE_MS);
      });
      if ((await Promise.race([drained, late])) === "late")
        logger.warn({ pending: inFlight.size }, "Matrix: stopped with answers still being sent");
      clearTimeout(timer);
      client.stopClient();
      // A device opened for this run only would otherwise stay, receiving keys for nothing.
      if (session.loggedIn)
        await client.logout(false).catch((error: unknown) => logger.warn({ err: error }, "Matrix logout failed"));
    },
  };
}

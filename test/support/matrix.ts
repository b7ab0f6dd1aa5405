import "../../src/platforms/matrix/polyfill.ts";
import { existsSync, readFileSync } from "node:fs";
import {
  ClientEvent,
  createClient,
  EventType,
  RoomMemberEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import pino from "pino";
import { MATRIX_ACCOUNTS_FILE } from "./skip-reasons.ts";
import { quietGlobalSdkLogger, sdkLogger } from "../../src/platforms/matrix/sdk-logger.ts";

const ACCOUNTS_FILE = process.env.MATRIX_TEST_ACCOUNTS ?? MATRIX_ACCOUNTS_FILE;

export interface TestHomeserver {
  url: string;
  password: string;
  bot: string;
  members: string[];
}

/** The homeserver the setup script started, or why there is none. */
export async function findHomeserver(): Promise<TestHomeserver | string> {
  if (!existsSync(ACCOUNTS_FILE)) return `no Synapse set up (${ACCOUNTS_FILE} is missing)`;
  const env = Object.fromEntries(
    readFileSync(ACCOUNTS_FILE, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  const url = env.MATRIX_TEST_HOMESERVER_URL ?? "";
  try {
    const response = await fetch(`${url}/_matrix/client/versions`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return `the Synapse at ${url} answers ${response.status}`;
  } catch {
    return `no Synapse answers at ${url || "(no url)"}`;
  }
  return {
    url,
    password: env.MATRIX_TEST_PASSWORD ?? "",
    bot: env.MATRIX_TEST_BOT ?? "",
    members: (env.MATRIX_TEST_MEMBERS ?? "").split(","),
  };
}

/** A new account on the test homeserver (registration is open there); returns its user id. */
export async function registerAccount(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/_matrix/client/v3/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password, auth: { type: "m.login.dummy" }, inhibit_login: true }),
  });
  const body: unknown = await response.json();
  const userId = typeof body === "object" && body !== null ? (body as Record<string, unknown>).user_id : undefined;
  if (!response.ok || typeof userId !== "string") throw new Error(`registration of ${username} failed`);
  return userId;
}

const quiet = sdkLogger(pino({ level: "silent" }));
quietGlobalSdkLogger(pino({ level: "silent" }));

/** A member on Element, as far as the bot can tell: a matrix-js-sdk client with Rust crypto. */
export class TestMember {
  private constructor(
    readonly client: MatrixClient,
    readonly userId: string,
  ) {}

  static async login(url: string, userId: string, password: string): Promise<TestMember> {
    const login = await createClient({ baseUrl: url, logger: quiet }).loginRequest({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: userId },
      password,
    } as never);
    const client = createClient({
      baseUrl: url,
      userId,
      accessToken: login.access_token,
      deviceId: login.device_id,
      logger: quiet,
    });
    await client.initRustCrypto({ useIndexedDB: false });
    // Direct rooms the bot opens are joined at once, as a member would.
    client.on(RoomMemberEvent.Membership, (_event, member) => {
      if (member.userId === userId && member.membership === "invite")
        void client.joinRoom(member.roomId).catch(() => undefined);
    });
    const prepared = new Promise<void>((resolve) =>
      client.on(ClientEvent.Sync, (state) => state === SyncState.Prepared && resolve()),
    );
    await client.startClient({ initialSyncLimit: 5 });
    await prepared;
    return new TestMember(client, userId);
  }

  async createEncryptedRoom(name: string, invite: string[]): Promise<string> {
    const { room_id } = await this.client.createRoom({
      name,
      invite,
      preset: "private_chat" as never,
      initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
    });
    await until(() => this.client.getRoom(room_id)?.hasEncryptionStateEvent() === true, `room ${name} synced`);
    return room_id;
  }

  async say(roomId: string, body: string, threadRoot?: string): Promise<string> {
    const content = {
      msgtype: "m.text",
      body,
      ...(threadRoot
        ? {
            "m.relates_to": {
              rel_type: "m.thread",
              event_id: threadRoot,
              is_falling_back: true,
              "m.in_reply_to": { event_id: threadRoot },
            },
          }
        : {}),
    };
    const { event_id } = await this.client.sendEvent(
      roomId,
      threadRoot ?? null,
      EventType.RoomMessage,
      content as never,
    );
    return event_id;
  }

  async react(roomId: string, eventId: string, key: string): Promise<void> {
    await this.client.sendEvent(roomId, EventType.Reaction, {
      "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key },
    } as never);
  }

  /**
   * Sends a message and waits for it to come back through the sync: the homeserver orders a
   * room's events, so whatever was sent to the room before is then in this member's timeline.
   */
  async barrier(roomId: string): Promise<void> {
    const eventId = await this.say(roomId, "·");
    await until(
      () =>
        this.client
          .getRoom(roomId)
          ?.getLiveTimeline()
          .getEvents()
          .some((e) => e.getId() === eventId && e.status === null) === true,
      "the member's own message back from the homeserver",
    );
  }

  /** Every decrypted event the bot sent so far, in rooms this member is in. */
  botEvents(bot: string, roomId?: string): MatrixEvent[] {
    const rooms = roomId ? [this.client.getRoom(roomId)].filter((r) => r !== null) : this.client.getRooms();
    return rooms.flatMap((room) =>
      room
        .getLiveTimeline()
        .getEvents()
        .filter((e) => e.getSender() === bot),
    );
  }

  /** Waits for a bot event (decrypted) matching `test`, sent after `after` events were seen. */
  async waitFor(
    what: string,
    test: (event: MatrixEvent) => boolean,
    options: { roomId?: string; timeoutMs?: number } = {},
  ): Promise<MatrixEvent> {
    let found: MatrixEvent | undefined;
    await until(
      async () => {
        const rooms = options.roomId
          ? [this.client.getRoom(options.roomId)].filter((r) => r !== null)
          : this.client.getRooms();
        for (const room of rooms)
          for (const event of room.getLiveTimeline().getEvents()) {
            if (event.isEncrypted() && event.getType() === "m.room.encrypted")
              await this.client.decryptEventIfNeeded(event);
            if (test(event)) found = event;
          }
        return found !== undefined;
      },
      what,
      options.timeoutMs,
    );
    if (!found) throw new Error(what);
    return found;
  }

  async stop(): Promise<void> {
    this.client.stopClient();
    await this.client.logout(false).catch(() => undefined);
  }
}

export const bodyOf = (event: MatrixEvent): string => {
  const body: unknown = event.getContent().body;
  return typeof body === "string" ? body : "";
};

/** Whether an event is an edit (`m.replace`) of the given message. */
export function isEditOf(event: MatrixEvent, eventId: string): boolean {
  const relation: unknown = event.getContent()["m.relates_to"];
  return (
    typeof relation === "object" &&
    relation !== null &&
    (relation as Record<string, unknown>).rel_type === "m.replace" &&
    (relation as Record<string, unknown>).event_id === eventId
  );
}

/** The new text an edit gives its message. */
export function editedBody(event: MatrixEvent): string {
  const content: unknown = event.getContent()["m.new_content"];
  const body = typeof content === "object" && content !== null ? (content as Record<string, unknown>).body : undefined;
  return typeof body === "string" ? body : "";
}

export async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

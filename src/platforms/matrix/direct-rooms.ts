import { ClientEvent, EventType, Preset, type MatrixClient, type Room } from "matrix-js-sdk";
import { z } from "zod";
import type { MatrixSender } from "./sender.ts";

const DirectMap = z.record(z.string(), z.array(z.string()));
const WAIT_FOR_ROOM_MS = 15_000;

/**
 * The encrypted direct room between the bot and each member, where private answers go (what
 * Slack and Discord show "only to you"). Found in the bot's `m.direct` account data, so it
 * survives restarts; created on first need, encrypted from its first event.
 */
export class DirectRooms {
  private readonly creating = new Map<string, Promise<string>>();

  constructor(
    private readonly client: MatrixClient,
    private readonly sender: MatrixSender,
  ) {}

  private directMap(): Record<string, string[]> {
    const parsed = DirectMap.safeParse(this.client.getAccountData(EventType.Direct)?.getContent());
    return parsed.success ? parsed.data : {};
  }

  /** Whether a room is one of the bot's direct rooms. */
  isDirect(roomId: string): boolean {
    return Object.values(this.directMap()).some((rooms) => rooms.includes(roomId));
  }

  private usable(room: Room | null, userId: string): boolean {
    if (room?.getMyMembership() !== "join" || !room.hasEncryptionStateEvent()) return false;
    const membership = room.getMember(userId)?.membership;
    return membership === "join" || membership === "invite";
  }

  /** The member's direct room, created (and the member invited) when there is none. */
  roomFor(userId: string): Promise<string> {
    const existing = (this.directMap()[userId] ?? []).find((id) => this.usable(this.client.getRoom(id), userId));
    if (existing) return Promise.resolve(existing);
    const pending = this.creating.get(userId);
    if (pending) return pending;
    const created = this.create(userId).finally(() => this.creating.delete(userId));
    this.creating.set(userId, created);
    return created;
  }

  private async create(userId: string): Promise<string> {
    const { room_id: roomId } = await this.sender.run("createRoom", () =>
      this.client.createRoom({
        preset: Preset.TrustedPrivateChat,
        is_direct: true,
        invite: [userId],
        initial_state: [
          { type: EventType.RoomEncryption, state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
        ],
      }),
    );
    const map = this.directMap();
    map[userId] = [...(map[userId] ?? []).filter((id) => id !== roomId), roomId];
    await this.sender.run("setAccountData", () => this.client.setAccountData(EventType.Direct, map as never));
    await this.waitForRoom(roomId, userId);
    return roomId;
  }

  /** A room is only written to once the sync has shown it encrypted: never a clear-text first message. */
  private waitForRoom(roomId: string, userId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.usable(this.client.getRoom(roomId), userId)) return false;
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`Matrix direct room ${roomId} did not appear in the sync`));
      }, WAIT_FOR_ROOM_MS);
      const poll = setInterval(check, 100);
      this.client.once(ClientEvent.Room, () => void check());
      check();
    });
  }
}

import type { MatrixClient, Room } from "matrix-js-sdk";
import type { MatrixTerritory } from "../../domain/matrix-territories.ts";

/**
 * Which configured spaces a room belongs to: from the room's own `m.space.parent` state, and from
 * the children each configured space lists (`m.space.child`), as the sync shows them (the bot
 * must be a member of the space).
 */
export class SpaceDirectory {
  constructor(
    private readonly client: MatrixClient,
    private readonly territories: readonly MatrixTerritory[],
  ) {}

  private configured(): string[] {
    return this.territories.flatMap((t) => t.rooms);
  }

  private childrenOf(spaceId: string): Set<string> {
    const rooms = new Set<string>();
    const space = this.client.getRoom(spaceId);
    // A space the bot has joined: its children are in its state, no request needed.
    if (space?.isSpaceRoom())
      for (const event of space.currentState.getStateEvents("m.space.child") ?? [])
        if (Array.isArray(event.getContent().via)) rooms.add(event.getStateKey() ?? "");
    return rooms;
  }

  /** The configured spaces that hold this room. */
  async parentsOf(room: Room): Promise<string[]> {
    const configured = this.configured();
    const parents = room.currentState
      .getStateEvents("m.space.parent")
      .map((e) => e.getStateKey() ?? "")
      .filter((id) => configured.includes(id));
    if (parents.length > 0) return parents;
    const found: string[] = [];
    for (const id of configured) if (this.childrenOf(id).has(room.roomId)) found.push(id);
    return found;
  }

  async isChildOfConfigured(roomId: string): Promise<boolean> {
    for (const id of this.configured()) if (this.childrenOf(id).has(roomId)) return true;
    return false;
  }
}

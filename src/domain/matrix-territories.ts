/**
 * Matrix has no workspace: a territory is a named set of rooms, or a space whose rooms all
 * belong to it. Written in one setting: `Finistère=!abc:server,!def:server; Morbihan=!space:server`.
 */
export interface MatrixTerritory {
  /** Stable key and display name; renaming it starts a new territory. */
  name: string;
  /** Room or space ids (`!opaque:server`). */
  rooms: string[];
}

const ROOM_ID = /^![^:\s]+:[^\s,;]+$/;

/** The territories, or null when the text does not follow the syntax (the caller says what is expected). */
export function parseMatrixTerritories(text: string): MatrixTerritory[] | null {
  const territories: MatrixTerritory[] = [];
  const seenRooms = new Set<string>();
  for (const part of text.split(";")) {
    if (part.trim() === "") continue;
    const at = part.indexOf("=");
    if (at <= 0) return null;
    const name = part.slice(0, at).trim();
    const rooms = part
      .slice(at + 1)
      .split(",")
      .map((r) => r.trim())
      .filter((r) => r !== "");
    if (name === "" || name.length > 80 || rooms.length === 0) return null;
    if (territories.some((t) => t.name === name)) return null;
    for (const room of rooms) {
      // A room in two territories would mix their data.
      if (!ROOM_ID.test(room) || seenRooms.has(room)) return null;
      seenRooms.add(room);
    }
    territories.push({ name, rooms });
  }
  return territories.length > 0 ? territories : null;
}

/** The territory a room belongs to: listed itself, or a child of a listed space. */
export function territoryOfRoom(
  territories: readonly MatrixTerritory[],
  roomId: string,
  parentSpaces: readonly string[],
): MatrixTerritory | null {
  return (
    territories.find((t) => t.rooms.includes(roomId)) ??
    territories.find((t) => t.rooms.some((r) => parentSpaces.includes(r))) ??
    null
  );
}

/**
 * Matrix power levels as platform groups, so `/config role groupe:pl-50 siao` gives a role to every
 * moderator of the room: a member at level L is in every group pl-N with N ≤ L among the usual steps.
 */
export const POWER_LEVEL_STEPS = [50, 100] as const;
export const MATRIX_ADMIN_POWER_LEVEL = 100;

export function powerLevelGroups(level: number): string[] {
  return POWER_LEVEL_STEPS.filter((step) => level >= step).map((step) => `pl-${step}`);
}

import type { CardButton } from "../../core/card.ts";
import type { MatrixStateService, StoredChoice } from "../../services/matrix-state.ts";
import { MATRIX_MAX_CHOICES } from "./limits.ts";

/**
 * The choices of each card the bot posted, by event id: a thread reply `!2` or a 2️⃣ reaction
 * runs the second one. Kept in the database, so they survive a restart and the reminders
 * process's digests offer theirs to the bot process.
 */
export class CardChoices {
  constructor(private readonly state: MatrixStateService) {}

  remember(eventId: string, roomId: string, buttons: readonly CardButton[]): Promise<void> {
    return this.state.rememberChoices(eventId, roomId, buttons.slice(0, MATRIX_MAX_CHOICES));
  }

  /** A card's choice, only in the room it was posted in. */
  async choice(eventId: string, roomId: string, index: number): Promise<StoredChoice | null> {
    const card = await this.state.choices(eventId);
    if (!card || card.roomId !== roomId) return null;
    return card.choices[index] ?? null;
  }

  async has(eventId: string): Promise<boolean> {
    return (await this.state.choices(eventId)) !== null;
  }

  forget(eventId: string): Promise<void> {
    return this.state.forgetChoices(eventId);
  }
}

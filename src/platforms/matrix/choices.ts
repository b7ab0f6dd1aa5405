import type { CardButton } from "../../core/card.ts";
import { MATRIX_MAX_CHOICES } from "./limits.ts";

interface Posted {
  roomId: string;
  buttons: CardButton[];
}

const MAX_CARDS = 5_000;

/**
 * The choices of each card the bot posted, by event id: a thread reply `!2` or a 2️⃣ reaction
 * runs the second one. Kept in memory (a bounded map, oldest forgotten first); after a restart a
 * card's choices are gone and the member types the command the card shows instead.
 */
export class CardChoices {
  private readonly cards = new Map<string, Posted>();

  remember(eventId: string, roomId: string, buttons: readonly CardButton[]): void {
    this.cards.delete(eventId);
    if (buttons.length === 0) return;
    this.cards.set(eventId, { roomId, buttons: buttons.slice(0, MATRIX_MAX_CHOICES) });
    if (this.cards.size > MAX_CARDS) {
      const oldest = this.cards.keys().next().value;
      if (oldest !== undefined) this.cards.delete(oldest);
    }
  }

  /** A card's choice, only in the room it was posted in. */
  choice(eventId: string, roomId: string, index: number): CardButton | null {
    const card = this.cards.get(eventId);
    if (!card || card.roomId !== roomId) return null;
    return card.buttons[index] ?? null;
  }

  has(eventId: string): boolean {
    return this.cards.has(eventId);
  }

  forget(eventId: string): void {
    this.cards.delete(eventId);
  }
}

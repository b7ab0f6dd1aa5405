import { randomBytes } from "node:crypto";

/** A form waiting for its modal: what the slash command or button already said. */
export interface PendingForm {
  entryKey: string;
  args: Record<string, unknown>;
  fields: string[];
  /** A button asked these fields because its action needs them: each must be filled. */
  requireAll: boolean;
  channelId: string;
  userId: string;
  /** Values typed in an earlier attempt, to fill the form again after an error. */
  typed: Record<string, string>;
  createdAt: number;
}

const TTL_MS = 15 * 60_000;

/**
 * Discord custom ids hold 100 characters: a form keeps its state here under a short nonce. Lost on
 * restart; an expired form says so and the member types the command again.
 */
export class PendingForms {
  private readonly forms = new Map<string, PendingForm>();

  constructor(private readonly now: () => number = Date.now) {}

  open(form: Omit<PendingForm, "createdAt" | "typed">): string {
    this.sweep();
    const nonce = randomBytes(8).toString("hex");
    this.forms.set(nonce, { ...form, typed: {}, createdAt: this.now() });
    return nonce;
  }

  /** The form, only for the member who opened it and while it is fresh. */
  get(nonce: string, userId: string): PendingForm | undefined {
    this.sweep();
    const form = this.forms.get(nonce);
    return form && form.userId === userId ? form : undefined;
  }

  close(nonce: string): void {
    this.forms.delete(nonce);
  }

  private sweep(): void {
    const now = this.now();
    for (const [nonce, form] of this.forms) if (now - form.createdAt > TTL_MS) this.forms.delete(nonce);
  }
}

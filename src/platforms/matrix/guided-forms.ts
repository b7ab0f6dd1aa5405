/** A form asked one question at a time in a thread, for one member. */
export interface GuidedForm {
  entryKey: string;
  /** Values known so far: preset by a choice, or answered. */
  values: Record<string, string>;
  /** Options still to ask, in order; the first is the one being asked. */
  pending: string[];
  roomId: string;
  threadRoot: string;
  userId: string;
  updatedAt: number;
}

const TTL_MS = 30 * 60_000;

/**
 * Forms in progress, by room, thread and member: two members can fill forms in the same thread
 * without mixing answers. Lost on restart (the member starts again); idle ones expire.
 */
export class GuidedForms {
  private readonly forms = new Map<string, GuidedForm>();

  constructor(private readonly now: () => number = Date.now) {}

  private static key(roomId: string, threadRoot: string, userId: string): string {
    return `${roomId}|${threadRoot}|${userId}`;
  }

  open(form: Omit<GuidedForm, "updatedAt">): GuidedForm {
    this.sweep();
    const opened = { ...form, updatedAt: this.now() };
    this.forms.set(GuidedForms.key(form.roomId, form.threadRoot, form.userId), opened);
    return opened;
  }

  get(roomId: string, threadRoot: string, userId: string): GuidedForm | undefined {
    this.sweep();
    return this.forms.get(GuidedForms.key(roomId, threadRoot, userId));
  }

  /** Records the answer to the current question; returns the next option to ask, or null when done. */
  answer(form: GuidedForm, value: string | null): string | null {
    const [current, ...rest] = form.pending;
    if (current !== undefined && value !== null) form.values[current] = value;
    form.pending = rest;
    form.updatedAt = this.now();
    return rest[0] ?? null;
  }

  /** Asks an option again (its answer did not parse), before the others. */
  askAgain(form: GuidedForm, option: string): void {
    delete form.values[option];
    form.pending = [option, ...form.pending.filter((o) => o !== option)];
    form.updatedAt = this.now();
  }

  close(form: GuidedForm): void {
    this.forms.delete(GuidedForms.key(form.roomId, form.threadRoot, form.userId));
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, form] of this.forms) if (now - form.updatedAt > TTL_MS) this.forms.delete(key);
  }
}

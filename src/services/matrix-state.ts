import { z } from "zod";
import type { Clock } from "../core/clock.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import type { MatrixFormKey } from "../db/repositories/matrix-state.ts";

/** What a card's choice runs: a command with preset values, and the options to ask first. */
export interface StoredChoice {
  command: string;
  args: Record<string, string>;
  ask?: string[];
}

/** A guided form under way in a thread, for one member. */
export interface StoredForm extends MatrixFormKey {
  entryKey: string;
  values: Record<string, string>;
  pending: string[];
  updatedAt: Date;
}

const Choices = z.array(
  z.object({ command: z.string(), args: z.record(z.string(), z.string()), ask: z.array(z.string()).optional() }),
);
const Values = z.record(z.string(), z.string());
const Pending = z.array(z.string());

/** Cards' choices older than this are forgotten: the member types the command the card shows. */
const CHOICES_KEPT_MS = 180 * 86_400_000;

function parsed<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * What the Matrix adapter keeps in the database between two messages, so a restart (or the
 * separate reminders process, which posts digests with their own choices) loses nothing: the
 * choices of each card by its event id, and the guided forms under way.
 */
export class MatrixStateService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  async rememberChoices(eventId: string, roomId: string, choices: readonly StoredChoice[]): Promise<void> {
    const kept = choices.map(({ command, args, ask }) => ({ command, args, ...(ask ? { ask } : {}) }));
    await inTransaction(this.db, async (repos) => {
      if (kept.length === 0) return repos.matrix.deleteChoices(eventId);
      const now = this.clock.now();
      await repos.matrix.saveChoices({ eventId, roomId, choices: JSON.stringify(kept) }, now);
      await repos.matrix.deleteChoicesBefore(new Date(now.getTime() - CHOICES_KEPT_MS));
    });
  }

  async choices(eventId: string): Promise<{ roomId: string; choices: StoredChoice[] } | null> {
    const row = await readOnly(this.db).matrix.findChoices(eventId);
    const choices = row && parsed(Choices, row.choices);
    return row && choices ? { roomId: row.roomId, choices } : null;
  }

  async forgetChoices(eventId: string): Promise<void> {
    await readOnly(this.db).matrix.deleteChoices(eventId);
  }

  /** Saves a form as it stands now; returns it with its new time. */
  async saveForm(form: Omit<StoredForm, "updatedAt">): Promise<StoredForm> {
    const saved = { ...form, updatedAt: this.clock.now() };
    await readOnly(this.db).matrix.saveForm({
      ...saved,
      values: JSON.stringify(saved.values),
      pending: JSON.stringify(saved.pending),
    });
    return saved;
  }

  async form(key: MatrixFormKey): Promise<StoredForm | null> {
    const row = await readOnly(this.db).matrix.findForm(key);
    if (!row) return null;
    const values = parsed(Values, row.values);
    const pending = parsed(Pending, row.pending);
    if (!values || !pending) return null;
    return { ...row, values, pending };
  }

  async closeForm(key: MatrixFormKey): Promise<void> {
    await readOnly(this.db).matrix.deleteForm({ roomId: key.roomId, threadRoot: key.threadRoot, userId: key.userId });
  }

  /** Forgets forms left idle longer than `idleMs`. */
  async dropFormsIdleSince(idleMs: number): Promise<void> {
    await readOnly(this.db).matrix.deleteFormsBefore(new Date(this.clock.now().getTime() - idleMs));
  }

  now(): Date {
    return this.clock.now();
  }
}

import type { MatrixStateService, StoredForm } from "../../services/matrix-state.ts";

/** A form asked one question at a time in a thread, for one member. */
export type GuidedForm = StoredForm;

/** How long a form waits for its next answer. */
export const FORM_TTL_MS = 30 * 60_000;
/** How long an expired form is remembered, to tell a late answer that it came too late. */
const EXPIRED_KEPT_MS = 86_400_000;

export type FormLookup = { open: GuidedForm } | { expired: GuidedForm } | null;

/**
 * Forms in progress, by room, thread and member: two members can fill forms in the same thread
 * without mixing answers. Kept in the database: an answer after a restart continues the form;
 * one after the form expired is told so, once, rather than met with silence.
 */
export class GuidedForms {
  constructor(private readonly state: MatrixStateService) {}

  /** Forgets forms long expired: their answers so far are not kept beyond a day. */
  sweep(): Promise<void> {
    return this.state.dropFormsIdleSince(FORM_TTL_MS + EXPIRED_KEPT_MS);
  }

  async open(form: Omit<GuidedForm, "updatedAt">): Promise<GuidedForm> {
    await this.sweep();
    return this.state.saveForm(form);
  }

  async find(roomId: string, threadRoot: string, userId: string): Promise<FormLookup> {
    await this.sweep();
    const form = await this.state.form({ roomId, threadRoot, userId });
    if (!form) return null;
    if (this.state.now().getTime() - form.updatedAt.getTime() <= FORM_TTL_MS) return { open: form };
    await this.state.closeForm(form);
    return { expired: form };
  }

  /** Records the answer to the current question; returns the next option to ask, or null when done. */
  async answer(form: GuidedForm, value: string | null): Promise<string | null> {
    const [current, ...rest] = form.pending;
    if (current !== undefined && value !== null) form.values[current] = value;
    form.pending = rest;
    if (rest.length > 0) form.updatedAt = (await this.state.saveForm(form)).updatedAt;
    return rest[0] ?? null;
  }

  /** Asks an option again (its answer did not parse), before the others. */
  async askAgain(form: GuidedForm, option: string): Promise<void> {
    delete form.values[option];
    form.pending = [option, ...form.pending.filter((o) => o !== option)];
    form.updatedAt = (await this.state.saveForm(form)).updatedAt;
  }

  close(form: GuidedForm): Promise<void> {
    return this.state.closeForm(form);
  }
}

import { UserError } from "./errors.ts";
import type { Locale } from "./i18n.ts";

/**
 * What the layer that runs commands needs to know of the database, without knowing the database:
 * whether an error means it did not answer, and whether it answers a trivial query right now.
 */
export interface DatabaseHealth {
  /** True when the error means the database refused, dropped, timed out or was busy. */
  isUnavailable(error: unknown): boolean;
  /** Whether the database answers a trivial query within `ms`. */
  answers(ms: number): Promise<boolean>;
}

/** The database did not answer in time: the member is told to try again in a moment. */
export class DatabaseUnavailableError extends UserError {
  /** `locale`: the member's language when known before the member could be read (the platform says it). */
  constructor(readonly locale: Locale | null = null) {
    super("database_unavailable");
    this.name = "DatabaseUnavailableError";
  }
}

export interface DeadlineSettings {
  /** How long work may wait before the database is asked whether it still answers. */
  checkAfterMs: number;
  /** How long that trivial query may take. */
  probeMs: number;
}

const DEFAULT_DEADLINE: DeadlineSettings = { checkAfterMs: 1200, probeMs: 500 };

/**
 * Runs work that needs the database, and gives up on it with DatabaseUnavailableError as soon
 * as the database is known not to answer: an error meaning so, or a trivial query left
 * unanswered while the work waits. Slow work on a database that answers is left to finish: a
 * long report is not cut off. The work given up on is not cancelled: the driver's own timeouts
 * end it.
 */
export async function boundedByDatabase<T>(
  health: DatabaseHealth,
  work: () => Promise<T>,
  settings: DeadlineSettings = DEFAULT_DEADLINE,
): Promise<T> {
  const running = work();
  // Given up on, its later failure must not surface as an unhandled rejection.
  running.catch(() => undefined);
  const outcome = running.then(
    (value) => ({ done: true as const, value }),
    (error: unknown) => ({ done: true as const, error }),
  );
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<{ done: false }>((resolve) => {
      timer = setTimeout(() => resolve({ done: false }), settings.checkAfterMs);
    });
    const first = await Promise.race([outcome, waited]);
    clearTimeout(timer);
    if (first.done) {
      if ("error" in first) {
        if (first.error instanceof DatabaseUnavailableError || !health.isUnavailable(first.error)) throw first.error;
        throw new DatabaseUnavailableError();
      }
      return first.value;
    }
    const answered = await Promise.race([health.answers(settings.probeMs), outcome.then(() => true)]);
    if (!answered) throw new DatabaseUnavailableError();
  }
}

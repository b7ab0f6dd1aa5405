/**
 * An error meant for the user: an identifier (a translation key under `errors:`) and the values
 * its message needs. One place, the dispatcher, turns it into a localized reply.
 */
export class UserError extends Error {
  constructor(
    readonly identifier: string,
    readonly context: Record<string, string | number> = {},
  ) {
    super(identifier);
    this.name = "UserError";
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Throws a rule's refusal (an identifier and the values it names), when there is one. */
export function refuseIf(problem: { identifier: string; context: Record<string, string | number> } | null): void {
  if (problem) throw new UserError(problem.identifier, problem.context);
}

import type { Prisma } from "../generated/sqlite/client.ts";
import type { TxClient } from "../client.ts";
import { newRowId } from "../row-ids.ts";

/**
 * A value of `Echeance.recheck` that sends the échéance to the next reminders run, new each time
 * it is written: a run that read the échéance before cannot mark it settled over it (its update
 * expects the value it read).
 */
export function recheckValue(): string {
  return `!${newRowId()}`;
}

/**
 * Sends open échéances back to the reminders' read. Called by every write that can change what an
 * échéance's reminder is or where it goes: the territory's settings, its channels, a snooze.
 */
export async function recheckEcheances(db: TxClient, where: Prisma.EcheanceWhereInput): Promise<void> {
  await db.echeance.updateMany({
    where: { ...where, doneAt: null, cancelledAt: null },
    data: { recheck: recheckValue() },
  });
}

import type { Clock } from "../core/clock.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";

/** Audit entries that are not part of a change: refusals, reads of a household's details. */
export class AuditService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  async refused(territoryId: string, memberId: string, command: string, reason: string): Promise<void> {
    await readOnly(this.db).audit.record(
      { territoryId, actorId: memberId, action: "command.refused", outcome: "refused", details: { command, reason } },
      this.clock.now(),
    );
  }
}

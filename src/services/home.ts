import type { Clock } from "../core/clock.ts";
import type { DbClient } from "../db/client.ts";
import type { HomeRows } from "../db/repositories/home.ts";
import { readOnly } from "../db/repositories/index.ts";
import { todayIn } from "../domain/calendar.ts";
import { agendaUntil, claimStepsFor, HOME_HORIZON_DAYS } from "../domain/home.ts";
import type { Actor } from "./types.ts";

/** Items per list: a home is a to-do list, not a report. */
const LIST_LIMIT = 20;

export interface HomeView extends HomeRows {
  today: string;
  horizonDays: number;
}

/**
 * A member's own list: the échéances of the mesures they follow, the comité's actions they own,
 * the claims that wait on them. References only, so reading it is not a read of a household.
 */
export class HomeService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  async agenda(actor: Actor, finance: boolean): Promise<HomeView> {
    const today = todayIn(actor.timezone, this.clock.now());
    const rows = await readOnly(this.db).home.forMember(
      actor.territoryId,
      actor.memberId,
      agendaUntil(today),
      claimStepsFor(finance),
      LIST_LIMIT,
    );
    return { today, horizonDays: HOME_HORIZON_DAYS, ...rows };
  }
}

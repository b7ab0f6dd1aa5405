import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import { addDays, todayIn, type IsoDate } from "../domain/calendar.ts";
import { freezeDate, splitAgenda } from "../domain/comite.ts";
import { readSettings } from "../domain/settings.ts";
import type { SituationService, SituationView } from "./situations.ts";
import type { Actor } from "./types.ts";

/** A meeting more than a year away is a typing mistake. */
const MAX_PLAN_AHEAD_DAYS = 366;

export interface Agenda {
  date: IsoDate;
  time: string | null;
  frozenFrom: IsoDate;
  agenda: SituationView[];
  later: SituationView[];
}

export class ComiteService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
    private readonly situations: SituationService,
  ) {}

  plan(actor: Actor, date: IsoDate, time: string | undefined): Promise<{ date: IsoDate; time: string | null }> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      if (date < today) throw new UserError("meeting_in_past", { date });
      if (date > addDays(today, MAX_PLAN_AHEAD_DAYS)) throw new UserError("meeting_too_far", { date });
      const meeting = await repos.situations.upsertMeeting(actor.territoryId, date, time ?? null, actor.memberId);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "comite.planned",
          details: { date, time: time ?? null },
        },
        now,
      );
      return { date: meeting.date, time: meeting.time };
    });
  }

  /** The next meeting's agenda: open situations, most urgent and oldest first; late additions go to the following one. */
  async agenda(actor: Actor): Promise<Agenda> {
    const repos = readOnly(this.db);
    const today = todayIn(actor.timezone, this.clock.now());
    const meeting = await repos.situations.nextMeeting(actor.territoryId, today);
    if (!meeting) throw new UserError("no_meeting_planned");
    const territory = await repos.territories.findById(actor.territoryId);
    const freezeDays = readSettings(territory?.settings).comite.agendaFreezeDays;
    const open = await this.situations.list(actor, "ouverte", 500);
    const { agenda, later } = splitAgenda(open, meeting.date, freezeDays);
    return { date: meeting.date, time: meeting.time, frozenFrom: freezeDate(meeting.date, freezeDays), agenda, later };
  }
}

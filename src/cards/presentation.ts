import type { CommandContext } from "../core/command.ts";
import type { Actor } from "../services/types.ts";

/** What a card needs to speak to this member: language, translator, territory's time zone. */
export function presentation(ctx: CommandContext) {
  return { t: ctx.t, locale: ctx.locale, timezone: ctx.territory.timezone };
}

export function actorOf(ctx: CommandContext): Actor {
  return { territoryId: ctx.territory.id, memberId: ctx.member.id, timezone: ctx.territory.timezone };
}

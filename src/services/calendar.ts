import type { Repositories } from "../db/repositories/index.ts";
import type { HolidayRegion } from "../domain/holidays.ts";
import { holidayRegion, readSettings } from "../domain/settings.ts";

/** The territory's calendar of public holidays (Alsace-Moselle has two more days). */
export async function holidayRegionOf(repos: Repositories, territoryId: string): Promise<HolidayRegion> {
  return holidayRegion(readSettings((await repos.territories.findById(territoryId))?.settings));
}

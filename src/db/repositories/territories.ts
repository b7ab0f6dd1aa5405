import type { TxClient } from "../client.ts";
import type { PlatformName } from "../../domain/vocabulary.ts";
import { recheckEcheances } from "./echeance-recheck.ts";

export interface TerritoryRow {
  id: string;
  platform: PlatformName;
  externalId: string;
  name: string;
  locale: string;
  timezone: string;
  settings: unknown;
}

export class TerritoryRepository {
  constructor(private readonly db: TxClient) {}

  findByExternal(platform: PlatformName, externalId: string): Promise<TerritoryRow | null> {
    return this.db.territory.findUnique({ where: { platform_externalId: { platform, externalId } } });
  }

  findById(id: string): Promise<TerritoryRow | null> {
    return this.db.territory.findUnique({ where: { id } });
  }

  create(data: {
    platform: PlatformName;
    externalId: string;
    name: string;
    locale: string;
    timezone: string;
    /** The application's clock, so "since when it exists" follows the same time as everything else. */
    createdAt?: Date;
  }): Promise<TerritoryRow> {
    return this.db.territory.create({ data });
  }

  /** New settings; every open échéance goes back to the reminders' read (leads and periods may have changed). */
  async setSettings(id: string, settings: Record<string, unknown>): Promise<void> {
    await this.db.territory.update({ where: { id }, data: { settings: settings as object } });
    await recheckEcheances(this.db, { territoryId: id });
  }

  setLocale(id: string, locale: string): Promise<TerritoryRow> {
    return this.db.territory.update({ where: { id }, data: { locale } });
  }
}

import type { TxClient } from "../client.ts";
import type { PlatformName } from "../../domain/vocabulary.ts";
import type { TerritoryRow } from "./territories.ts";

export interface MemberRow {
  id: string;
  territoryId: string;
  externalId: string;
  displayName: string;
  locale: string | null;
}

export class MemberRepository {
  constructor(private readonly db: TxClient) {}

  findByExternal(territoryId: string, externalId: string): Promise<MemberRow | null> {
    return this.db.member.findUnique({ where: { territoryId_externalId: { territoryId, externalId } } });
  }

  /** A member and its territory in one read, by the platform's ids. */
  async findWithTerritory(
    platform: PlatformName,
    territoryExternalId: string,
    externalId: string,
  ): Promise<{ member: MemberRow; territory: TerritoryRow } | null> {
    const row = await this.db.member.findFirst({
      where: { externalId, territory: { platform, externalId: territoryExternalId } },
      include: { territory: true },
    });
    if (!row) return null;
    const { territory, ...member } = row;
    return { member, territory };
  }

  findById(territoryId: string, id: string): Promise<MemberRow | null> {
    return this.db.member.findFirst({ where: { territoryId, id } });
  }

  create(data: {
    territoryId: string;
    externalId: string;
    displayName: string;
    locale: string | null;
  }): Promise<MemberRow> {
    return this.db.member.create({ data });
  }

  touch(id: string, displayName: string, locale: string | null, now: Date): Promise<MemberRow> {
    return this.db.member.update({ where: { id }, data: { displayName, locale, lastSeenAt: now } });
  }
}

import type { TxClient } from "../client.ts";

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

  findById(territoryId: string, id: string): Promise<MemberRow | null> {
    return this.db.member.findFirst({ where: { territoryId, id } });
  }

  create(data: { territoryId: string; externalId: string; displayName: string; locale: string | null }): Promise<MemberRow> {
    return this.db.member.create({ data });
  }

  touch(id: string, displayName: string, locale: string | null, now: Date): Promise<MemberRow> {
    return this.db.member.update({ where: { id }, data: { displayName, locale, lastSeenAt: now } });
  }
}

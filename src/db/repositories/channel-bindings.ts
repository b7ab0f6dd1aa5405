import type { TxClient } from "../client.ts";
import type { ChannelPurpose } from "../../domain/vocabulary.ts";
import { recheckEcheances } from "./echeance-recheck.ts";

export class ChannelBindingRepository {
  constructor(private readonly db: TxClient) {}

  /** A channel for a purpose; open échéances go back to the reminders' read (a reminder's key names its channel). */
  async bind(territoryId: string, purpose: ChannelPurpose, channelId: string): Promise<void> {
    await this.db.channelBinding.upsert({
      where: { territoryId_purpose: { territoryId, purpose } },
      create: { territoryId, purpose, channelId },
      update: { channelId },
    });
    await recheckEcheances(this.db, { territoryId });
  }

  async channelFor(territoryId: string, purpose: ChannelPurpose): Promise<string | null> {
    const row = await this.db.channelBinding.findUnique({ where: { territoryId_purpose: { territoryId, purpose } } });
    return row?.channelId ?? null;
  }

  list(territoryId: string): Promise<{ purpose: ChannelPurpose; channelId: string }[]> {
    return this.db.channelBinding.findMany({
      where: { territoryId },
      orderBy: { purpose: "asc" },
      select: { purpose: true, channelId: true },
    });
  }
}

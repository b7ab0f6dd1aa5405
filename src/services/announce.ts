import { storeCard } from "../core/card.ts";
import { type Announcement, markedCard, type PlannedCard, type PublishSubject } from "../core/command.ts";
import type { Repositories } from "../db/repositories/index.ts";
import { cardKind } from "../db/repositories/outbox.ts";
import { publishedCardKey } from "../domain/outbox.ts";

/**
 * Plans, in the transaction of the change that calls for it, the outbox row of a record's card in
 * the channel its purpose is bound to now: committed with the change or not at all. Null when no
 * announcement was asked for or no channel is bound (nothing to post, as before).
 */
export async function planAnnouncement<V>(
  repos: Repositories,
  territoryId: string,
  announcement: Announcement<V> | undefined,
  subject: PublishSubject,
  view: V,
  at: Date,
): Promise<PlannedCard | null> {
  if (!announcement) return null;
  const channelId = await repos.channels.channelFor(territoryId, announcement.purpose);
  if (!channelId) return null;
  const key = publishedCardKey(subject.reference, subject.version);
  const row = await repos.outbox.planInTransaction(
    {
      territoryId,
      key,
      kind: cardKind(subject.kind),
      subject: subject.reference,
      channelId,
      payload: storeCard(markedCard(announcement.render(view), key)),
    },
    at,
  );
  return { key: row.key, channelId: row.channelId };
}

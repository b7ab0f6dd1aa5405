import { storeCard } from "../core/card.ts";
import {
  type Announced,
  type Announcement,
  markedCard,
  type PlannedCard,
  type PublishSubject,
} from "../core/command.ts";
import type { Repositories } from "../db/repositories/index.ts";
import { cardKind } from "../db/repositories/outbox.ts";
import { publishedCardKey } from "../domain/outbox.ts";

/**
 * A record's view with the outbox row of its card planned, in the transaction of the change that
 * calls for it (committed with the change or not at all), in the channel its purpose is bound to
 * now; `version` tells a new card of the same record (a resubmission) from the same one again.
 */
export async function announce<V extends { reference: string }>(
  repos: Repositories,
  territoryId: string,
  announcement: Announcement<V> | undefined,
  subject: { kind: PublishSubject["kind"]; version: number },
  view: V,
  at: Date,
): Promise<Announced<V>> {
  const reference = view.reference;
  return { view, planned: await plan(repos, territoryId, announcement, { ...subject, reference }, view, at) };
}

/** The row planned; null when no announcement was asked for or no channel is bound (nothing to post). */
async function plan<V>(
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

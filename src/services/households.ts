import { UserError } from "../core/errors.ts";
import type { Repositories } from "../db/repositories/index.ts";
import { HOUSEHOLD_REFERENCE } from "../domain/vocabulary.ts";
import type { Actor } from "./types.ts";

export const NEW_HOUSEHOLD = ["nouveau", "new"];

export interface HouseholdFacts {
  composition?: string;
  publicCible?: "jeune_18_25" | "homme_seul" | "famille" | "femme_victime_violences" | "autre";
  resourceBracket?: string;
}

/**
 * The household a member names: "nouveau" gets the next reference; a known reference is updated
 * with the facts given; an unknown but well-formed one is created (and its number reserved).
 * Only a pseudonymous reference can get in: never a name.
 */
export async function householdFor(
  repos: Repositories,
  actor: Actor,
  typed: string,
  facts: HouseholdFacts,
  year: number,
  now: Date,
) {
  const data = { ...facts, lastContactAt: now };
  if (NEW_HOUSEHOLD.includes(typed.toLowerCase())) {
    const reference = await repos.references.next(actor.territoryId, "M", year);
    return repos.households.create({ territoryId: actor.territoryId, reference, followerId: actor.memberId, ...data });
  }
  const reference = typed.toUpperCase();
  if (!HOUSEHOLD_REFERENCE.test(reference)) throw new UserError("invalid_household_reference", { ref: typed });
  const existing = await repos.households.find(actor.territoryId, reference);
  if (existing) {
    if (existing.anonymizedAt) throw new UserError("household_anonymized", { ref: reference });
    return repos.households.update(existing.id, data);
  }
  const [, refYear, number] = /^M-(\d{4})-(\d+)$/.exec(reference) ?? [];
  await repos.references.reserve(actor.territoryId, "M", Number(refYear), Number(number));
  return repos.households.create({ territoryId: actor.territoryId, reference, followerId: actor.memberId, ...data });
}

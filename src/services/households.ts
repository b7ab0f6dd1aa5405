import { UserError } from "../core/errors.ts";
import type { Repositories } from "../db/repositories/index.ts";
import { type Composition, HOUSEHOLD_REFERENCE, type ResourceBracket } from "../domain/vocabulary.ts";
import type { Actor } from "./types.ts";

export const NEW_HOUSEHOLD = ["nouveau", "new"];

export interface HouseholdFacts {
  composition?: Composition;
  publicCible?: "jeune_18_25" | "homme_seul" | "famille" | "femme_victime_violences" | "autre";
  resourceBracket?: ResourceBracket;
}

/**
 * The household a member names: "nouveau" gets the next reference; a known reference keeps its
 * profile (facts only fill what it lacks: a new candidature never rewrites who the household is);
 * an unknown one is refused, so a typo cannot create a household. Only a pseudonymous reference
 * can get in: never a name.
 */
export async function householdFor(
  repos: Repositories,
  actor: Actor,
  typed: string,
  facts: HouseholdFacts,
  year: number,
  now: Date,
) {
  if (NEW_HOUSEHOLD.includes(typed.toLowerCase())) {
    const reference = await repos.references.next(actor.territoryId, "M", year);
    return repos.households.create({
      territoryId: actor.territoryId,
      reference,
      followerId: actor.memberId,
      ...facts,
      lastContactAt: now,
    });
  }
  const reference = typed.toUpperCase();
  if (!HOUSEHOLD_REFERENCE.test(reference)) throw new UserError("invalid_household_reference", { ref: typed });
  const existing = await repos.households.find(actor.territoryId, reference);
  if (!existing) throw new UserError("unknown_household", { ref: reference });
  if (existing.anonymizedAt) throw new UserError("household_anonymized", { ref: reference });
  const missing = Object.fromEntries(
    Object.entries(facts).filter(([key]) => existing[key as keyof HouseholdFacts] === null),
  ) as HouseholdFacts;
  return repos.households.update(existing.id, { ...missing, lastContactAt: now });
}

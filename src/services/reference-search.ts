import type { RefEntity } from "../core/options.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { matchesPerson } from "../domain/name-match.ts";

const MAX_PREFIX = 40;
/** A territory's members read at most for a name search: far above any real partnership. */
const MAX_MEMBERS_SCANNED = 2000;

/** One autocomplete choice: what the member reads, and what the command receives. */
export interface Suggestion {
  label: string;
  value: string;
}

/** Autocomplete for references, limited to the member's territory. Junk input finds nothing. */
export class ReferenceSearchService {
  constructor(private readonly db: DbClient) {}

  search(territoryId: string, entity: RefEntity, typed: string, limit: number): Promise<string[]> {
    const prefix = typed.trim().toUpperCase().slice(0, MAX_PREFIX);
    if (!/^[A-Z0-9-]*$/.test(prefix)) return Promise.resolve([]);
    return readOnly(this.db).referenceSearch.search(
      territoryId,
      entity,
      entity === "dispositif" || entity === "member" ? typed.trim().slice(0, MAX_PREFIX) : prefix,
      limit,
    );
  }

  /**
   * Choices for what was typed: references as they are; members by part of their name (accents
   * and case ignored), showing the name and giving the command the platform id.
   */
  async suggest(territoryId: string, entity: RefEntity, typed: string, limit: number): Promise<Suggestion[]> {
    if (entity !== "member")
      return (await this.search(territoryId, entity, typed, limit)).map((ref) => ({ label: ref, value: ref }));
    const wanted = typed.slice(0, MAX_PREFIX);
    const found = (await readOnly(this.db).referenceSearch.members(territoryId, MAX_MEMBERS_SCANNED))
      .filter((m) => matchesPerson(wanted, m))
      .slice(0, limit);
    const names = found.map((m) => m.displayName);
    return found.map((m) => ({
      // Two people with one name are told apart by their id.
      label:
        names.indexOf(m.displayName) === names.lastIndexOf(m.displayName)
          ? m.displayName
          : `${m.displayName} (${m.externalId})`,
      value: m.externalId,
    }));
  }
}

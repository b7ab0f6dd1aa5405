import type { RefEntity } from "../core/options.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";

const MAX_PREFIX = 40;

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
}

import type { DbClient } from "../db/client.ts";
import { storedTexts } from "../db/stored-texts.ts";
import type { IsoDate } from "../domain/calendar.ts";
import { personalDataIn, type PersonalDataKind } from "../domain/personal-data.ts";

/** A stored text to review: where it is and what it seems to hold, never the text itself. */
export interface PrivacyFinding {
  territoryId: string;
  reference: string;
  field: string;
  kinds: PersonalDataKind[];
}

/** Runs the personal-data detector over every stored free text. */
export async function scanStoredTexts(
  db: DbClient,
  today: IsoDate,
): Promise<{ scanned: number; findings: PrivacyFinding[] }> {
  const findings: PrivacyFinding[] = [];
  let scanned = 0;
  for await (const stored of storedTexts(db)) {
    scanned++;
    const kinds = personalDataIn(stored.text, today);
    if (kinds.length > 0)
      findings.push({ territoryId: stored.territoryId, reference: stored.reference, field: stored.field, kinds });
  }
  return { scanned, findings };
}

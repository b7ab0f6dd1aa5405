import type { DbClient } from "./client.ts";

/** One free text as stored: where it is (territory, reference, field), never shown by callers. */
export interface StoredText {
  territoryId: string;
  reference: string;
  field: string;
  text: string;
}

/** Every string inside a JSON value (a claim's details, a fiche), with its path. */
function jsonStrings(value: unknown, path: string): { field: string; text: string }[] {
  if (typeof value === "string") return [{ field: path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonStrings(v, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => jsonStrings(v, `${path}.${k}`));
  return [];
}

function texts(
  territoryId: string,
  reference: string,
  fields: Record<string, string | null | undefined>,
): StoredText[] {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "")
    .map(([field, text]) => ({ territoryId, reference, field, text }));
}

/**
 * Every free text the bot stores, table by table, for the privacy scan of deployments that ran
 * an earlier version (before every text was screened where it is typed).
 */
export async function* storedTexts(db: DbClient): AsyncGenerator<StoredText> {
  for (const c of await db.candidature.findMany({
    select: {
      territoryId: true,
      reference: true,
      note: true,
      decisionReason: true,
      events: { select: { text: true } },
    },
  })) {
    yield* texts(c.territoryId, c.reference, { "candidature.note": c.note, "candidature.motif": c.decisionReason });
    for (const e of c.events) yield* texts(c.territoryId, c.reference, { "candidature.history": e.text });
  }
  for (const m of await db.mesure.findMany({
    select: {
      territoryId: true,
      reference: true,
      landlord: true,
      privateOwnerRef: true,
      bilans: {
        select: { heldOn: true, reason: true, rentPaidRemark: true, situationStableRemark: true, fiche: true },
      },
    },
  })) {
    yield* texts(m.territoryId, m.reference, {
      "mesure.bailleur": m.landlord,
      "mesure.proprietaire": m.privateOwnerRef,
    });
    for (const b of m.bilans) {
      const at = `bilan ${b.heldOn}`;
      yield* texts(m.territoryId, m.reference, {
        [`${at} motif`]: b.reason,
        [`${at} loyer_remarque`]: b.rentPaidRemark,
        [`${at} stabilite_remarque`]: b.situationStableRemark,
      });
      for (const s of jsonStrings(b.fiche, `${at} fiche`))
        yield { territoryId: m.territoryId, reference: m.reference, ...s };
    }
  }
  for (const s of await db.situation.findMany({
    select: {
      territoryId: true,
      reference: true,
      landlord: true,
      privateOwnerRef: true,
      summary: true,
      entries: { select: { text: true } },
      actions: { select: { number: true, text: true } },
    },
  })) {
    yield* texts(s.territoryId, s.reference, {
      "situation.bailleur": s.landlord,
      "situation.proprietaire": s.privateOwnerRef,
      "situation.resume": s.summary,
    });
    for (const e of s.entries) yield* texts(s.territoryId, s.reference, { "situation.decision": e.text });
    for (const a of s.actions) yield* texts(s.territoryId, s.reference, { [`action A-${a.number}`]: a.text });
  }
  for (const c of await db.securisationClaim.findMany({
    select: {
      territoryId: true,
      reference: true,
      homeReference: true,
      missing: true,
      rejectionReason: true,
      details: true,
    },
  })) {
    yield* texts(c.territoryId, c.reference, {
      "securisation.logement": c.homeReference,
      "securisation.manque": c.missing,
      "securisation.motif": c.rejectionReason,
    });
    for (const s of jsonStrings(c.details, "securisation.details"))
      yield { territoryId: c.territoryId, reference: c.reference, ...s };
  }
  for (const a of await db.treasuryAdvance.findMany({
    select: { territoryId: true, reference: true, subsidy: true, funder: true },
  }))
    yield* texts(a.territoryId, a.reference, { "avance.subvention": a.subsidy, "avance.financeur": a.funder });
  for (const d of await db.dispositif.findMany({ select: { territoryId: true, code: true, name: true } }))
    yield* texts(d.territoryId, d.code, { "dispositif.nom": d.name });
  for (const l of await db.landlord.findMany({ select: { territoryId: true, id: true, name: true } }))
    yield* texts(l.territoryId, `bailleur ${l.id}`, { "bailleur.nom": l.name });
}

import { describe, expect, it } from "vitest";
import * as enums from "../../src/db/generated/sqlite/enums.ts";
import { postgresSchemaFrom, schemaDrift } from "../../src/db/schema-sync.ts";
import { ROLES } from "../../src/core/roles.ts";
import * as vocabulary from "../../src/domain/vocabulary.ts";

describe("database definitions", () => {
  it("keep the PostgreSQL schema and migrations in step with SQLite", () => {
    expect(schemaDrift()).toEqual([]);
  });

  it("derive PostgreSQL from SQLite by provider only", () => {
    const derived = postgresSchemaFrom(
      'provider = "sqlite"\nurl = "file:./unused.db"\noutput = "../../src/db/generated/sqlite"\nmodel A { id Int @id }',
    );
    expect(derived).toBe(
      'provider = "postgresql"\nurl = "postgresql://unused"\noutput = "../../src/db/generated/postgresql"\nmodel A { id Int @id }',
    );
  });

  it("use the domain's vocabularies as database enums", () => {
    const pairs: [Record<string, string>, readonly string[]][] = [
      [enums.Role, ROLES],
      [enums.Platform, vocabulary.PLATFORMS],
      [enums.ChannelPurpose, vocabulary.CHANNEL_PURPOSES],
      [enums.CandidatureStatus, vocabulary.CANDIDATURE_STATUSES],
      [enums.PublicCible, vocabulary.PUBLICS],
      [enums.Composition, vocabulary.COMPOSITIONS],
      [enums.Barrier, vocabulary.BARRIERS],
      [enums.Hebergement, vocabulary.HEBERGEMENTS],
      [enums.Parc, vocabulary.PARCS],
      [enums.MesureEndReason, vocabulary.MESURE_END_REASONS],
      [enums.EcheanceKind, vocabulary.ECHEANCE_KINDS],
      [enums.SituationCategory, vocabulary.SITUATION_CATEGORIES],
      [enums.Urgency, vocabulary.URGENCIES],
      [enums.SituationOutcome, vocabulary.SITUATION_OUTCOMES],
      [enums.ClaimCategory, vocabulary.CLAIM_CATEGORIES],
      [enums.ClaimStatus, vocabulary.CLAIM_STATUSES],
      [enums.AdvanceStatus, vocabulary.ADVANCE_STATUSES],
    ];
    for (const [dbEnum, domain] of pairs) expect(Object.values(dbEnum)).toEqual([...domain]);
  });
});

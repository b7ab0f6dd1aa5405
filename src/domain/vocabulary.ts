/**
 * The domain's closed vocabularies, in the words the schemes use. The database enums carry the
 * same values (prisma/sqlite/schema.prisma); a test checks they stay equal.
 */
export const CHANNEL_PURPOSES = ["siao", "comite", "ccas", "finance"] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

export const PLATFORMS = ["console", "slack", "discord", "matrix"] as const;
export type PlatformName = (typeof PLATFORMS)[number];

export const CANDIDATURE_STATUSES = ["soumise", "validee", "refusee", "ajournee"] as const;
export const PUBLICS = ["jeune_18_25", "homme_seul", "famille", "femme_victime_violences", "autre"] as const;
/** Who makes up the household, as the activity report counts it (never typed as free text). */
export const COMPOSITIONS = [
  "personne_seule",
  "couple_sans_enfant",
  "famille_monoparentale",
  "couple_avec_enfants",
  "autre",
] as const;
export type Composition = (typeof COMPOSITIONS)[number];
export const HEBERGEMENTS = ["chrs", "alt", "pension_de_famille", "autre"] as const;
export const PARCS = ["public", "prive"] as const;
export const MESURE_END_REASONS = ["glissement", "depart", "echec", "relogement"] as const;
export const ECHEANCE_KINDS = ["bilan_6", "bilan_10", "glissement_12", "suivi", "bilan_fin"] as const;
export type EcheanceKind = (typeof ECHEANCE_KINDS)[number];
export const SITUATION_CATEGORIES = [
  "impayes",
  "precarite_energetique",
  "troubles_voisinage",
  "savoir_habiter",
  "sante",
  "violences",
  "autre",
] as const;
export const URGENCIES = ["normale", "haute", "immediate"] as const;
export const SITUATION_OUTCOMES = ["resolue", "orientee_ailleurs", "relogee", "abandonnee"] as const;
export const CLAIM_CATEGORIES = ["vacance", "impayes", "remise_en_etat", "frais_procedure", "cas_atypique"] as const;
export const CLAIM_STATUSES = [
  "brouillon",
  "soumise",
  "incomplete",
  "en_instruction",
  "acceptee",
  "partiellement_payee",
  "rejetee",
  "payee",
] as const;
export const ADVANCE_STATUSES = ["demandee", "accordee", "versee", "remboursee", "refusee"] as const;

/** Household references are pseudonyms such as M-2026-014: never a name. */
export const HOUSEHOLD_REFERENCE = /^M-\d{4}-\d{3,}$/;
export const DISPOSITIF_CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;

export const RESOURCE_BRACKETS = ["sans_ressources", "minima_sociaux", "inferieures_smic", "smic_ou_plus"] as const;
export type ResourceBracket = (typeof RESOURCE_BRACKETS)[number];
export const CANDIDATURE_DECISIONS = ["validee", "refusee", "ajournee"] as const;
export type CandidatureDecision = (typeof CANDIDATURE_DECISIONS)[number];
export const BILAN_ISSUES = ["prolonger", "glisser", "fin"] as const;
export type BilanIssue = (typeof BILAN_ISSUES)[number];
/**
 * Barriers to exit ("freins à la sortie") a bilan notes, for the annual report (seed 004): debts,
 * resources, the lack of a suitable (small) home, landlords' reluctance, "savoir habiter", health,
 * the right of residence.
 */
export const BARRIERS = [
  "dettes",
  "ressources_insuffisantes",
  "logement_inadapte",
  "reticence_bailleur",
  "savoir_habiter",
  "sante",
  "droit_au_sejour",
  "autre",
] as const;
export type Barrier = (typeof BARRIERS)[number];
export const BILAN_CONDITIONS = ["oui", "non", "partiellement"] as const;
export const FIN_REASONS = ["depart", "echec", "relogement"] as const;
export type FinReason = (typeof FIN_REASONS)[number];
/** Who a dispositif accepts: households the operator already houses ("Sortie de structures"), or any. */
export const ELIGIBILITIES = ["heberges", "tous"] as const;

import type { App } from "../../src/app.ts";
import type { Clock } from "../../src/core/clock.ts";
import { identity, run } from "./app.ts";

export const admin = identity({ territoryExternalId: "T-R", territoryName: "Cornouaille", userExternalId: "UADMIN" });
export const staff = identity({
  territoryExternalId: "T-R",
  territoryName: "Cornouaille",
  userExternalId: "USTAFF",
  platformAdmin: false,
  displayName: "Coordinatrice",
});

/** A command that must succeed: the replay stops at the first refusal, naming it. */
async function ok(app: App, who: typeof admin, line: string): Promise<void> {
  const reply = await run(app, who, line);
  if (reply.tone === "error") throw new Error(`${line} was refused: ${JSON.stringify(reply)}`);
}

/**
 * Two schemes over 2025-2026, replayed through the commands a coordinator types: DALO (5 mesures,
 * two households running on 1 January 2026) and "Sortie de structures" (10 mesures, four entries
 * in 2026). In 2026: one lease slides, one mesure fails, one household is rehoused elsewhere, two
 * are extended; comité situations, a sécurisation claim paid and an advance disbursed.
 * The clock ends on 15 October 2026.
 */
export async function replayYear(app: App, clock: Clock & { set(d: Date): void }): Promise<void> {
  const at = (iso: string) => clock.set(new Date(`${iso}T09:00:00Z`));
  at("2025-09-01");
  for (const line of [
    '/config reglage rapport.structure "CCAS de Concarneau"',
    "/config dispositif dalo DALO",
    '/config dispositif sortie "Sortie de structures"',
    '/config bailleur ajouter "Finistère Habitat" public',
    '/config bailleur ajouter "Bailleur Habitat" public',
    '/config bailleur ajouter "Bailleur Privé" prive',
    "/config quota dalo 2025 5",
    "/config quota dalo 2026 5",
    "/config quota sortie 2025 10",
    "/config quota sortie 2026 10",
    "/config role user:USTAFF ccas",
    "/config role user:USTAFF siao",
    "/config role user:USTAFF comite",
    "/config role user:USTAFF finance",
  ])
    await ok(app, admin, line);
  // 2025: two DALO households enter in September.
  await ok(
    app,
    staff,
    "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_avec_enfants Relogement prioritaire.",
  );
  await ok(
    app,
    staff,
    "/candidature deposer nouveau dalo homme_seul alt sans_ressources oui personne_seule Sortie d ALT.",
  );
  await ok(app, staff, "/candidature decider C-2025-001 validee");
  await ok(app, staff, "/candidature decider C-2025-002 validee");
  await ok(app, staff, '/mesure ouvrir C-2025-001 2025-09-15 "Finistère Habitat" public');
  await ok(app, staff, '/mesure ouvrir C-2025-002 2025-09-22 "Propriétaire privé" prive');
  // 2026: four households enter "Sortie de structures", one more DALO.
  at("2026-01-12");
  const entries = [
    ["sortie", "femme_victime_violences", "chrs", "minima_sociaux", "famille_monoparentale"],
    ["sortie", "jeune_18_25", "chrs", "inferieures_smic", "personne_seule"],
    ["sortie", "famille", "pension_de_famille", "smic_ou_plus", "couple_avec_enfants"],
    ["sortie", "homme_seul", "chrs", "minima_sociaux", "personne_seule"],
    ["dalo", "famille", "autre", "minima_sociaux", "famille_monoparentale"],
  ];
  for (const [i, [scheme, pub, lodging, resources, composition]] of entries.entries()) {
    await ok(
      app,
      staff,
      `/candidature deposer nouveau ${scheme} ${pub} ${lodging} ${resources} oui "${composition}" Note factuelle.`,
    );
    await ok(app, staff, `/candidature decider C-2026-00${i + 1} validee`);
    await ok(
      app,
      staff,
      `/mesure ouvrir C-2026-00${i + 1} 2026-0${1 + (i % 2)}-${15 + i} "Bailleur ${i % 2 ? "Habitat" : "Privé"}" ${i % 2 ? "public" : "prive"}`,
    );
  }
  await ok(app, staff, "/candidature deposer nouveau sortie famille chrs minima_sociaux oui couple_sans_enfant Note.");
  await ok(app, staff, '/candidature decider C-2026-006 refusee "Hors critères"');
  // March: the DALO households' 6-month bilans.
  at("2026-03-20");
  await ok(app, staff, "/bilan enregistrer IML-2025-001 glisser oui oui date:2026-03-16 travail:budget");
  await ok(
    app,
    staff,
    '/bilan enregistrer IML-2025-002 prolonger oui partiellement date:2026-03-20 bailleur:non travail:savoir-habiter stabilite_remarque:"Emploi en CDD"',
  );
  await ok(app, staff, "/situation ajouter M-2025-002 prive impayes haute Impayés depuis deux mois, FSL demandé.");
  // July-August: the 2026 entries' 6-month bilans.
  at("2026-08-20");
  await ok(app, staff, "/bilan enregistrer IML-2026-001 prolonger partiellement oui date:2026-07-15");
  await ok(app, staff, '/bilan enregistrer IML-2026-002 fin non non echec date:2026-08-16 motif:"Départ sans préavis"');
  await ok(app, staff, "/bilan enregistrer IML-2026-003 fin oui oui relogement date:2026-07-17");
  await ok(
    app,
    staff,
    '/situation ajouter M-2026-004 "Bailleur Habitat" savoir_habiter normale Accompagnement à l entretien du logement.',
  );
  await ok(app, staff, "/situation clore S-2026-002 resolue");
  await ok(app, staff, "/securisation declarer vacance 1200 logement:L-1 du:2026-02-01 au:2026-05-01");
  await ok(app, staff, '/avance demander 5000 "Subvention DDETS" DDETS 2026-09-01');
  await ok(app, staff, "/avance accorder AV-2026-001 5000");
  await ok(app, staff, "/avance verser AV-2026-001");
  at("2026-10-15");
}

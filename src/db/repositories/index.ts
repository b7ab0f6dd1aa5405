import type { DbClient, TxClient } from "../client.ts";
import { offeringDriver } from "../transaction-driver.ts";
import { AuditRepository } from "./audit.ts";
import { ChannelBindingRepository } from "./channel-bindings.ts";
import { DispositifRepository } from "./dispositifs.ts";
import { HomeRepository } from "./home.ts";
import { MemberRepository } from "./members.ts";
import { ReferenceRepository } from "./references.ts";
import { ReferenceSearchRepository } from "./reference-search.ts";
import { ReminderRepository } from "./reminders.ts";
import { ReportRepository } from "./reports.ts";
import { RgpdRepository } from "./rgpd.ts";
import { RoleGrantRepository } from "./role-grants.ts";
import { AdvanceRepository, ClaimRepository } from "./securisation.ts";
import { SituationRepository } from "./situations.ts";
import { SlackInstallationRepository } from "./slack-installations.ts";
import { TerritoryRepository } from "./territories.ts";
import { CandidatureRepository } from "./candidatures.ts";
import { HouseholdRepository } from "./households.ts";
import { LandlordRepository } from "./landlords.ts";
import { MatrixStateRepository } from "./matrix-state.ts";
import { MesureRepository } from "./mesures.ts";
import { OutboxRepository } from "./outbox.ts";

export interface Repositories {
  territories: TerritoryRepository;
  members: MemberRepository;
  grants: RoleGrantRepository;
  channels: ChannelBindingRepository;
  dispositifs: DispositifRepository;
  households: HouseholdRepository;
  candidatures: CandidatureRepository;
  mesures: MesureRepository;
  situations: SituationRepository;
  claims: ClaimRepository;
  advances: AdvanceRepository;
  reminders: ReminderRepository;
  outbox: OutboxRepository;
  reports: ReportRepository;
  rgpd: RgpdRepository;
  audit: AuditRepository;
  references: ReferenceRepository;
  referenceSearch: ReferenceSearchRepository;
  slackInstallations: SlackInstallationRepository;
  landlords: LandlordRepository;
  home: HomeRepository;
  matrix: MatrixStateRepository;
}

export function repositories(db: TxClient): Repositories {
  return {
    territories: new TerritoryRepository(db),
    members: new MemberRepository(db),
    grants: new RoleGrantRepository(db),
    channels: new ChannelBindingRepository(db),
    dispositifs: new DispositifRepository(db),
    households: new HouseholdRepository(db),
    candidatures: new CandidatureRepository(db),
    mesures: new MesureRepository(db),
    situations: new SituationRepository(db),
    claims: new ClaimRepository(db),
    advances: new AdvanceRepository(db),
    reminders: new ReminderRepository(db),
    outbox: new OutboxRepository(db),
    reports: new ReportRepository(db),
    rgpd: new RgpdRepository(db),
    audit: new AuditRepository(db),
    references: new ReferenceRepository(db),
    referenceSearch: new ReferenceSearchRepository(db),
    slackInstallations: new SlackInstallationRepository(db),
    landlords: new LandlordRepository(db),
    home: new HomeRepository(db),
    matrix: new MatrixStateRepository(db),
  };
}

/** Runs `work` in one database transaction: every change it makes, audit included, or none. */
export function inTransaction<T>(db: DbClient, work: (repos: Repositories) => Promise<T>): Promise<T> {
  return offeringDriver<TxClient, T>(
    (callback) => db.$transaction(callback),
    (tx) => work(repositories(tx)),
  );
}

/** Read-only access outside a transaction. */
export function readOnly(db: DbClient): Repositories {
  return repositories(db);
}

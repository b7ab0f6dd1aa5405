import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Database } from "../db/client.ts";
import { AdvanceService } from "./advances.ts";
import { AuditService } from "./audit.ts";
import { BilanService } from "./bilans.ts";
import { CandidatureService } from "./candidatures.ts";
import { ClaimStepService } from "./claim-steps.ts";
import { ClaimService } from "./claims.ts";
import { ComiteService } from "./comite.ts";
import { MesureService } from "./mesures.ts";
import { ConfigurationService } from "./configuration.ts";
import { DemoSeeder } from "./demo-seed.ts";
import { DispositifSettingsService } from "./dispositif-settings.ts";
import { HomeService } from "./home.ts";
import { IdentityCache } from "./identity-cache.ts";
import { IdentityService } from "./identity.ts";
import { QuotaService } from "./quotas.ts";
import { ReferenceSearchService } from "./reference-search.ts";
import { ReminderService } from "./reminders.ts";
import { ReportService } from "./reports.ts";
import { LandlordService } from "./landlords.ts";
import { RgpdService } from "./rgpd.ts";
import { SecurisationYearService } from "./securisation-year.ts";
import { SituationService } from "./situations.ts";

declare module "../core/command.ts" {
  // What commands see as `ctx.services`: every service, typed (see CommandServices).
  interface CommandServices extends Services {}
}

export interface Services {
  identity: IdentityService;
  quotas: QuotaService;
  configuration: ConfigurationService;
  dispositifs: DispositifSettingsService;
  landlords: LandlordService;
  audit: AuditService;
  candidatures: CandidatureService;
  mesures: MesureService;
  bilans: BilanService;
  situations: SituationService;
  comite: ComiteService;
  claims: ClaimService;
  claimSteps: ClaimStepService;
  securisationYear: SecurisationYearService;
  advances: AdvanceService;
  reminders: ReminderService;
  reports: ReportService;
  rgpd: RgpdService;
  demo: DemoSeeder;
  references: ReferenceSearchService;
  home: HomeService;
}

export function createServices(
  database: Database,
  clock: Clock,
  defaults: { locale: Locale; timezone: string },
  logger: Logger,
): Services {
  const db = database.prisma;
  const situations = new SituationService(db, clock);
  const identities = new IdentityCache();
  return {
    identity: new IdentityService(db, clock, defaults, identities),
    quotas: new QuotaService(db, clock),
    configuration: new ConfigurationService(db, clock, identities),
    dispositifs: new DispositifSettingsService(db, clock),
    landlords: new LandlordService(db, clock),
    audit: new AuditService(db, clock),
    candidatures: new CandidatureService(db, clock),
    mesures: new MesureService(db, clock),
    bilans: new BilanService(db, clock),
    situations,
    comite: new ComiteService(db, clock, situations),
    claims: new ClaimService(db, clock),
    claimSteps: new ClaimStepService(db, clock),
    securisationYear: new SecurisationYearService(db, clock),
    advances: new AdvanceService(db, clock),
    reminders: new ReminderService(db, clock),
    reports: new ReportService(db, clock),
    rgpd: new RgpdService(db, clock, logger),
    demo: new DemoSeeder(db, clock),
    references: new ReferenceSearchService(db),
    home: new HomeService(db, clock),
  };
}

// The annual activity report at scale: one territory with 10,000 mesures over the year (a third
// ended, with their bilans; varied publics and resources), from the database to every file (PDF,
// CSV, xlsx, charts). `npm run bench:report` prints the figures; `npm run bench` includes them.
// Target: under 10 seconds.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { activityFiles } from "../../src/cards/reports.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { I18n } from "../../src/core/i18n.ts";
import { openDatabase } from "../../src/db/client.ts";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { migrate } from "../../src/db/migrate.ts";
import { addMonths } from "../../src/domain/calendar.ts";
import { MESURE_END_REASONS, PUBLICS, RESOURCE_BRACKETS } from "../../src/domain/vocabulary.ts";
import { ReportService } from "../../src/services/reports.ts";
import { median } from "./stats.ts";

const TODAY = "2026-11-23";

export interface ReportFigures {
  mesures: number;
  /** Reading and computing the figures (ReportService.activity). */
  figuresMs: number;
  /** Rendering the PDF, the CSV, the workbook and the charts. */
  filesMs: number;
  totalMs: number;
  bytes: number;
  pages: number;
}

type Db = Awaited<ReturnType<typeof openDatabase>>["prisma"];

/** A year's worth of outcomes on the generated mesures: ends with bilans, varied categories. */
async function varyOutcomes(db: Db): Promise<void> {
  const mesures = await db.mesure.findMany({
    select: { id: true, householdId: true, entryDate: true, territoryId: true, openedById: true },
  });
  const ended = mesures.filter((_, i) => i % 3 === 0);
  for (const [r, reason] of MESURE_END_REASONS.entries()) {
    const group = ended.filter((_, i) => i % MESURE_END_REASONS.length === r);
    for (const m of group)
      await db.mesure.update({
        where: { id: m.id },
        data: {
          status: "terminee",
          endReason: reason,
          endDate: addMonths(m.entryDate, 6) < TODAY ? addMonths(m.entryDate, 6) : TODAY,
        },
      });
  }
  await db.bilan.createMany({
    data: ended.map((m) => ({
      territoryId: m.territoryId,
      mesureId: m.id,
      heldOn: addMonths(m.entryDate, 6) < TODAY ? addMonths(m.entryDate, 6) : TODAY,
      outcome: "fin" as const,
      recordedById: m.openedById,
    })),
  });
  for (const [p, publicCible] of PUBLICS.entries()) {
    const ids = mesures.filter((_, i) => i % PUBLICS.length === p).map((m) => m.householdId);
    // In chunks: a statement takes a bounded number of parameters.
    for (let i = 0; i < ids.length; i += 500)
      await db.household.updateMany({
        where: { id: { in: ids.slice(i, i + 500) } },
        data: { publicCible, resourceBracket: RESOURCE_BRACKETS[p % RESOURCE_BRACKETS.length] ?? null },
      });
  }
}

/** One territory with `size` mesures; the report is made `rounds` times, figures are medians. */
export async function reportBench(url: string, size: number, rounds: number): Promise<ReportFigures> {
  await migrate(url);
  const database = await openDatabase(url);
  try {
    await generateTerritorySet(database.prisma, { mesures: size, territories: 1, today: TODAY, prefix: "rep" });
    await varyOutcomes(database.prisma);
    const territory = await database.prisma.territory.findFirstOrThrow();
    const member = await database.prisma.member.findFirstOrThrow({ where: { territoryId: territory.id } });
    const service = new ReportService(database.prisma, fixedClock(new Date(`${TODAY}T10:00:00Z`)));
    const t = I18n.create().translator("fr");
    const actor = { territoryId: territory.id, memberId: member.id, timezone: "Europe/Paris" };
    const samples: Omit<ReportFigures, "mesures">[] = [];
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      const view = await service.activity(actor, 2026, undefined);
      const figuresAt = performance.now();
      const { files } = await activityFiles(view, t("reports:activity.all"), {
        t,
        locale: "fr",
        timezone: "Europe/Paris",
      });
      const end = performance.now();
      const pdf = files.find((f) => f.name.endsWith(".pdf"))?.data.toString("latin1") ?? "";
      samples.push({
        figuresMs: figuresAt - start,
        filesMs: end - figuresAt,
        totalMs: end - start,
        bytes: files.reduce((n, f) => n + f.data.length, 0),
        pages: (pdf.match(/\/Type \/Page\b/g) ?? []).length,
      });
    }
    const mid = (key: keyof (typeof samples)[number]) => median(samples.map((s) => s[key]));
    return {
      mesures: size,
      figuresMs: mid("figuresMs"),
      filesMs: mid("filesMs"),
      totalMs: mid("totalMs"),
      bytes: mid("bytes"),
      pages: mid("pages"),
    };
  } finally {
    await database.close();
  }
}

// Run on its own: `npm run bench:report` (BENCH_REPORT_SIZE, BENCH_ROUNDS).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "iml-bench-report-"));
  try {
    const size = Number(process.env.BENCH_REPORT_SIZE ?? 10_000);
    const f = await reportBench(`file:${path.join(dir, "report.db")}`, size, Number(process.env.BENCH_ROUNDS ?? 3));
    process.stdout.write(
      `activity report, SQLite, ${f.mesures.toLocaleString("en")} mesures: ${(f.totalMs / 1000).toFixed(2)} s ` +
        `(figures ${(f.figuresMs / 1000).toFixed(2)} s, files ${(f.filesMs / 1000).toFixed(2)} s; ${f.pages} PDF pages, ` +
        `${Math.round(f.bytes / 1024)} KiB in all); target < 10 s: ${f.totalMs < 10_000 ? "met" : "missed"}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

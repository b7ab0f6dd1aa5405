import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { horizontalBarsSvg, quotaChartSvg, svgToPng } from "../../src/reports/chart.ts";
import { tidyCsv, toCsv } from "../../src/reports/csv.ts";
import type { ReportTable } from "../../src/reports/model.ts";
import { toXlsx } from "../../src/reports/xlsx.ts";

const HEADER = ["tableau", "catégorie", "détail", "indicateur", "valeur", "unité"] as const;

const claims: ReportTable = {
  name: "Sécurisation - demandes",
  title: "Demandes",
  columns: [
    { label: "Catégorie", kind: "text" },
    { label: "État", kind: "text" },
    { label: "Nombre", kind: "integer" },
    { label: "Payé", kind: "money" },
  ],
  rows: [["vacance; longue", "payée", 2, 140050]],
};
const quota: ReportTable = {
  name: "Quota par mois",
  title: "Quota",
  columns: [
    { label: "Dispositif", kind: "text" },
    { label: "Mois", kind: "month" },
    { label: "Tenues", kind: "integer" },
    { label: "Durée", kind: "decimal" },
  ],
  rows: [["DALO", "2026-03", 2, 11.5]],
};

describe("CSV", () => {
  it("uses semicolons, a byte-order mark and CRLF, quoting only what needs it", () => {
    const csv = toCsv([["a;b", 'dit "non"', 1.5, null]]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8").slice(1)).toBe('"a;b";"dit ""non""";1,5;\r\n');
    expect(
      toCsv([[1.5]], false)
        .toString("utf8")
        .slice(1),
    ).toBe("1.5\r\n");
  });

  it("lays every table out tidily: one row per observation and figure, one value per cell, euros as numbers", () => {
    const lines = tidyCsv([claims, quota], HEADER, true).toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines).toEqual([
      "tableau;catégorie;détail;indicateur;valeur;unité",
      'Sécurisation - demandes;"vacance; longue";payée;Nombre;2;',
      'Sécurisation - demandes;"vacance; longue";payée;Payé;1400,5;EUR',
      "Quota par mois;DALO;2026-03;Tenues;2;",
      "Quota par mois;DALO;2026-03;Durée;11,5;",
    ]);
  });
});

describe("xlsx", () => {
  it("writes one sheet per table with typed cells and legal, unique sheet names", async () => {
    const long: ReportTable = { ...quota, name: "Un nom de tableau bien trop long: [pour] Excel", rows: [] };
    const buffer = await toXlsx([claims, quota, long, { ...long }], {
      title: "Rapport",
      created: new Date("2026-10-15"),
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toHaveLength(4);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    const sheet = book.getWorksheet("Sécurisation - demandes");
    expect(sheet?.getRow(1).values).toEqual([undefined, "Catégorie", "État", "Nombre", "Payé"]);
    expect(sheet?.getCell("C2").value).toBe(2);
    expect(sheet?.getCell("D2").value).toBe(1400.5);
    expect(sheet?.getCell("D2").numFmt).toContain("€");
    const month = book.getWorksheet("Quota par mois")?.getCell("B2");
    expect(month?.value).toEqual(new Date(Date.UTC(2026, 2, 1)));
    expect(month?.numFmt).toBe("mmm yyyy");
  });
});

describe("charts", () => {
  const base = { approvedLabel: "quota approuvé", heldLabel: "mesures tenues" };

  it("carries its title once and draws only the months it is given", () => {
    const svg = quotaChartSvg({
      ...base,
      title: "DALO — quota 2026",
      months: ["janv.", "févr.", "mars"],
      approved: [5, 5, 5],
      held: [3, 2, 2],
    });
    expect(svg.split("DALO — quota 2026")).toHaveLength(2);
    expect(svg.match(/<rect [^>]*fill="#3b6e99"/g)).toHaveLength(4); // three bars and the legend's swatch
    expect(svg).not.toContain("avr.");
    // Whole-number ticks whatever the figures.
    for (const tick of svg.matchAll(/text-anchor="end">([^<]+)</g))
      expect(Number.isInteger(Number(tick[1]))).toBe(true);
    const png = svgToPng(svg);
    expect(png.png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.width).toBe(800);
  });

  it("sets a long label smaller rather than cutting it, and says when there is nothing to draw", () => {
    const label = "relogement ailleurs dans le parc social du département, après commission";
    const svg = horizontalBarsSvg("Sorties", [{ label, value: 3 }], "Aucune sortie");
    const size = Number(/font-size="([\d.]+)" text-anchor="end">relogement/.exec(svg)?.[1]);
    expect(size).toBeLessThan(13);
    // The label ends at its column's right edge and starts inside the image.
    const x = Number(/<text x="([\d.]+)" y="[\d.]+" font-size="[\d.]+" text-anchor="end">relogement/.exec(svg)?.[1]);
    expect(x - label.length * size * 0.62).toBeGreaterThanOrEqual(0);
    expect(horizontalBarsSvg("Sorties", [], "Aucune sortie")).toContain("Aucune sortie");
  });
});

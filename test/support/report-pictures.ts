// `npm run docs:reports`: replays the test year, makes the fiche-bilan and the annual activity
// report, and writes the first page of each as a PNG under docs/reports/ (pictures in the README).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fixedClock } from "../../src/core/clock.ts";
import { run, testApp } from "./app.ts";
import { lookAtPdf } from "./pdf.ts";
import { replayYear, staff } from "./report-year.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "iml-pictures-"));
const clock = fixedClock(new Date("2025-09-01T09:00:00Z"));
const app = await testApp(`file:${path.join(dir, "pictures.db")}`, clock);
try {
  await replayYear(app, clock);
  const pictures: [string, string, number][] = [
    ["/bilan fiche IML-2025-002", "fiche-bilan", 0],
    ["/rapport activite 2026", "rapport-activite", 0],
    ["/rapport activite 2026", "rapport-activite-tableaux", 1],
    ["/rapport activite 2026", "rapport-activite-quota", 4],
  ];
  for (const [line, name, page] of pictures) {
    const reply = await run(app, staff, line);
    const pdf = reply.files?.find((f) => f.name.endsWith(".pdf"));
    if (!pdf) throw new Error(`${line} gave no PDF`);
    const image = lookAtPdf(pdf.data, 60).images[page];
    if (!image) throw new Error(`${line} has no page ${page + 1}`);
    writeFileSync(path.join("docs/reports", `${name}.png`), image);
    process.stdout.write(`docs/reports/${name}.png\n`);
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, demoMember, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase } from "../support/databases.ts";

/** The console tour as the README gives it: the first code block after "A short tour". */
function tourLines(year: number): string[] {
  const readme = readFileSync("README.md", "utf8");
  const block = readme.slice(readme.indexOf("A short tour")).split("```")[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.startsWith("/"))
    .map((line) => line.replace(/-2026-/g, `-${year}-`));
}

const demo = demoMember();

describeEachDatabase("the README's tour on the demo data, any day of the year", (provider) => {
  // A Monday just after New Year, a public holiday in spring, a Saturday in August.
  for (const day of ["2027-01-04", "2027-05-06", "2026-08-15"]) {
    it(`works on ${day}`, async () => {
      const db = await freshDatabase(provider);
      const app = await testApp(db.url, fixedClock(new Date(`${day}T09:00:00Z`)));
      try {
        expect(await app.services.demo.ensure({ locale: "fr", timezone: "Europe/Paris" })).toBe(true);
        // A territory created today missed no run: nothing is caught up before the welcome.
        expect(await app.scheduler.catchUp()).toEqual([]);
        const lines = tourLines(Number(day.slice(0, 4)));
        expect(lines.length).toBeGreaterThan(10);
        for (const line of lines) {
          const reply = await run(app, demo, line);
          expect(reply.tone, `${line}\n${cardText(reply)}`).not.toBe("error");
        }
        // Fresh demo: one overdue item at most, and every échéance on a working day.
        const overdue = await app.database.prisma.echeance.count({
          where: { doneAt: null, cancelledAt: null, dueDate: { lt: day }, mesure: { status: "active" } },
        });
        expect(overdue).toBeLessThanOrEqual(1);
      } finally {
        await app.close();
        await db.drop();
      }
    });
  }
});

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";

/** Runs the real entry point (`npm start`'s command) with lines on stdin, as a script would. */
function startBot(
  url: string,
  lines: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, DATABASE_URL: url, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.join("\n") + "\n");
  });
}

describe("console channel (npm start with no platform tokens)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase("sqlite");
  });
  afterAll(async () => db?.drop());

  it("seeds the demo territory and answers /aide, /mesures and bad input in French", async () => {
    const { code, stdout } = await startBot(db.url, [
      "/aide",
      "/mesures",
      "/mesures inconnu",
      "",
      "\u0001\u001b[A",
      "bonjour",
      "/config quota dalo 2026 -3",
      "/config quota dalo 2026 1",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Territoire de démonstration (fictif)");
    expect(stdout).toContain("/config quota <dispositif> <annee> <nombre>");
    expect(stdout).toMatch(/IML DALO \(dalo\) — \d{4} : 5 approuvées · 2 en cours · 3 restantes/);
    expect(stdout).toMatch(
      /IML Sortie de structures \(sortie-structures\) — \d{4} : 10 approuvées · 3 en cours · 7 restantes/,
    );
    expect(stdout).toContain("Le dispositif « inconnu » n'existe pas");
    expect(stdout).toContain("Les commandes commencent par « / »");
    expect(stdout).toContain("« -3 » ne convient pas pour « nombre » : attendu un nombre entier entre 0 et 10000");
    expect(stdout).toContain("2 mesures sont en cours");
  });

  it("creates the database and its folder on a fresh machine", async () => {
    const nested = `${db.url.replace(/test\.db$/, "")}fresh/sub/bot.db`;
    const { code, stdout } = await startBot(nested, ["/mesures"]);
    expect(code).toBe(0);
    expect(stdout).toContain("10 approuvées");
  });

  it("keeps its data across restarts and speaks English when the territory's language is English", async () => {
    const { code, stdout } = await startBot(db.url, [
      "/config langue en",
      "/mesures",
      "/mesures inconnu",
      "/config quota dalo 2026 abc",
      "/config langue fr",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Territory language: English.");
    expect(stdout).toMatch(/5 approved · 2 running · 3 remaining/);
    expect(stdout).toContain('There is no dispositif "inconnu"');
    expect(stdout).toContain('"abc" does not fit "nombre": expected a whole number between 0 and 10000');
    // Seeded once: a second start did not add demo mesures.
    expect(stdout).not.toContain("4 running");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET as SECRET, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";

/** The reply's Block Kit as plain text, with French number spaces made plain. */
function replyText(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []).replace(/[\u202f\u00a0]/g, " ");
}

describe("Sécurisation through Slack: a finance lead's claim from draft to last payment", () => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";

  async function command(user: string, line: string): Promise<string> {
    const [name = "", ...rest] = line.split(" ");
    const url = `${slack.url}/respond/${Math.random().toString(36).slice(2)}`;
    const result = await postToBot(
      bot,
      SECRET,
      slashCommand({ command: name, text: rest.join(" "), user, responseUrl: url }),
    );
    expect(result.status).toBe(200);
    return replyText((await eventually(() => slack.responses.find((r) => url.endsWith(r.path)))).body);
  }

  beforeAll(async () => {
    await slack.start();
    slack.users = {
      UADMIN: { is_admin: true, locale: "fr-FR", real_name: "Admin" },
      UFIN: { locale: "fr-FR", real_name: "Trésorière" },
      UFINEN: { locale: "en-US", real_name: "Treasurer" },
    };
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-11-10T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
    const admin = identity({ platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" });
    for (const line of ["/config role user:UFIN finance", "/config role user:UFINEN finance"])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("saves a draft, submits it, accepts part of it and records two payments to the cent", async () => {
    expect(await command("UFIN", "/securisation brouillon remise_en_etat logement:L-4")).toContain(
      "Brouillon SEC-2026-001 enregistré",
    );
    expect(await command("UFIN", "/securisation soumettre SEC-2026-001")).toContain("« montant » est nécessaire");
    await command(
      "UFIN",
      '/securisation completer SEC-2026-001 "1 234,56" exceptionnel:oui justification:"Porte palière enfoncée"',
    );
    expect(await command("UFIN", "/securisation soumettre SEC-2026-001")).toContain("soumise");
    await command("UFIN", "/securisation instruire SEC-2026-001");
    expect(await command("UFIN", "/securisation accepter SEC-2026-001 1234,57")).toContain(
      "ne peut pas dépasser le montant demandé (1 234,56 €)",
    );
    await command("UFIN", '/securisation accepter SEC-2026-001 "1 000,10"');
    const partial = await command("UFIN", "/securisation payer SEC-2026-001 600,05 VIR-77");
    expect(partial).toContain("partiellement payée");
    expect(partial).toContain("400,05 €");
    expect(await command("UFIN", "/securisation payer SEC-2026-001 400,06 VIR-78")).toContain(
      "dépasse ce qui reste dû sur SEC-2026-001 : 400,05 €",
    );
    expect(await command("UFIN", "/securisation payer SEC-2026-001 400,05 VIR-78")).toContain("payée");
    // An English-speaking member reads the same amounts, written the French way.
    const english = await command("UFINEN", "/securisation bilan 2026");
    expect(english).toContain("claimed 1 234,56 € · accepted 1 000,10 € · paid 1 000,10 €");
    const stored = await app.database.prisma.claimPayment.findMany({ orderBy: { createdAt: "asc" } });
    expect(stored.map((p) => [p.amountCents, p.reference])).toEqual([
      [60_005, "VIR-77"],
      [40_005, "VIR-78"],
    ]);
  });
});

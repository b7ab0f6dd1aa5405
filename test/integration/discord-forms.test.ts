import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { digestCards } from "../../src/cards/digest.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { Dispatcher } from "../../src/core/dispatcher.ts";
import type { Reminder } from "../../src/domain/reminders.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { discordReminderPort } from "../../src/platforms/discord/discord-port.ts";
import { applicationCommands } from "../../src/platforms/discord/registration.ts";
import { testApp } from "../support/app.ts";
import { setUp, startDiscordBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { FakeDiscord } from "../support/fake-discord.ts";
import { eventually } from "../support/fake-slack.ts";

type Input = { type: number; label?: string; description?: string; component?: Record<string, unknown> };
type Callback = {
  type: number;
  data: {
    custom_id?: string;
    components?: Input[] & { components?: { custom_id: string }[] }[];
    embeds?: unknown[];
    choices?: { name: string; value: string }[];
  };
};
const text = (value: unknown) => JSON.stringify(value ?? null);
const sub = (name: string, options: { name: string; type: number; value: unknown }[]) => [{ type: 1, name, options }];
/** A modal submit as Discord sends it for inputs inside labels. */
const submitted = (values: Record<string, string>) =>
  Object.entries(values).map(([custom_id, value]) => ({ type: 18, component: { type: 4, custom_id, value } }));

describe("Discord forms, digests and completion as Discord enforces them", () => {
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;
  let slow = false;
  const ccas = { user: "UCCAS", name: "Hélène Martin", roles: ["1001"] };
  const siao = { user: "USIAO", name: "Commission SIAO", roles: ["1002"] };

  async function callback(id: string): Promise<Callback> {
    return (await eventually(() => discord.callbackFor(id))).body as Callback;
  }

  beforeAll(async () => {
    await discord.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    // The same dispatcher, made slower than Discord's 3 seconds on demand.
    const dispatcher: Dispatcher = Object.create(app.dispatcher);
    dispatcher.run = async (prepared) => {
      if (slow) await new Promise((r) => setTimeout(r, 3300));
      return app.dispatcher.run(prepared);
    };
    adapter = await startDiscordBot(app, discord.url, dispatcher);
    await setUp(app, { platform: "discord", territoryExternalId: "G1", userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 2",
      "/config role <@&1001> ccas",
      "/config role <@&1001> comite",
      "/config role <@&1001> finance",
      "/config role <@&1002> siao",
      "/config canal siao C-SIAO",
      "/config canal comite C-GEN",
      '/config bailleur ajouter "Bailleur Fictif" public',
    ]);
    const member = { platform: "discord" as const, territoryExternalId: "G1", userExternalId: "UCCAS2" };
    await setUp(app, { ...member, platformAdmin: false, groupIds: ["1001"] }, [
      "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Prête à sortir.",
    ]);
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await discord.stop();
  });

  it("posts a digest naming one record twice without a duplicated custom id", async () => {
    const reminder = (kind: Reminder["kind"], echeance: string): Reminder => ({
      key: `${kind}:M-2026-001`,
      kind,
      purpose: "ccas",
      subjectRef: "M-2026-001",
      dueDate: "2026-03-10",
      label: { ref: "M-2026-001", household: "M-2026-001", echeance },
      mentions: [],
      open: { command: "mesure.voir", args: { ref: "M-2026-001" } },
    });
    const t = app.i18n.translator("fr");
    const [digest] = digestCards(
      [reminder("bilan_soon", "bilan_6"), reminder("suivi_due", "suivi")],
      "ccas",
      "#r1",
      t,
      "fr",
    );
    const posted = await discordReminderPort(adapter.client, t).post("C-GEN", digest!);
    expect(posted.messageId).toMatch(/^\d+$/);
    expect(discord.rejected).toEqual([]);
    const body = discord.calls.find((c) => c.method === "POST" && c.path === "/channels/C-GEN/messages")!.body;
    expect(text(body).match(/mesure\.voir/g)).toHaveLength(1);
  });

  it("defers a modal submit whose work passes Discord's 3 seconds, then edits the answer in", async () => {
    const opened = await callback(
      discord.interact(
        2,
        {
          id: "c1",
          name: "situation",
          type: 1,
          options: sub("ajouter", [
            { name: "menage", type: 3, value: "nouveau" },
            { name: "bailleur", type: 3, value: "Bailleur Fictif" },
            { name: "categorie", type: 3, value: "impayes" },
            { name: "urgence", type: 3, value: "haute" },
          ]),
        },
        ccas,
      ),
    );
    expect(opened.type).toBe(9);
    // The label is the option's name; the privacy warning is kept, whole, beneath it.
    const [input] = opened.data.components as Input[];
    expect(input).toMatchObject({ type: 18, label: "Résumé" });
    expect(input!.description).toBe(app.i18n.translator("fr")("commands:situation.ajouter.options.resume"));
    expect(input!.description).toContain("pas de nom");
    slow = true;
    const id = discord.interact(
      5,
      { custom_id: opened.data.custom_id, components: submitted({ resume: "Impayés depuis trois mois." }) },
      ccas,
    );
    try {
      expect((await callback(id)).type).toBe(5);
      const edit = await eventually(
        () =>
          discord.calls.find(
            (c) => c.method === "PATCH" && decodeURIComponent(c.path).endsWith(`token-${id}/messages/@original`),
          ),
        8000,
      );
      expect(text(edit.body)).toContain("S-2026-001");
    } finally {
      slow = false;
    }
    expect(discord.rejected).toEqual([]);
  });

  it("leaves an optional field optional when it is alone in a modal", async () => {
    const opened = await callback(
      discord.interact(
        2,
        {
          id: "c2",
          name: "securisation",
          type: 1,
          options: sub("declarer", [
            { name: "categorie", type: 3, value: "vacance" },
            { name: "montant", type: 3, value: "1200" },
            { name: "du", type: 3, value: "2026-01-01" },
            { name: "logement", type: 3, value: "L-12" },
          ]),
        },
        ccas,
      ),
    );
    const inputs = opened.data.components as Input[];
    expect(inputs.map((i) => i.component?.custom_id)).toEqual(["justification"]);
    expect(inputs[0]!.component!.required).toBe(false);
    const done = await callback(
      discord.interact(5, { custom_id: opened.data.custom_id, components: submitted({ justification: "" }) }, ccas),
    );
    expect(done.data.embeds?.length).toBe(1);
    expect(text(done.data.embeds)).not.toContain("Impossible");
    expect(await app.database.prisma.securisationClaim.count()).toBe(1);
  });

  it("asks a refusal's reason as a required field, and reopens the form when it is blank", async () => {
    const opened = await callback(
      discord.button("b|candidature.decider|ref=C-2026-001&decision=refusee|motif", { ...siao, channel: "C-SIAO" }),
    );
    expect(opened.type).toBe(9);
    const inputs = opened.data.components as Input[];
    expect(inputs[0]).toMatchObject({ label: "Motif", component: { custom_id: "motif", required: true } });
    const blank = await callback(
      discord.interact(5, { custom_id: opened.data.custom_id, components: submitted({ motif: "   " }) }, siao),
    );
    expect(text(blank.data.embeds)).toContain("Un refus demande un motif");
    expect(text(blank.data.components)).toContain(opened.data.custom_id!.replace(/^f\|/, "r|"));
    expect((await app.database.prisma.candidature.findFirstOrThrow()).status).toBe("soumise");
  });

  it("finds an action's owner by part of their name, accents and case aside", async () => {
    await callback(discord.interact(2, { id: "c3", name: "mesures", type: 1, options: [] }, ccas));
    const id = discord.interact(
      4,
      {
        id: "c4",
        name: "action",
        type: 1,
        options: [
          {
            type: 1,
            name: "reassigner",
            options: [
              { type: 4, name: "numero", value: 1 },
              { type: 3, name: "responsable", value: "helene", focused: true },
            ],
          },
        ],
      },
      ccas,
    );
    const reply = await callback(id);
    expect(reply.type).toBe(8);
    expect(reply.data.choices).toEqual([{ name: "Hélène Martin", value: "UCCAS" }]);
  });

  it("publishes option names and choices in French and English", () => {
    const wanted = applicationCommands(app.registry, app.i18n);
    const deposer = wanted.find((c) => c.name === "candidature")!.options.find((o) => o.name === "deposer")!;
    const menage = deposer.options!.find((o) => o.name === "menage")!;
    expect(menage.name_localizations).toEqual({ "en-US": "household", "en-GB": "household" });
    const publicChoice = deposer.options!.find((o) => o.name === "public")!.choices!;
    expect(publicChoice.find((c) => c.value === "femme_victime_violences")).toEqual({
      name: "femme victime de violences",
      name_localizations: { "en-US": "woman victim of violence", "en-GB": "woman victim of violence" },
      value: "femme_victime_violences",
    });
    // Within a command, no two options may share a name in any language.
    const all = wanted.flatMap((c) => [c, ...c.options.filter((o) => o.type === 1)]);
    for (const command of all) {
      const options = (command.options ?? []).filter((o) => o.type !== 1);
      for (const locale of ["en-US", "fr"]) {
        const names = options.map((o) => (locale === "fr" ? o.name : (o.name_localizations?.[locale] ?? o.name)));
        expect(new Set(names).size, `${command.name} ${locale}`).toBe(names.length);
        for (const name of names) expect(name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import { COMPOSITIONS } from "../../src/domain/vocabulary.ts";
import { applicationCommands, publishCommands } from "../../src/platforms/discord/registration.ts";
import { identity, run, testApp } from "../support/app.ts";
import { startDiscordBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { ADMINISTRATOR, FakeDiscord, type RestCall } from "../support/fake-discord.ts";
import { eventually } from "../support/fake-slack.ts";
import { REST } from "discord.js";

type Callback = {
  type: number;
  data: {
    embeds?: { title: string; description?: string; fields?: { name: string; value: string }[] }[];
    components?: { components: { custom_id: string; label?: string }[] }[];
    flags?: number;
    custom_id?: string;
  };
};
const text = (value: unknown) => JSON.stringify(value ?? null);

describe("Discord: the real discord.js client against a gateway and REST stand-in", () => {
  const discord = new FakeDiscord();
  let db: TestDatabase;
  let app: App;
  let adapter: DiscordAdapter;
  const ccas = { user: "UCCAS", roles: ["1001"] };
  const siao = { user: "USIAO", roles: ["1002"] };

  async function callback(id: string): Promise<Callback> {
    const call = await eventually(() => discord.callbackFor(id));
    return call.body as Callback;
  }

  const sub = (name: string, options: { name: string; type: number; value: unknown }[]) => [{ type: 1, name, options }];
  /** /candidature deposer's slash options, as Discord sends them (the note comes by modal). */
  const deposer = (hebergement: string, ressources: string, budget: boolean, composition: string) =>
    sub("deposer", [
      { name: "menage", type: 3, value: "nouveau" },
      { name: "dispositif", type: 3, value: "dalo" },
      { name: "public", type: 3, value: "famille" },
      { name: "hebergement", type: 3, value: hebergement },
      { name: "ressources", type: 3, value: ressources },
      { name: "budget", type: 5, value: budget },
      { name: "composition", type: 3, value: composition },
    ]);

  beforeAll(async () => {
    await discord.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    adapter = await startDiscordBot(app, discord.url);
    const admin = identity({ platform: "discord", territoryExternalId: "G1", userExternalId: "UADMIN" });
    for (const line of [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 2",
      "/config role <@&1001> ccas",
      "/config role <@&1002> siao",
      "/config canal siao C-SIAO",
    ]) {
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    }
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await discord.stop();
  });

  it("publishes typed slash commands once, and only changes what changed", async () => {
    const rest = new REST({ api: discord.url }).setToken("fake-token");
    const wanted = applicationCommands(app.registry, app.i18n);
    const first = await publishCommands(rest, "APP", "G1", wanted);
    expect(first.added).toEqual(app.registry.modules.map((m) => m.name));
    const second = await publishCommands(rest, "APP", "G1", wanted);
    expect(second).toEqual({ added: [], changed: [], removed: [] });
    expect(discord.calls.filter((c) => c.method === "PUT")).toHaveLength(1);
    const candidature = wanted.find((c) => c.name === "candidature")!;
    const deposer = candidature.options.find((o) => o.name === "deposer")!;
    expect(deposer.options!.map((o) => o.name)).toEqual([
      "menage",
      "dispositif",
      "public",
      "hebergement",
      "ressources",
      "budget",
      "composition",
    ]);
    expect(deposer.options!.find((o) => o.name === "public")!.choices!.map((c) => c.value)).toContain(
      "femme_victime_violences",
    );
    // The composition is a closed list: Discord offers its choices, a member cannot type a text.
    expect(deposer.options!.find((o) => o.name === "composition")!.choices).toEqual(
      COMPOSITIONS.map((value) => expect.objectContaining({ value })),
    );
    expect(deposer.options!.find((o) => o.name === "budget")!.type).toBe(5);
    // Several values of a list: Discord has no multi-choice option, so they are typed, comma-separated.
    const enregistrer = wanted.find((c) => c.name === "bilan")!.options.find((o) => o.name === "enregistrer")!;
    expect(enregistrer.options!.find((o) => o.name === "freins")).toMatchObject({ type: 3, required: false });
    expect(deposer.options!.find((o) => o.name === "menage")!.autocomplete).toBe(true);
    const quota = wanted.find((c) => c.name === "config")!.options.find((o) => o.name === "quota")!;
    expect(quota.options!.find((o) => o.name === "nombre")).toMatchObject({
      type: 4,
      min_value: 0,
      max_value: 10000,
      required: true,
    });
    expect(candidature.description_localizations["en-US"]).toContain("Candidatures for");
    expect(candidature.name_localizations).toEqual({ "en-US": "application", "en-GB": "application" });
    expect(deposer.name_localizations).toEqual({ "en-US": "submit", "en-GB": "submit" });
    for (const command of wanted)
      for (const name of [command.name, ...Object.values(command.name_localizations)])
        expect(name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
    const bilan = wanted.find((c) => c.name === "bilan")!.options.find((o) => o.name === "enregistrer")!;
    const required = bilan.options!.map((o) => Boolean(o.required));
    expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
  });

  it("answers a command privately, in the interaction's language", async () => {
    const fr = await callback(discord.interact(2, { id: "c1", name: "mesures", type: 1, options: [] }, ccas));
    expect(fr.type).toBe(4);
    expect(fr.data.flags).toBe(64);
    expect(text(fr.data.embeds)).toContain("2 approuvées · 0 en cours · 2 restantes");
    const en = await callback(
      discord.interact(2, { id: "c1", name: "mesures", type: 1, options: [] }, { ...ccas, locale: "en-US" }),
    );
    expect(text(en.data.embeds)).toContain("2 approved · 0 running · 2 remaining");
    const invalid = await callback(
      discord.interact(
        2,
        {
          id: "c2",
          name: "config",
          type: 1,
          options: sub("quota", [
            { name: "dispositif", type: 3, value: "dalo" },
            { name: "annee", type: 4, value: 2026 },
            { name: "nombre", type: 4, value: 1 },
          ]),
        },
        ccas,
      ),
    );
    expect(text(invalid.data.embeds)).toContain("rôle nécessaire");
    const admin = await callback(
      discord.interact(
        2,
        { id: "c2", name: "config", type: 1, options: sub("voir", []) },
        { user: "UOTHER", permissions: ADMINISTRATOR },
      ),
    );
    expect(text(admin.data.embeds)).toContain("C-SIAO");
  });

  let cardMessage: RestCall | undefined;

  it("asks long texts in a modal, then posts the candidature card in the SIAO channel", async () => {
    const options = deposer("chrs", "minima_sociaux", true, "personne_seule");
    const modal = await callback(discord.interact(2, { id: "c3", name: "candidature", type: 1, options }, ccas));
    expect(modal.type).toBe(9);
    expect(text(modal.data.components)).toContain('"custom_id":"note"');
    const formId = modal.data.custom_id!;
    const empty = await callback(
      discord.interact(
        5,
        { custom_id: formId, components: [{ type: 1, components: [{ type: 4, custom_id: "note", value: "   " }] }] },
        ccas,
      ),
    );
    expect(text(empty.data.embeds)).toContain("Il manque « note »");
    expect(empty.data.components![0]!.components[0]!.custom_id).toBe(formId.replace(/^f\|/, "r|"));
    const done = await callback(
      discord.interact(
        5,
        {
          custom_id: formId,
          components: [{ type: 1, components: [{ type: 4, custom_id: "note", value: "Prête à sortir." }] }],
        },
        ccas,
      ),
    );
    expect(text(done.data.embeds)).toContain("C-2026-001 déposée");
    cardMessage = await eventually(() =>
      discord.calls.find((c) => c.method === "POST" && c.path === "/channels/C-SIAO/messages"),
    );
    expect(text(cardMessage.body)).toContain("b|candidature.decider|ref=C-2026-001&decision=validee|");
    expect(text(cardMessage.body)).not.toContain("Prête");
    const replay = await callback(
      discord.interact(
        5,
        { custom_id: formId, components: [{ type: 1, components: [{ type: 4, custom_id: "note", value: "Encore" }] }] },
        ccas,
      ),
    );
    expect(text(replay.data.embeds)).toContain("formulaire a expiré");
    expect(await app.database.prisma.candidature.count()).toBe(1);
  });

  it("authorizes a button by role and edits the card from the database", async () => {
    const validate = "b|candidature.decider|ref=C-2026-001&decision=validee|";
    const stored = await app.database.prisma.candidature.findFirstOrThrow();
    const refused = await callback(discord.button(validate, { ...ccas, channel: "C-SIAO" }, stored.messageId!));
    expect(refused.data.flags).toBe(64);
    expect(text(refused.data.embeds)).toContain("rôle nécessaire");
    expect(
      discord.calls.filter((c) => c.method === "PATCH" && c.path.startsWith("/channels/C-SIAO/messages/")),
    ).toHaveLength(0);
    const accepted = await callback(discord.button(validate, { ...siao, channel: "C-SIAO" }, stored.messageId!));
    expect(text(accepted.data.embeds)).toContain("validée");
    const edit = await eventually(() =>
      discord.calls.find((c) => c.method === "PATCH" && c.path === `/channels/C-SIAO/messages/${stored.messageId}`),
    );
    expect(text(edit.body)).toContain("validée");
    expect(text(edit.body)).not.toContain("decision=refusee");
  });

  it("refuses forged custom ids and asks a reason before refusing", async () => {
    for (const forged of [
      "b|inexistante.action||",
      "nonsense",
      "b|candidature.decider|ref=C-2026-001&decision=validee",
      "r|zz",
    ]) {
      const reply = await callback(discord.button(forged, siao));
      expect(text(reply.data.embeds), forged).toMatch(/plus valide|expiré/);
    }
    const modal = await callback(discord.button("b|candidature.decider|ref=C-2026-001&decision=refusee|motif", siao));
    expect(modal.type).toBe(9);
    expect(text(modal.data.components)).toContain('"custom_id":"motif"');
  });

  it("completes references of the member's territory only", async () => {
    const id = discord.interact(
      4,
      {
        id: "c4",
        name: "candidature",
        type: 1,
        options: [{ type: 1, name: "voir", options: [{ type: 3, name: "ref", value: "C-20", focused: true }] }],
      },
      siao,
    );
    const reply = (await callback(id)) as unknown as { type: number; data: { choices: { value: string }[] } };
    expect(reply.type).toBe(8);
    expect(reply.data.choices.map((c) => c.value)).toEqual(["C-2026-001"]);
    const junk = discord.interact(
      4,
      {
        id: "c4",
        name: "candidature",
        type: 1,
        options: [
          { type: 1, name: "voir", options: [{ type: 3, name: "ref", value: "'; drop table--", focused: true }] },
        ],
      },
      siao,
    );
    expect(((await callback(junk)) as unknown as { data: { choices: unknown[] } }).data.choices).toEqual([]);
  });

  it("attaches report files to the reply, seen by the asker only", async () => {
    const id = discord.interact(
      2,
      { id: "c5", name: "rapport", type: 1, options: sub("activite", [{ name: "annee", type: 4, value: 2026 }]) },
      ccas,
    );
    // The reply, direct or edited after a deferral, is multipart: the JSON payload and the files.
    const call = await eventually(
      () =>
        discord.calls.find(
          (c) =>
            typeof c.body === "string" && (c.path.startsWith(`/interactions/${id}/`) || c.path.includes(`token-${id}`)),
        ),
      20_000,
    );
    expect(typeof call.body).toBe("string");
    const body = String(call.body);
    for (const name of ["-quota-DALO\\.png", "-issues-DALO\\.png", "\\.csv", "\\.xlsx", "\\.pdf"])
      expect(body).toMatch(new RegExp(`filename="rapport-activite-2026[^"]*${name}"`));
    expect(body).toContain("%PDF-");
    const callback = discord.callbackFor(id);
    // Ephemeral: the flag 64 on the reply, or on the deferral the files follow.
    expect(JSON.stringify(callback?.body)).toMatch(/\\?"flags\\?":64/);
  });

  it("waits out a 429 from REST and posts once it is allowed", async () => {
    discord.rateLimit("/channels/C-SIAO/messages", 1);
    const before = discord.calls.filter((c) => c.method === "POST" && c.path === "/channels/C-SIAO/messages").length;
    const options = deposer("alt", "sans_ressources", false, "couple_sans_enfant");
    const modal = await callback(discord.interact(2, { id: "c3", name: "candidature", type: 1, options }, ccas));
    const done = await callback(
      discord.interact(
        5,
        {
          custom_id: modal.data.custom_id!,
          components: [{ type: 1, components: [{ type: 4, custom_id: "note", value: "Dossier complet." }] }],
        },
        ccas,
      ),
    );
    expect(text(done)).toContain("C-2026-002");
    expect(discord.calls.filter((c) => c.method === "POST" && c.path === "/channels/C-SIAO/messages").length).toBe(
      before + 2,
    );
    const stored = await app.database.prisma.candidature.findFirstOrThrow({ where: { reference: "C-2026-002" } });
    expect(stored.messageId).toMatch(/^\d+$/);
  });
});

import { createDecipheriv, createHash } from "node:crypto";
import type { MatrixEvent } from "matrix-js-sdk";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixDeps, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { onWorkingDay } from "../../src/domain/holidays.ts";
import { startMatrixAdapter, type MatrixAdapter } from "../../src/platforms/matrix/matrix-app.ts";
import { testApp } from "../support/app.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { parisEight } from "../support/reminders.ts";
import { matrixSkip } from "../support/skip-reasons.ts";
import {
  bodyOf,
  editedBody,
  findHomeserver,
  isEditOf,
  registerAccount,
  TestMember,
  until,
  type TestHomeserver,
} from "../support/matrix.ts";

interface EncryptedFile {
  url: string;
  key: { k: string };
  iv: string;
  hashes: { sha256: string };
}

/**
 * The bot on a real Synapse (scripts/synapse/setup.sh), in an end-to-end encrypted room, driven
 * by two members on matrix-js-sdk with Rust crypto. One database is enough here (the database
 * behaviour is covered elsewhere): the suite runs in the SQLite pass.
 */
const skip = matrixSkip();
const found =
  process.env.TEST_DATABASES === "postgresql"
    ? "runs in the SQLite pass"
    : skip.skipped
      ? skip.line
      : await findHomeserver();
const suite = typeof found === "string" ? describe.skip : describe;

suite(`Matrix bot on Synapse${typeof found === "string" ? ` (skipped: ${found})` : ""}`, () => {
  const hs = found as TestHomeserver;
  const today = new Date();
  const year = today.getFullYear();
  const clock = fixedClock(today);
  let db: TestDatabase;
  let app: App;
  let bot: MatrixAdapter;
  let alice: TestMember;
  let bob: TestMember;
  let room: string;
  let botDevice: string | null = null;
  let botId = "";
  let aliceId = "";
  let bobId = "";
  // Each run is a new territory: the homeserver may keep rooms and accounts from earlier runs.
  const territoryName = `Finistère ${Date.now()}`;

  const start = async () => {
    bot = await startMatrixAdapter(
      {
        homeserverUrl: hs.url,
        userId: botId,
        password: hs.password,
        territories: [{ name: territoryName, rooms: [room] }],
        requestIntervalMs: 0,
        locale: "fr",
        lateKeysMs: 2000,
      },
      matrixDeps(app, pino({ level: process.env.MATRIX_TEST_LOG ?? "silent" })),
    );
    app.reminderPorts.matrix = (t) => bot.reminderPort(t);
    botDevice = bot.client.getDeviceId();
  };

  /** The bot's answer in a member's direct room with it (private), after `since` ms. */
  const privateAnswer = (
    member: TestMember,
    what: string,
    test: (body: string) => boolean,
    since: number,
    also: (e: MatrixEvent) => boolean = () => true,
    timeoutMs?: number,
  ) =>
    member.waitFor(
      what,
      (e) => {
        const roomId = e.getRoomId() ?? "";
        return (
          roomId !== room &&
          e.getSender() === botId &&
          e.getTs() >= since &&
          e.getType() === "m.room.message" &&
          test(bodyOf(e)) &&
          also(e)
        );
      },
      timeoutMs ? { timeoutMs } : {},
    );

  const roomMessage = (member: TestMember, what: string, test: (e: MatrixEvent) => boolean, timeoutMs?: number) =>
    member.waitFor(what, (e) => e.getSender() === botId && e.getType() === "m.room.message" && test(e), {
      roomId: room,
      ...(timeoutMs ? { timeoutMs } : {}),
    });

  /** Says a command and waits for its private answer. */
  const ask = async (member: TestMember, line: string, expected: RegExp, threadRoot?: string) => {
    const since = Date.now() - 1000;
    // Only an answer that was not there yet: the previous command's answer may match too.
    const earlier = new Set(member.botEvents(botId).map((e) => e.getId()));
    await member.say(room, line, threadRoot);
    const isNew = (e: MatrixEvent) => !earlier.has(e.getId());
    return bodyOf(await privateAnswer(member, `answer to ${line}`, (b) => expected.test(b), since, isNew));
  };

  /** A candidature deposited by alice, and its card in the SIAO room. */
  const deposit = async (note: string) => {
    const answer = await ask(
      alice,
      `!candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant ${note}`,
      /déposée/,
    );
    const ref = /C-\d{4}-\d{3}/.exec(answer)?.[0] ?? "";
    expect(ref).not.toBe("");
    return { reference: ref, card: await roomMessage(alice, `the card of ${ref}`, (e) => bodyOf(e).includes(ref)) };
  };

  /** Bob reacts with a choice that needs a reason; the reason is asked in the card's thread. */
  const reasonAsked = async (card: MatrixEvent, key: string) => {
    const since = Date.now() - 1000;
    await bob.react(room, card.getId() ?? "", key);
    return roomMessage(alice, "the reason asked in the thread", (e) => {
      const relation = e.getContent()["m.relates_to"] as { event_id?: string } | undefined;
      return e.getTs() >= since && relation?.event_id === card.getId() && /motif/i.test(bodyOf(e));
    });
  };

  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, clock);
    // Accounts of this run only: another run on the same homeserver (a second checkout, CI) must
    // not remove this bot's device nor answer in its rooms.
    const run = Date.now().toString(36);
    botId = await registerAccount(hs.url, `bot-${run}`, hs.password);
    aliceId = await registerAccount(hs.url, `alice-${run}`, hs.password);
    bobId = await registerAccount(hs.url, `bob-${run}`, hs.password);
    alice = await TestMember.login(hs.url, aliceId, hs.password);
    bob = await TestMember.login(hs.url, bobId, hs.password);
    room = await alice.createEncryptedRoom(`SIAO ${Date.now()}`, [bobId, botId]);
    await until(() => bob.client.getRoom(room)?.getMyMembership() === "join", "bob joined");
    await start();
    await until(() => alice.client.getRoom(room)?.getMember(botId)?.membership === "join", "bot joined");
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await alice?.stop();
    await bob?.stop();
    await app?.close();
    await db?.drop();
  });

  it("is configured by the room's admin with !config, answers privately in an encrypted direct room", async () => {
    expect(await ask(alice, "!config canal siao", /SIAO/i)).toContain(room);
    await ask(alice, "!config dispositif dalo DALO", /dalo/i);
    await ask(alice, `!config quota dalo ${year} 5`, /5/);
    await ask(alice, `!config role ${aliceId} ccas`, new RegExp(aliceId));
    const dm = alice.client.getRooms().find((r) => r.roomId !== room && r.getMember(botId)?.membership === "join");
    expect(dm?.hasEncryptionStateEvent()).toBe(true);
  });

  let card: MatrixEvent;
  let reference: string;

  it("posts a deposited candidature as a card with choices in the SIAO room", async () => {
    const answer = await ask(
      alice,
      "!candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Relogement prêt.",
      /déposée/,
    );
    reference = /C-\d{4}-\d{3}/.exec(answer)?.[0] ?? "";
    expect(reference).not.toBe("");
    card = await roomMessage(alice, "the candidature card", (e) => bodyOf(e).includes(reference));
    expect(bodyOf(card)).toMatch(/1️⃣ !1 — Valider/);
    expect(card.getContent().msgtype).toBe("m.notice");
    expect(String(card.getContent().formatted_body)).toContain("<strong>");
    // The note is personal: it never reaches the room.
    expect(bodyOf(card)).not.toContain("Relogement prêt");
  });

  it("refuses a decision from a member without the SIAO role, and records it", async () => {
    const refusal = await ask(bob, "!1", /rôle nécessaire/, card.getId());
    expect(refusal).toContain("!candidature decider");
    const refused = await app.database.prisma.auditEvent.count({ where: { action: { contains: "refus" } } });
    expect(refused).toBeGreaterThan(0);
    expect(alice.botEvents(botId, room).some((e) => isEditOf(e, card.getId() ?? ""))).toBe(false);
  });

  it("takes the SIAO decision from a thread reply and edits the card to show it", async () => {
    await ask(alice, `!config role ${bobId} siao`, new RegExp(bobId));
    expect(await ask(bob, "!1", /validée/, card.getId())).toContain(reference);
    const edit = await roomMessage(alice, "the card edited", (e) => isEditOf(e, card.getId() ?? ""));
    expect(editedBody(edit)).toMatch(/validée/i);
    // The decided card offers no decision any more.
    expect(editedBody(edit)).not.toContain("Valider");
  });

  // The reaction may reach the bot before the homeserver's answer to the card's send: the choice
  // waits for the card to be remembered rather than being dropped.
  it("refuses with a reason asked in the thread after a reaction", async () => {
    const { reference: second, card: secondCard } = await deposit("Note.");
    const question = await reasonAsked(secondCard, "2️⃣");
    expect(bodyOf(question)).toMatch(/!annuler/);
    expect(await ask(bob, "Logement trop éloigné du lieu de travail", /refusée/, secondCard.getId())).toContain(second);
  });

  it("answers an unknown command and a detail request privately", async () => {
    expect(await ask(alice, "!inconnue", /n'existe pas/)).toContain("!aide");
    // Waits for the detail itself (the deposit's answer, a second earlier, names the reference too).
    const detail = await ask(alice, `!candidature voir ${reference}`, /Relogement prêt/);
    expect(detail).toContain(reference);
  });

  it("leads a form one question at a time in a thread, and drops it on !annuler", async () => {
    const since = Date.now() - 1000;
    const command = await alice.say(room, "!candidature deposer");
    const inThread = (e: MatrixEvent) => {
      const relation = e.getContent()["m.relates_to"] as { rel_type?: string; event_id?: string } | undefined;
      return e.getTs() >= since && relation?.rel_type === "m.thread" && relation.event_id === command;
    };
    const first = await roomMessage(alice, "the form's first question", inThread);
    expect(bodyOf(first)).toMatch(/une par une/);
    // An answer is checked when given: one that does not parse is asked again at once, and is
    // not kept with the form's answers meanwhile.
    const threadQuestions = () =>
      new Set(
        alice
          .botEvents(botId, room)
          .filter(inThread)
          .map((e) => e.getId()),
      );
    const beforeRefused = threadQuestions();
    await alice.say(room, "Mme Fatima Benali 06 12 34 56 78", command);
    const again = await roomMessage(
      alice,
      "the first question again",
      (e) => inThread(e) && !beforeRefused.has(e.getId()),
    );
    expect(bodyOf(again)).toMatch(/menage/);
    expect(bodyOf(again)).not.toMatch(/06 12|Benali/);
    const kept = JSON.stringify(await app.database.prisma.matrixGuidedForm.findMany());
    expect(kept).toContain("menage");
    expect(kept).not.toMatch(/06 12|Benali/);
    const asked = alice.botEvents(botId, room).filter(inThread).length;
    const seen = threadQuestions();
    await alice.say(room, "nouveau", command);
    await roomMessage(alice, "the second question", (e) => inThread(e) && !seen.has(e.getId()));
    expect(alice.botEvents(botId, room).filter(inThread).length).toBe(asked + 1);
    await alice.say(room, "!annuler", command);
    const cancelled = await privateAnswer(alice, "the form cancelled", (b) => /abandonné/.test(b), since);
    expect(bodyOf(cancelled)).toMatch(/rien n'a été enregistré/);
    const count = await app.database.prisma.candidature.count();
    // An answer after the cancellation starts nothing. The bot reads a member's messages in
    // order: once the command after it is answered, the answer was read.
    const questions = alice.botEvents(botId, room).filter(inThread).length;
    await alice.say(room, "dalo", command);
    await ask(alice, "!mesures", /mesure/i, command);
    expect(alice.botEvents(botId, room).filter(inThread).length).toBe(questions);
    expect(await app.database.prisma.candidature.count()).toBe(count);
  });

  it("does not run an edited command again, and says so", async () => {
    const since = Date.now() - 1000;
    const original = await alice.say(room, "!mesures");
    await privateAnswer(alice, "the first answer", (b) => /mesure/i.test(b), since);
    await alice.client.sendEvent(
      room,
      "m.room.message" as never,
      {
        msgtype: "m.text",
        body: "* !mesures dalo",
        "m.new_content": { msgtype: "m.text", body: "!mesures dalo" },
        "m.relates_to": { rel_type: "m.replace", event_id: original },
      } as never,
    );
    const notice = await roomMessage(alice, "the edit notice", (e) => e.getTs() >= since && /modifiée/.test(bodyOf(e)));
    expect(bodyOf(notice)).toMatch(/nouveau message/);
  });

  it("posts a reminder digest once, however often the run is repeated", async () => {
    await ask(
      alice,
      "!candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Attente.",
      /déposée/,
    );
    const territory = await app.database.prisma.territory.findFirstOrThrow({ where: { platform: "matrix" } });
    // A week waiting is past the candidature's 7 days, on the first working day from there on:
    // reminders are posted on working days only, and "today" is the day the test runs.
    clock.set(parisEight(onWorkingDay(addDays(today.toISOString().slice(0, 10), 8))));
    await app.scheduler.runNow(territory.id);
    await app.scheduler.runNow(territory.id);
    // Cards carry an outbox marker too: a digest is the marked message titled as reminders.
    const isDigest = (e: MatrixEvent) => /#r-/.test(bodyOf(e)) && /^\S+ Rappels/.test(bodyOf(e));
    await roomMessage(alice, "the digest", isDigest);
    // Both runs are over: a second digest, had one been sent, is in the room before this.
    await alice.barrier(room);
    const digests = alice.botEvents(botId, room).filter(isDigest);
    expect(digests).toHaveLength(1);
    clock.set(today);
  });

  it("asks the sender to re-send a message it cannot decrypt, without reading it", async () => {
    const since = Date.now() - 1000;
    await bob.client.http.authedRequest(
      "PUT" as never,
      `/rooms/${encodeURIComponent(room)}/send/m.room.encrypted/${Date.now()}`,
      undefined,
      {
        algorithm: "m.megolm.v1.aes-sha2",
        ciphertext: "AwgAEnB",
        device_id: "NOPE",
        sender_key: "x",
        session_id: "unknown",
      },
    );
    const notice = await roomMessage(
      alice,
      "the re-send request",
      (e) => e.getTs() >= since && /déchiffrer/.test(bodyOf(e)),
    );
    expect(bodyOf(notice)).toContain(bobId);
  });

  // A whole annual report is drawn (on the report thread), encrypted and uploaded: the slowest
  // step of the suite, given more time than the others on a loaded machine. Without `canal` the
  // report is the asker's alone: its files go to the encrypted direct room, never the SIAO room.
  it("sends a report's files privately, encrypted: the homeserver holds only ciphertext", {
    timeout: 90_000,
  }, async () => {
    const since = Date.now() - 1000;
    await alice.say(room, `!rapport activite ${year}`);
    const isFile = (e: MatrixEvent) => e.getContent().msgtype === "m.file";
    const pdf = await privateAnswer(alice, "the report's PDF", (b) => b.endsWith(".pdf"), since, isFile, 80_000);
    expect(alice.client.getRoom(pdf.getRoomId() ?? "")?.hasEncryptionStateEvent()).toBe(true);
    expect(alice.botEvents(botId, room).some((e) => e.getContent().msgtype === "m.file")).toBe(false);
    const file = pdf.getContent().file as EncryptedFile;
    expect(pdf.getContent().url).toBeUndefined();
    const [, server, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(file.url) ?? [];
    const response = await fetch(`${hs.url}/_matrix/client/v1/media/download/${server}/${mediaId}`, {
      headers: { authorization: `Bearer ${alice.client.getAccessToken()}` },
    });
    const stored = Buffer.from(await response.arrayBuffer());
    expect(stored.subarray(0, 4).toString()).not.toBe("%PDF");
    expect(createHash("sha256").update(stored).digest("base64").replace(/=+$/, "")).toBe(file.hashes.sha256);
    const decipher = createDecipheriv(
      "aes-256-ctr",
      Buffer.from(file.key.k, "base64url"),
      Buffer.from(file.iv, "base64"),
    );
    const plain = Buffer.concat([decipher.update(stored), decipher.final()]);
    expect(plain.subarray(0, 4).toString()).toBe("%PDF");
  });

  let adjourned: { reference: string; card: MatrixEvent };

  it("keeps decrypting after a restart, and continues the choices and forms under way", async () => {
    // Before the restart: a refusal whose reason is being asked, and a card not yet decided.
    const refused = await deposit("Avant le redémarrage.");
    adjourned = await deposit("Carte d'avant le redémarrage.");
    await reasonAsked(refused.card, "2️⃣");
    const before = botDevice;
    await bot.stop();
    await start();
    expect(botDevice).not.toBe(before);
    // Members' clients learn the new device from the homeserver before they encrypt for it.
    await until(async () => {
      const devices = await alice.client.getCrypto()?.getUserDeviceInfo([botId], true);
      return devices?.get(botId)?.has(botDevice ?? "") === true;
    }, "alice sees the bot's new device");
    const list = await ask(alice, "!candidature liste", /Candidatures/);
    for (const ref of [reference, refused.reference, adjourned.reference]) expect(list).toContain(ref);
    // The reason asked before the restart is taken after it.
    expect(await ask(bob, "Ressources insuffisantes", /refusée/, refused.card.getId())).toContain(refused.reference);
    const decided = await app.database.prisma.candidature.findFirstOrThrow({ where: { reference: refused.reference } });
    expect(decided.decisionReason).toBe("Ressources insuffisantes");
    // A card posted before the restart still offers its choices.
    expect(bodyOf(await reasonAsked(adjourned.card, "3️⃣"))).toMatch(/!annuler/);
  }, 90_000);

  it("tells a member whose form expired to start again, rather than staying silent", async () => {
    clock.set(new Date(today.getTime() + 31 * 60_000));
    try {
      const late = await ask(bob, "Dossier à compléter", /expiré/, adjourned.card.getId());
      expect(late).toContain("!candidature decider");
      expect(late).toMatch(/rien n'a été enregistré/);
    } finally {
      clock.set(today);
    }
    const still = await app.database.prisma.candidature.findFirstOrThrow({ where: { reference: adjourned.reference } });
    expect(still.status).toBe("soumise");
  });
});

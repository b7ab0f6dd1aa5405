import { randomBytes } from "node:crypto";
import { encodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/recovery-key.js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixDeps, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { startMatrixAdapter, type MatrixAdapter } from "../../src/platforms/matrix/matrix-app.ts";
import { testApp } from "../support/app.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { findHomeserver, registerAccount, TestMember, until, type TestHomeserver } from "../support/matrix.ts";
import { matrixSkip } from "../support/skip-reasons.ts";

/**
 * MATRIX_RECOVERY_KEY on a real Synapse: the first start sets up the bot's secret storage,
 * cross-signing and key backup; after a restart (a new device: the crypto store is in memory)
 * the new device is cross-signed and the room keys of messages from before come back.
 */
const skip = matrixSkip();
const found =
  process.env.TEST_DATABASES === "postgresql"
    ? "runs in the SQLite pass"
    : skip.skipped
      ? skip.line
      : await findHomeserver();
const suite = typeof found === "string" ? describe.skip : describe;

suite(`Matrix key backup on Synapse${typeof found === "string" ? ` (skipped: ${found})` : ""}`, () => {
  const hs = found as TestHomeserver;
  const recoveryKey = encodeRecoveryKey(randomBytes(32)) ?? "";
  let db: TestDatabase;
  let app: App;
  let bot: MatrixAdapter;
  let botId: string;
  let alice: TestMember;
  let room: string;

  const start = async () => {
    bot = await startMatrixAdapter(
      {
        homeserverUrl: hs.url,
        userId: botId,
        password: hs.password,
        recoveryKey,
        territories: [{ name: `Recovery ${Date.now()}`, rooms: [room] }],
        requestIntervalMs: 0,
        locale: "fr",
      },
      matrixDeps(app, pino({ level: process.env.MATRIX_TEST_LOG ?? "silent" })),
    );
  };

  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date()));
    // A bot account of its own: secret storage set up by an earlier run would have another key.
    const run = Date.now().toString(36);
    botId = await registerAccount(hs.url, `bot-recovery-${run}`, hs.password);
    alice = await TestMember.login(
      hs.url,
      await registerAccount(hs.url, `alice-recovery-${run}`, hs.password),
      hs.password,
    );
    room = await alice.createEncryptedRoom(`Recovery ${Date.now()}`, [botId]);
    await start();
    await until(() => alice.client.getRoom(room)?.getMember(botId)?.membership === "join", "bot joined");
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await alice?.stop();
    await app?.close();
    await db?.drop();
  });

  it("restores the keys of earlier messages and cross-signs the new device after a restart", async () => {
    expect(await bot.restoredKeys).toBe(0);
    const before = await alice.say(room, "Message d'avant le redémarrage");
    // The bot's first device received the room key and backs it up.
    await until(async () => {
      const event = bot.client.getRoom(room)?.findEventById(before);
      return event !== undefined && !event.isDecryptionFailure() && event.getType() === "m.room.message";
    }, "the first device reads the message");
    // The SDK uploads new keys to the backup after a random delay of up to 10 s.
    await until(
      async () => {
        const info = await bot.client.http.authedRequest<{ count?: number }>("GET" as never, "/room_keys/version");
        return (info.count ?? 0) > 0;
      },
      "the room key in the server-side backup",
      30_000,
    );
    await bot.stop();
    await start();
    expect(await bot.restoredKeys).toBeGreaterThan(0);
    const device = bot.client.getDeviceId() ?? "";
    // Seen from a member: the bot's new device carries the signature of its cross-signing key.
    await until(async () => {
      await alice.client.getCrypto()?.getUserDeviceInfo([botId], true);
      const status = await alice.client.getCrypto()?.getDeviceVerificationStatus(botId, device);
      return status?.signedByOwner === true;
    }, "the new device signed by the bot's cross-signing key");
    // The message from before the restart, fetched from the homeserver, decrypts on the new device.
    const raw = await bot.client.fetchRoomEvent(room, before);
    const { MatrixEvent } = await import("matrix-js-sdk");
    const event = new MatrixEvent(raw);
    await bot.client.decryptEventIfNeeded(event);
    expect(event.isDecryptionFailure()).toBe(false);
    expect(event.getContent().body).toBe("Message d'avant le redémarrage");
  }, 90_000);

  // The crypto store is in memory: a restart on the same access token would come back as the same
  // device with new keys, which members' clients refuse, so it could not decrypt. The bot says so
  // at start instead of running deaf.
  it("with only an access token, starts once and refuses a restart on that token, saying what to set", async () => {
    const run = Date.now().toString(36);
    const userId = await registerAccount(hs.url, `bot-token-${run}`, hs.password);
    const response = await fetch(`${hs.url}/_matrix/client/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: userId },
        password: hs.password,
      }),
    });
    const login = (await response.json()) as { access_token: string; device_id: string };
    const tokenRoom = await alice.createEncryptedRoom(`Token ${Date.now()}`, [userId]);
    const settings = {
      homeserverUrl: hs.url,
      userId,
      accessToken: login.access_token,
      territories: [{ name: `Token ${Date.now()}`, rooms: [tokenRoom] }],
      requestIntervalMs: 0,
      locale: "fr" as const,
    };
    const deps = matrixDeps(app, pino({ level: process.env.MATRIX_TEST_LOG ?? "silent" }));
    const first = await startMatrixAdapter(settings, deps);
    try {
      expect(first.client.getDeviceId()).toBe(login.device_id);
      await until(() => alice.client.getRoom(tokenRoom)?.getMember(userId)?.membership === "join", "bot joined");
      const sent = await alice.say(tokenRoom, "Lisible par le bot");
      await until(async () => {
        const event = first.client.getRoom(tokenRoom)?.findEventById(sent);
        return event !== undefined && !event.isDecryptionFailure() && event.getType() === "m.room.message";
      }, "the bot reads the member's message");
    } finally {
      await first.stop();
    }
    await expect(startMatrixAdapter(settings, deps)).rejects.toThrow(
      /already has encryption keys[\s\S]*MATRIX_PASSWORD/,
    );
    // The token was not the bot's to end: it still answers for its device.
    const who = await fetch(`${hs.url}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: `Bearer ${login.access_token}` },
    });
    expect(((await who.json()) as { device_id?: string }).device_id).toBe(login.device_id);
  }, 90_000);
});

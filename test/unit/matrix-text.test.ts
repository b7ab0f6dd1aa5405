import pino from "pino";
import { describe, expect, it } from "vitest";
import { parseGrantSubject } from "../../src/domain/grant-subject.ts";
import { parseMatrixTerritories, powerLevelGroups, territoryOfRoom } from "../../src/domain/matrix-territories.ts";
import { MatrixSender, retryAfter } from "../../src/platforms/matrix/sender.ts";
import { messageText, parseMessage } from "../../src/platforms/matrix/text-command.ts";

describe("Matrix messages", () => {
  it("reads commands, choices, cancellation and plain answers", () => {
    expect(parseMessage("!candidature deposer nouveau dalo")).toEqual({
      kind: "command",
      command: "candidature",
      text: "deposer nouveau dalo",
    });
    expect(parseMessage("!2")).toEqual({ kind: "choice", index: 1 });
    expect(parseMessage("!annuler")).toEqual({ kind: "cancel" });
    expect(parseMessage("Dossier incomplet")).toEqual({ kind: "text", text: "Dossier incomplet" });
    expect(parseMessage("!MESURES")).toEqual({ kind: "command", command: "mesures", text: "" });
  });

  it("reads a pill as the user id it stands for, and drops a rich reply's quoted fallback", () => {
    expect(
      messageText({
        msgtype: "m.text",
        body: "!config role Bob siao",
        format: "org.matrix.custom.html",
        formatted_body: '!config role <a href="https://matrix.to/#/%40bob%3Alocalhost">Bob</a> siao',
      }),
    ).toBe("!config role @bob:localhost siao");
    expect(
      messageText({
        msgtype: "m.text",
        body: "> <@alice:localhost> une carte\n\n!1",
      }),
    ).toBe("!1");
    expect(
      messageText({
        msgtype: "m.text",
        body: "x",
        format: "org.matrix.custom.html",
        formatted_body: "<mx-reply><blockquote>citée</blockquote></mx-reply>!aide &amp; plus",
      }),
    ).toBe("!aide & plus");
  });
});

describe("Matrix territories and roles", () => {
  it("parses territories as named sets of rooms or spaces, refusing a room in two territories", () => {
    expect(parseMatrixTerritories("Finistère=!a:hs,!b:hs; Morbihan=!space:hs")).toEqual([
      { name: "Finistère", rooms: ["!a:hs", "!b:hs"] },
      { name: "Morbihan", rooms: ["!space:hs"] },
    ]);
    expect(parseMatrixTerritories("A=!a:hs;B=!a:hs")).toBeNull();
    expect(parseMatrixTerritories("A=#alias:hs")).toBeNull();
    expect(parseMatrixTerritories("!a:hs")).toBeNull();
    expect(parseMatrixTerritories("")).toBeNull();
  });

  it("finds a room's territory directly or through a configured space", () => {
    const territories = parseMatrixTerritories("A=!a:hs; B=!space:hs") ?? [];
    expect(territoryOfRoom(territories, "!a:hs", [])?.name).toBe("A");
    expect(territoryOfRoom(territories, "!child:hs", ["!space:hs"])?.name).toBe("B");
    expect(territoryOfRoom(territories, "!other:hs", ["!unknown:hs"])).toBeNull();
  });

  it("maps power levels to groups and Matrix user ids to grant subjects", () => {
    expect(powerLevelGroups(0)).toEqual([]);
    expect(powerLevelGroups(50)).toEqual(["pl-50"]);
    expect(powerLevelGroups(100)).toEqual(["pl-50", "pl-100"]);
    expect(parseGrantSubject("@alice:agent.tchap.gouv.fr")).toEqual({ kind: "user", id: "@alice:agent.tchap.gouv.fr" });
    expect(parseGrantSubject("groupe:pl-50")).toEqual({ kind: "group", id: "pl-50" });
  });
});

describe("Matrix sender", () => {
  const logger = pino({ level: "silent" });
  const limited = (ms: number) =>
    Object.assign(new Error("rate"), { errcode: "M_LIMIT_EXCEEDED", httpStatus: 429, data: { retry_after_ms: ms } });

  it("waits what the homeserver asks after M_LIMIT_EXCEEDED, then retries", async () => {
    const waits: number[] = [];
    let now = 0;
    const sender = new MatrixSender(logger, {
      intervalMs: 1000,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    let calls = 0;
    const result = await sender.run("send", async () => {
      calls += 1;
      if (calls === 1) throw limited(2500);
      return "ok";
    });
    expect(result).toBe("ok");
    expect(calls).toBe(2);
    // 2.5 s asked by the homeserver; the pacing then has nothing more to wait.
    expect(waits).toEqual([2500]);
    expect(retryAfter(limited(700))).toBe(700);
    expect(retryAfter(new Error("x"))).toBeNull();
  });

  it("paces requests one second apart, one at a time", async () => {
    const starts: number[] = [];
    let now = 0;
    const sender = new MatrixSender(logger, {
      intervalMs: 1000,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    await Promise.all([1, 2, 3].map(() => sender.run("send", async () => starts.push(now))));
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it("retries a homeserver outage with backoff, and gives up after the last attempt", async () => {
    const waits: number[] = [];
    const sender = new MatrixSender(logger, {
      intervalMs: 0,
      maxAttempts: 4,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const outage = Object.assign(new Error("refused"), { name: "ConnectionError" });
    let calls = 0;
    await expect(
      sender.run("send", async () => {
        calls += 1;
        throw outage;
      }),
    ).rejects.toThrow("refused");
    expect(calls).toBe(4);
    expect(waits).toEqual([1000, 2000, 4000]);
    const forbidden = Object.assign(new Error("forbidden"), { errcode: "M_FORBIDDEN", httpStatus: 403 });
    await expect(sender.run("send", async () => Promise.reject(forbidden))).rejects.toThrow("forbidden");
  });
});

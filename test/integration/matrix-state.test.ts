import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { CardChoices } from "../../src/platforms/matrix/choices.ts";
import { GuidedForms } from "../../src/platforms/matrix/guided-forms.ts";
import { MatrixStateService } from "../../src/services/matrix-state.ts";
import { testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

/**
 * What the Matrix adapter keeps between two messages lives in the database: a new process (a
 * restart, or the reminders process beside the bot) finds cards' choices and forms under way.
 */
describeEachDatabase("Matrix cards' choices and guided forms", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;
  /** A fresh process's view: nothing in memory, only the database. */
  const fresh = () => new MatrixStateService(app.database.prisma, clock);

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("keeps a card's choices for another process, only in the room it was posted in", async () => {
    const buttons = [
      { label: "Valider", command: "candidature.decider", args: { ref: "C-2026-001", decision: "validee" } },
      {
        label: "Refuser",
        command: "candidature.decider",
        args: { ref: "C-2026-001", decision: "refusee" },
        ask: ["motif"],
        style: "danger" as const,
      },
    ];
    await new CardChoices(fresh()).remember("$card", "!siao:hs", buttons);
    const later = new CardChoices(fresh());
    expect(await later.choice("$card", "!siao:hs", 1)).toEqual({
      command: "candidature.decider",
      args: { ref: "C-2026-001", decision: "refusee" },
      ask: ["motif"],
    });
    expect(await later.choice("$card", "!other:hs", 0)).toBeNull();
    expect(await later.choice("$card", "!siao:hs", 5)).toBeNull();
    // A decided card offers no choice any more: its edit forgets them.
    await later.remember("$card", "!siao:hs", []);
    expect(await later.has("$card")).toBe(false);
    await later.remember("$digest", "!siao:hs", buttons);
    await later.forget("$digest");
    expect(await new CardChoices(fresh()).has("$digest")).toBe(false);
  });

  it("continues a form from another process, per member and thread, re-asks a bad answer, and says when it expired", async () => {
    const forms = new GuidedForms(fresh());
    const form = await forms.open({
      entryKey: "candidature.decider",
      values: { ref: "C-2026-001" },
      pending: ["decision", "motif"],
      roomId: "!r:hs",
      threadRoot: "$card",
      userId: "@bob:hs",
    });
    expect(await forms.find("!r:hs", "$card", "@alice:hs")).toBeNull();
    expect(await forms.answer(form, "refusee")).toBe("motif");
    const resumed = await new GuidedForms(fresh()).find("!r:hs", "$card", "@bob:hs");
    expect(resumed && "open" in resumed ? resumed.open : null).toMatchObject({
      entryKey: "candidature.decider",
      values: { ref: "C-2026-001", decision: "refusee" },
      pending: ["motif"],
    });
    await forms.askAgain(form, "decision");
    const again = await new GuidedForms(fresh()).find("!r:hs", "$card", "@bob:hs");
    expect(again && "open" in again ? again.open.pending : null).toEqual(["decision", "motif"]);
    expect(again && "open" in again ? again.open.values.decision : "gone").toBeUndefined();
    clock.set(new Date(clock.now().getTime() + 31 * 60_000));
    const late = await new GuidedForms(fresh()).find("!r:hs", "$card", "@bob:hs");
    expect(late && "expired" in late ? late.expired.entryKey : null).toBe("candidature.decider");
    // Said once: the next message in the thread is ordinary talk.
    expect(await new GuidedForms(fresh()).find("!r:hs", "$card", "@bob:hs")).toBeNull();
    // A form nobody came back to is not kept beyond a day after it expired.
    await forms.open({ ...form, threadRoot: "$other", pending: ["motif"] });
    clock.set(new Date(clock.now().getTime() + 2 * 86_400_000));
    await new GuidedForms(fresh()).sweep();
    expect(await app.database.prisma.matrixGuidedForm.count()).toBe(0);
  });
});

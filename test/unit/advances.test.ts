import { describe, expect, it } from "vitest";
import {
  type AdvanceState,
  advanceOutstanding,
  advanceOverdue,
  advanceRequestRule,
  advanceStepRule,
  totalsByFunder,
} from "../../src/domain/advances.ts";

const today = "2026-11-21";
const requested: AdvanceState = {
  status: "demandee",
  requestedCents: 1_000_000,
  grantedCents: null,
  disbursedCents: null,
  repaidCents: 0,
  lastStepDate: "2026-03-02",
};

const step = (
  state: AdvanceState,
  name: Parameters<typeof advanceStepRule>[2],
  input: { cents?: number; date: string },
) => advanceStepRule("AV-2026-001", state, name, input, today);

describe("a treasury advance's dated state machine", () => {
  it("goes requested → granted → disbursed → repaid in several repayments", () => {
    const granted = step(requested, "accorder", { cents: 800_000, date: "2026-03-10" });
    expect(granted).toEqual({ ok: true, value: { status: "accordee", grantedCents: 800_000, movementCents: 800_000 } });
    const afterGrant: AdvanceState = {
      ...requested,
      status: "accordee",
      grantedCents: 800_000,
      lastStepDate: "2026-03-10",
    };
    expect(step(afterGrant, "verser", { date: "2026-03-15" })).toEqual({
      ok: true,
      value: { status: "versee", disbursedCents: 800_000, movementCents: 800_000 },
    });
    const disbursed: AdvanceState = {
      ...afterGrant,
      status: "versee",
      disbursedCents: 800_000,
      lastStepDate: "2026-03-15",
    };
    expect(step(disbursed, "rembourser", { cents: 300_000, date: "2026-09-01" })).toMatchObject({
      value: { status: "versee", repaidCents: 300_000 },
    });
    const partly: AdvanceState = { ...disbursed, repaidCents: 300_000, lastStepDate: "2026-09-01" };
    expect(step(partly, "rembourser", { cents: 500_001, date: "2026-10-01" })).toMatchObject({
      refusal: { rule: "repayment_above_balance", context: { balanceCents: 500_000 } },
    });
    expect(step(partly, "rembourser", { cents: 500_000, date: "2026-10-01" })).toMatchObject({
      value: { status: "remboursee", repaidCents: 800_000 },
    });
  });

  it("refuses steps out of order: disbursed before granted, granted after refusal or above the request", () => {
    expect(step(requested, "verser", { date: today })).toMatchObject({ refusal: { rule: "advance_bad_transition" } });
    expect(step(requested, "rembourser", { cents: 1, date: today })).toMatchObject({
      refusal: { rule: "advance_bad_transition" },
    });
    expect(step({ ...requested, status: "refusee" }, "accorder", { date: today })).toMatchObject({
      refusal: { rule: "advance_bad_transition" },
    });
    expect(step(requested, "accorder", { cents: 1_000_001, date: today })).toMatchObject({
      refusal: { rule: "granted_above_requested" },
    });
    expect(
      step({ ...requested, status: "accordee", grantedCents: 500_000 }, "verser", { cents: 500_001, date: today }),
    ).toMatchObject({
      refusal: { rule: "disbursed_above_granted" },
    });
    expect(step(requested, "refuser", { date: today })).toEqual({
      ok: true,
      value: { status: "refusee", movementCents: 0 },
    });
  });

  it("dates each step on or after the previous one, never in the future", () => {
    expect(step(requested, "accorder", { date: "2026-03-01" })).toMatchObject({
      refusal: { rule: "step_before_previous", context: { previousDate: "2026-03-02" } },
    });
    expect(step(requested, "accorder", { date: "2026-03-02" }).ok).toBe(true);
    expect(step(requested, "accorder", { date: "2026-11-22" })).toMatchObject({ refusal: { rule: "date_in_future" } });
    expect(advanceRequestRule("2026-03-02", "2026-03-01", today)).toMatchObject({
      refusal: { rule: "expected_before_request" },
    });
    expect(advanceRequestRule("2026-03-02", "2026-03-02", today).ok).toBe(true);
  });

  it("owes nothing until disbursed; overdue while pending past the expected date", () => {
    expect(advanceOutstanding({ status: "demandee", disbursedCents: null, repaidCents: 0 })).toBeNull();
    expect(advanceOutstanding({ status: "accordee", disbursedCents: null, repaidCents: 0 })).toBeNull();
    expect(advanceOutstanding({ status: "refusee", disbursedCents: null, repaidCents: 0 })).toBeNull();
    expect(advanceOutstanding({ status: "versee", disbursedCents: 800_000, repaidCents: 300_000 })).toBe(500_000);
    expect(advanceOutstanding({ status: "remboursee", disbursedCents: 800_000, repaidCents: 800_000 })).toBe(0);
    expect(advanceOverdue({ status: "versee", expectedPaymentDate: "2026-11-20" }, today)).toBe(true);
    expect(advanceOverdue({ status: "versee", expectedPaymentDate: today }, today)).toBe(false);
    expect(advanceOverdue({ status: "remboursee", expectedPaymentDate: "2026-01-01" }, today)).toBe(false);
    expect(advanceOverdue({ status: "refusee", expectedPaymentDate: "2026-01-01" }, today)).toBe(false);
  });

  it("totals what is owed per funder, one funder whatever its spelling", () => {
    const rows = [
      {
        funder: "DDETS",
        status: "versee" as const,
        disbursedCents: 500_000,
        repaidCents: 100_000,
        expectedPaymentDate: "2026-11-01",
      },
      {
        funder: " ddets ",
        status: "accordee" as const,
        disbursedCents: null,
        repaidCents: 0,
        expectedPaymentDate: "2026-12-01",
      },
      {
        funder: "Région IDF",
        status: "versee" as const,
        disbursedCents: 123_456,
        repaidCents: 0,
        expectedPaymentDate: "2027-01-01",
      },
      {
        funder: "Région IDF",
        status: "remboursee" as const,
        disbursedCents: 9_999,
        repaidCents: 9_999,
        expectedPaymentDate: "2026-01-01",
      },
    ];
    expect(totalsByFunder(rows, today)).toEqual([
      { funder: "DDETS", count: 2, outstandingCents: 400_000, overdue: 1 },
      { funder: "Région IDF", count: 1, outstandingCents: 123_456, overdue: 0 },
    ]);
  });
});

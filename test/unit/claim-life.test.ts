import { describe, expect, it } from "vitest";
import {
  acceptanceRule,
  moveRule,
  type PaymentState,
  paymentRule,
  restDue,
  stepDateRule,
} from "../../src/domain/claim-life.ts";

const today = "2026-11-21";
const accepted: PaymentState = { status: "acceptee", acceptedCents: 100_000, acceptedOn: "2026-06-10", paidCents: 0 };

describe("a claim's life to the cent", () => {
  it("dates each step on or after the previous one, never in the future", () => {
    expect(stepDateRule("2026-06-10", "2026-06-10", today)).toEqual({ ok: true, value: "2026-06-10" });
    expect(stepDateRule("2026-06-09", "2026-06-10", today)).toMatchObject({
      refusal: { rule: "step_before_previous" },
    });
    expect(stepDateRule("2026-11-22", null, today)).toMatchObject({ refusal: { rule: "date_in_future" } });
  });

  it("accepts all or part of the claim, never more", () => {
    expect(acceptanceRule("SEC-2026-001", 300_000, 300_000)).toEqual({ ok: true, value: 300_000 });
    expect(acceptanceRule("SEC-2026-001", 300_000, 300_001)).toMatchObject({
      refusal: { rule: "accepted_above_claimed" },
    });
    expect(moveRule("SEC-2026-001", "soumise", "acceptee")).toMatchObject({
      refusal: { rule: "claim_bad_transition" },
    });
  });

  it("refuses a payment before acceptance, by state or by date", () => {
    expect(
      paymentRule(
        "SEC-2026-001",
        { ...accepted, status: "en_instruction", acceptedCents: null, acceptedOn: null },
        { cents: 1, date: today },
        today,
      ),
    ).toMatchObject({ refusal: { rule: "payment_before_acceptance" } });
    expect(paymentRule("SEC-2026-001", accepted, { cents: 100, date: "2026-06-09" }, today)).toMatchObject({
      refusal: { rule: "payment_dated_before_acceptance" },
    });
    expect(paymentRule("SEC-2026-001", accepted, { cents: 100, date: "2026-11-22" }, today)).toMatchObject({
      refusal: { rule: "date_in_future" },
    });
  });

  it("keeps a claim partly paid until the payments add up to the accepted amount, to the cent", () => {
    let state: PaymentState = { ...accepted };
    for (const expectedRest of [66_667, 33_334, 1]) {
      const outcome = paymentRule("SEC-2026-001", state, { cents: 33_333, date: "2026-06-10" }, today);
      if (!outcome.ok) throw new Error(outcome.refusal.rule);
      expect(outcome.value).toEqual({
        status: "partiellement_payee",
        paidCents: 100_000 - expectedRest,
        restCents: expectedRest,
      });
      state = { ...state, status: outcome.value.status, paidCents: outcome.value.paidCents };
    }
    expect(paymentRule("SEC-2026-001", state, { cents: 2, date: today }, today)).toMatchObject({
      refusal: { rule: "payment_above_rest", context: { restCents: 1, acceptedCents: 100_000 } },
    });
    expect(paymentRule("SEC-2026-001", state, { cents: 1, date: today }, today)).toEqual({
      ok: true,
      value: { status: "payee", paidCents: 100_000, restCents: 0 },
    });
    expect(
      paymentRule("SEC-2026-001", { ...state, status: "payee", paidCents: 100_000 }, { cents: 1, date: today }, today),
    ).toMatchObject({
      refusal: { rule: "payment_before_acceptance" },
    });
  });

  it("has a rest due only once accepted", () => {
    expect(restDue({ acceptedCents: null, paidCents: null })).toBeNull();
    expect(restDue({ acceptedCents: 250_000, paidCents: null })).toBe(250_000);
    expect(restDue({ acceptedCents: 250_000, paidCents: 100_050 })).toBe(149_950);
  });
});

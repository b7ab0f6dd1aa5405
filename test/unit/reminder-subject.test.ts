import { describe, expect, it } from "vitest";
import { canonicalSubject, reminderTarget } from "../../src/domain/reminder-subject.ts";

describe("reminder subjects are identifiers", () => {
  it("reads each kind's subject as the planner writes it", () => {
    expect(reminderTarget("bilan_soon", "IML-2026-001.b6.20260901")).toEqual({
      entity: "mesure",
      reference: "IML-2026-001",
    });
    expect(reminderTarget("suivi_due", "iml-2026-001.s.20260501")).toEqual({
      entity: "mesure",
      reference: "IML-2026-001",
    });
    expect(reminderTarget("candidature_waiting", "C-2026-004")).toEqual({
      entity: "candidature",
      reference: "C-2026-004",
    });
    expect(reminderTarget("comite_agenda", "comite@2026-12-10")).toEqual({ entity: "meeting", date: "2026-12-10" });
    expect(reminderTarget("action_overdue", "A-3")).toEqual({ entity: "action", number: 3 });
    expect(reminderTarget("advance_overdue", "AV-2026-001")).toEqual({ entity: "advance", reference: "AV-2026-001" });
    expect(reminderTarget("claim_incomplete", "SEC-2026-002")).toEqual({ entity: "claim", reference: "SEC-2026-002" });
  });

  it.each([
    ["bilan_soon", "IML-2026-001.s.20260901"],
    ["suivi_due", "IML-2026-001.b6.20260901"],
    ["bilan_overdue", "IML-2026-001.b6.20260231"],
    ["candidature_waiting", "M-2026-004"],
    ["comite_agenda", "comite@demain"],
    ["action_overdue", "A-"],
    ["claim_incomplete", "Mme Dupont"],
    ["advance_overdue", "la subvention de la CAF"],
  ] as const)("refuses %s %s", (kind, subject) => {
    expect(reminderTarget(kind, subject)).toBeNull();
  });

  it("stores the subject in the planner's case", () => {
    expect(canonicalSubject("claim_incomplete", " sec-2026-002 ")).toBe("SEC-2026-002");
    expect(canonicalSubject("comite_agenda", "COMITE@2026-12-10")).toBe("comite@2026-12-10");
    expect(canonicalSubject("bilan_soon", "iml-2026-001.B6.20260901")).toBe("IML-2026-001.b6.20260901");
  });
});

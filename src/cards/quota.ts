import type { CardField } from "../core/card.ts";
import type { Translate } from "../core/i18n.ts";
import type { DispositifQuota, YearUse } from "../services/quotas.ts";

function yearValue(t: Translate, code: string, use: YearUse): string {
  if (!use.hasQuota) return t("commands:mesures.no_quota", { held: use.held, code, year: use.year });
  return t("commands:mesures.row_value", { approved: use.approved, held: use.held, remaining: use.remaining });
}

/** One field per dispositif and year shown: the current year of agrément, then the next when set. */
export function quotaFields(t: Translate, rows: readonly DispositifQuota[]): CardField[] {
  return rows.flatMap((row) => {
    const fields: CardField[] = [
      {
        label: t("commands:mesures.row_label", { name: row.name, code: row.code, year: row.current.year }),
        value: yearValue(t, row.code, row.current),
      },
    ];
    if (row.next)
      fields.push({
        label: t("commands:mesures.row_label_next", { name: row.name, code: row.code, year: row.next.year }),
        value: yearValue(t, row.code, row.next),
      });
    return fields;
  });
}

/** A year approved for fewer units than will still be held: said plainly, never a negative "remaining". */
export function overCommitmentLines(t: Translate, rows: readonly DispositifQuota[]): string[] {
  return rows.flatMap((row) =>
    [row.current, row.next]
      .filter((use): use is YearUse => use !== null)
      .filter((use) => use.hasQuota && use.overCommitted > 0)
      .map((use) =>
        t("commands:mesures.over_committed", {
          code: row.code,
          year: use.year,
          approved: use.approved,
          held: use.held,
          over: use.overCommitted,
        }),
      ),
  );
}

import { z } from "zod";
import { card } from "../src/core/card.ts";
import { defineCommand } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { ANY_ROLE } from "../src/core/roles.ts";

/** How many mesures are approved, held and left, per dispositif, this year of agrément. */
export default defineCommand({
  name: "mesures",
  options: z.object({ dispositif: opt.ref("dispositif").optional() }),
  roles: ANY_ROLE,
  async run(ctx, { dispositif }) {
    const { t } = ctx;
    const rows = await ctx.services.quotas.overview(ctx.territory, dispositif?.toLowerCase());
    if (rows.length === 0) return card(t("commands:mesures.title"), { lines: [t("commands:mesures.none")] });
    return card(t("commands:mesures.title"), {
      fields: rows.map((row) => ({
        label: t("commands:mesures.row_label", { name: row.name, code: row.code, year: row.year }),
        value: row.hasQuota
          ? t("commands:mesures.row_value", { approved: row.approved, held: row.held, remaining: row.remaining })
          : t("commands:mesures.no_quota", { held: row.held, code: row.code, year: row.year }),
      })),
      tone: rows.some((r) => r.hasQuota && r.remaining === 0) ? "warning" : "info",
    });
  },
});

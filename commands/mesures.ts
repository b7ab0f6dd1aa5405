import { z } from "zod";
import { overCommitmentLines, quotaFields } from "../src/cards/quota.ts";
import { card } from "../src/core/card.ts";
import { defineCommand } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { ANY_ROLE } from "../src/core/roles.ts";

/** How many mesures are approved, held and left, per dispositif: this year of agrément and the next when set. */
export default defineCommand({
  name: "mesures",
  options: z.object({ dispositif: opt.ref("dispositif").optional() }),
  roles: ANY_ROLE,
  async run(ctx, { dispositif }) {
    const { t } = ctx;
    const rows = await ctx.services.quotas.overview(ctx.territory, dispositif?.toLowerCase());
    if (rows.length === 0) return card(t("commands:mesures.title"), { lines: [t("commands:mesures.none")] });
    const warnings = overCommitmentLines(t, rows);
    return card(t("commands:mesures.title"), {
      fields: quotaFields(t, rows),
      ...(warnings.length > 0 ? { lines: warnings } : {}),
      tone:
        warnings.length > 0 || rows.some((r) => r.current.hasQuota && r.current.remaining === 0) ? "warning" : "info",
    });
  },
});

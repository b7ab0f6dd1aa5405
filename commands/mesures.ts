import { z } from "zod";
import { runningCard } from "../src/cards/mesure.ts";
import { presentation } from "../src/cards/presentation.ts";
import { overCommitmentLines, quotaFields } from "../src/cards/quota.ts";
import { card } from "../src/core/card.ts";
import { defineCommand } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { opt } from "../src/core/options.ts";
import { ANY_ROLE } from "../src/core/roles.ts";

/** Who may list running mesures (household references, landlords): those who follow them. */
const LIST_ROLES = ["ccas", "admin"] as const;

/**
 * How many mesures are approved, held and left, per dispositif: this year of agrément and the
 * next when set. `/mesures liste [dispositif]` lists the running mesures, a page at a time.
 */
export default defineCommand({
  name: "mesures",
  options: z.object({
    vue: opt.choice(["liste"]).optional(),
    dispositif: opt.ref("dispositif").optional(),
    page: opt.integer(1, 1000).optional(),
  }),
  roles: ANY_ROLE,
  async run(ctx, { vue, dispositif, page }) {
    const { t } = ctx;
    const code = dispositif?.toLowerCase();
    if (vue === "liste") {
      if (!LIST_ROLES.some((r) => ctx.member.roles.has(r))) {
        await ctx.services.audit.refused(ctx.territory.id, ctx.member.id, "mesures.liste", "missing_role");
        throw new UserError("forbidden", {
          command: "/mesures liste",
          roles: LIST_ROLES.map((r) => t(`common:role.${r}`)).join(", "),
        });
      }
      return runningCard(await ctx.services.mesures.running(ctx.territory, code, page ?? 1), code, presentation(ctx));
    }
    const rows = await ctx.services.quotas.overview(ctx.territory, code);
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

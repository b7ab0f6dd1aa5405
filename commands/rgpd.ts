import { z } from "zod";
import { actorOf } from "../src/cards/presentation.ts";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { formatDateTime } from "../src/core/i18n.ts";
import { opt } from "../src/core/options.ts";

/** A household's data rights (administrators): export, erasure, and the retention job's journal. */
export default defineGroup("rgpd", [
  defineCommand({
    name: "export",
    options: z.object({ ref: opt.ref("household", 20) }),
    roles: ["admin"],
    async run(ctx, { ref }) {
      const { reference, json } = await ctx.services.rgpd.export(actorOf(ctx), ref);
      return card(ctx.t("commands:rgpd.exported", { ref: reference }), {
        tone: "success",
        files: [{ name: `export-${reference}.json`, contentType: "application/json", data: json }],
      });
    },
  }),
  defineCommand({
    name: "effacer",
    options: z.object({ ref: opt.ref("household", 20), confirmer: opt.boolean().optional() }),
    roles: ["admin"],
    async run(ctx, { ref, confirmer }) {
      const { t } = ctx;
      if (confirmer !== true) {
        await ctx.services.rgpd.checkErasable(actorOf(ctx), ref);
        return card(t("commands:rgpd.confirm_title", { ref: ref.toUpperCase() }), {
          tone: "warning",
          lines: [t("commands:rgpd.confirm_text")],
          buttons: [
            {
              label: t("commands:rgpd.confirm_button"),
              command: "rgpd.effacer",
              args: { ref: ref.toUpperCase(), confirmer: "oui" },
              style: "danger",
            },
          ],
        });
      }
      const anonymous = await ctx.services.rgpd.erase(actorOf(ctx), ref);
      return card(t("commands:rgpd.erased", { ref: ref.toUpperCase(), anonymous }), { tone: "success" });
    },
  }),
  defineCommand({
    name: "journal",
    options: z.object({}),
    roles: ["admin"],
    async run(ctx) {
      const runs = await ctx.services.rgpd.journal(actorOf(ctx));
      return card(ctx.t("commands:rgpd.journal_title"), {
        lines:
          runs.length === 0
            ? [ctx.t("commands:rgpd.journal_empty")]
            : runs.map((r) =>
                ctx.t("commands:rgpd.journal_line", {
                  when: formatDateTime(r.at, ctx.locale, ctx.territory.timezone),
                  anonymized: r.anonymized ?? 0,
                  purged: r.auditPurged ?? 0,
                }),
              ),
      });
    },
  }),
]);

import { z } from "zod";
import { card } from "../src/core/card.ts";
import { defineCommand } from "../src/core/command.ts";
import { describeExpected } from "../src/core/describe.ts";
import { UserError } from "../src/core/errors.ts";
import { describeOptions, opt } from "../src/core/options.ts";

/** The commands this member may use, with their options. */
export default defineCommand({
  name: "aide",
  options: z.object({ commande: opt.text(40).optional() }),
  roles: "everyone",
  async run(ctx, { commande }) {
    const { t } = ctx;
    const usage = (path: readonly string[], specs: ReturnType<typeof describeOptions>) =>
      ["/" + path.join(" "), ...specs.map((s) => (s.required ? `<${s.name}>` : `[${s.name}]`))].join(" ");
    if (commande) {
      const wanted = commande.replace(/^\//, "").trim().toLowerCase().split(/\s+/).join(".");
      const entries = ctx.catalog.filter((e) => e.key === wanted || e.key.startsWith(`${wanted}.`));
      if (entries.length === 0) throw new UserError("unknown_help_topic", { command: commande });
      return card(t("commands:aide.title_one", { command: "/" + wanted.split(".")[0] }), {
        lines: entries.flatMap((entry) => {
          const specs = describeOptions(entry.definition.options);
          return [
            `${usage(entry.path, specs)} — ${t(`commands:${entry.key}.description`)}`,
            ...specs.map(
              (s) =>
                `    ${s.name}${s.required ? "" : t("commands:aide.optional")} : ${t(`commands:${entry.key}.options.${s.name}`)} (${describeExpected(s, t)})`,
            ),
          ];
        }),
      });
    }
    if (ctx.catalog.every((e) => e.definition.roles === "everyone")) {
      return card(t("commands:aide.title"), { tone: "warning", lines: [t("commands:aide.no_role")] });
    }
    return card(t("commands:aide.title"), {
      lines: ctx.catalog.map(
        (entry) =>
          `${usage(entry.path, describeOptions(entry.definition.options))} — ${t(`commands:${entry.key}.description`)}`,
      ),
      footer: t("commands:aide.footer"),
    });
  },
});

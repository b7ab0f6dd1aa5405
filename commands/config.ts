import { z } from "zod";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { LOCALES } from "../src/core/i18n.ts";
import { opt } from "../src/core/options.ts";
import { ROLES } from "../src/core/roles.ts";
import { QUOTA_MAX } from "../src/domain/quota.ts";
import { SETTING_KEYS, type SettingKey } from "../src/domain/settings.ts";
import { CHANNEL_PURPOSES, DISPOSITIF_CODE, ELIGIBILITIES, PARCS } from "../src/domain/vocabulary.ts";
import { dispositifSettingsCard } from "../src/cards/dispositif.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { UserError } from "../src/core/errors.ts";

const LANDLORD_ACTIONS = ["ajouter", "retirer", "liste"] as const;

const admin = ["admin"] as const;
const actor = actorOf;

/** The admin's settings: dispositifs and quotas, channels, roles, language. */
export default defineGroup("config", [
  defineCommand({
    name: "voir",
    options: z.object({}),
    roles: admin,
    async run(ctx) {
      const { t } = ctx;
      const { channels, grants, dispositifs } = await ctx.services.configuration.overview(actor(ctx));
      const settings = await ctx.services.configuration.settings(ctx.territory.id);
      return card(t("commands:config.voir.title"), {
        fields: [
          {
            label: t("commands:config.voir.channels"),
            value:
              channels.map((c) => `${t(`common:purpose.${c.purpose}`)} → ${c.channelId}`).join("\n") ||
              t("common:none"),
          },
          {
            label: t("commands:config.voir.roles"),
            value:
              grants.map((g) => `${g.subject}:${g.subjectId} → ${t(`common:role.${g.role}`)}`).join("\n") ||
              t("common:none"),
          },
          {
            label: t("commands:config.voir.dispositifs"),
            value: dispositifs.map((d) => `${d.code} — ${d.name}`).join("\n") || t("common:none"),
          },
          {
            label: t("commands:config.voir.settings"),
            value: Object.entries(SETTING_KEYS)
              .map(
                ([key, [section, field]]) =>
                  `${key} = ${String((settings[section] as Record<string, unknown>)[field])}`,
              )
              .join("\n"),
          },
        ],
      });
    },
  }),
  defineCommand({
    name: "dispositif",
    options: z.object({
      code: opt.text(40, 2).regex(DISPOSITIF_CODE),
      nom: opt.text(80).optional(),
      mois_agrement: opt.integer(1, 12).optional(),
      premier_bilan: opt.integer(1, 36).optional(),
      second_bilan: opt.integer(1, 36).optional(),
      glissement: opt.integer(1, 48).optional(),
      prolongation: opt.integer(1, 24).optional(),
      suivi: opt.integer(0, 12).optional(),
      duree_max: opt.integer(1, 60).optional(),
      eligibilite: opt.choice(ELIGIBILITIES).optional(),
    }),
    roles: admin,
    async run(ctx, options) {
      const result = await ctx.services.dispositifs.configure(actor(ctx), options.code, {
        name: options.nom,
        agrementStartMonth: options.mois_agrement,
        firstBilanMonths: options.premier_bilan,
        secondBilanMonths: options.second_bilan,
        slideDecisionMonths: options.glissement,
        extensionMonths: options.prolongation,
        followUpMonths: options.suivi,
        maxDurationMonths: options.duree_max,
        requiresHousedByOperator: options.eligibilite === undefined ? undefined : options.eligibilite === "heberges",
      });
      return dispositifSettingsCard(result, presentation(ctx));
    },
  }),
  defineCommand({
    name: "quota",
    options: z.object({
      dispositif: opt.ref("dispositif"),
      annee: opt.integer(2000, 2100),
      nombre: opt.integer(0, QUOTA_MAX),
    }),
    roles: admin,
    async run(ctx, { dispositif, annee, nombre }) {
      const result = await ctx.services.configuration.setQuota(actor(ctx), dispositif.toLowerCase(), annee, nombre);
      const line =
        result.previous === null
          ? ctx.t("commands:config.quota.created", { code: result.dispositif.code, year: annee, approved: nombre })
          : ctx.t("commands:config.quota.changed", {
              code: result.dispositif.code,
              year: annee,
              approved: nombre,
              previous: result.previous,
            });
      const over = result.use.overCommitted;
      const warning = ctx.t("commands:mesures.over_committed", {
        code: result.dispositif.code,
        year: annee,
        approved: nombre,
        held: result.use.held,
        over,
      });
      return card(ctx.t("commands:config.quota.title"), {
        tone: over > 0 ? "warning" : "success",
        lines: over > 0 ? [line, warning] : [line],
      });
    },
  }),
  defineCommand({
    name: "bailleur",
    options: z.object({
      action: opt.choice(LANDLORD_ACTIONS),
      nom: opt.text(80).optional(),
      parc: opt.choice(PARCS).optional(),
    }),
    roles: admin,
    check({ action, nom, parc }) {
      if (action !== "liste" && !nom) throw new UserError("landlord_name_required", { option: "nom" });
      if (action === "ajouter" && !parc) throw new UserError("landlord_parc_required", { option: "parc" });
    },
    async run(ctx, { action, nom, parc }) {
      const { t } = ctx;
      const line = (l: { name: string; parc: string }) => `${l.name} (${t(`common:parc.${l.parc}`)})`;
      if (action === "ajouter" && nom && parc) {
        const added = await ctx.services.landlords.add(actor(ctx), nom, parc);
        return card(t("commands:config.bailleur.added", { name: line(added) }), { tone: "success" });
      }
      if (action === "retirer" && nom) {
        const removed = await ctx.services.landlords.remove(actor(ctx), nom);
        return card(t("commands:config.bailleur.removed", { name: removed.name }), { tone: "success" });
      }
      const rows = await ctx.services.landlords.list(actor(ctx));
      return card(t("commands:config.bailleur.title"), {
        lines: rows.length > 0 ? rows.map(line) : [t("commands:config.bailleur.empty")],
      });
    },
  }),
  defineCommand({
    name: "canal",
    options: z.object({ usage: opt.choice(CHANNEL_PURPOSES), canal: opt.text(100).optional() }),
    roles: admin,
    async run(ctx, { usage, canal }) {
      const channelId = (canal ?? ctx.channelId).replace(/^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i, "$1");
      // The id must name a channel of this territory the bot can see, or nothing is written.
      const check = await ctx.platform.checkChannel(channelId);
      if (check !== "known")
        throw new UserError(check === "unknown" ? "unknown_channel" : "channel_unchecked", {
          channel: channelId,
          option: "canal",
        });
      await ctx.services.configuration.bindChannel(actor(ctx), usage, channelId);
      return card(
        ctx.t("commands:config.canal.done", { purpose: ctx.t(`common:purpose.${usage}`), channel: channelId }),
        { tone: "success" },
      );
    },
  }),
  defineCommand({
    name: "role",
    options: z.object({ sujet: opt.text(100), role: opt.choice(ROLES) }),
    roles: admin,
    async run(ctx, { sujet, role }) {
      const subject = ctx.services.configuration.parseSubject(sujet);
      const changed = await ctx.services.configuration.setRole(actor(ctx), subject, role, true);
      const key = changed ? "commands:config.role.granted" : "commands:config.role.already";
      return card(ctx.t(key, { subject: `${subject.kind}:${subject.id}`, role: ctx.t(`common:role.${role}`) }), {
        tone: changed ? "success" : "info",
      });
    },
  }),
  defineCommand({
    name: "retirer-role",
    options: z.object({ sujet: opt.text(100), role: opt.choice(ROLES) }),
    roles: admin,
    async run(ctx, { sujet, role }) {
      const subject = ctx.services.configuration.parseSubject(sujet);
      const changed = await ctx.services.configuration.setRole(actor(ctx), subject, role, false);
      const key = changed ? "commands:config.retirer-role.revoked" : "commands:config.retirer-role.absent";
      return card(ctx.t(key, { subject: `${subject.kind}:${subject.id}`, role: ctx.t(`common:role.${role}`) }), {
        tone: changed ? "success" : "info",
      });
    },
  }),
  defineCommand({
    name: "reglage",
    options: z.object({
      cle: opt.choice(Object.keys(SETTING_KEYS) as [SettingKey, ...SettingKey[]]),
      valeur: opt.text(120),
    }),
    roles: admin,
    async run(ctx, { cle, valeur }) {
      await ctx.services.configuration.setSetting(actor(ctx), cle, valeur);
      return card(ctx.t("commands:config.reglage.done", { key: cle, value: valeur }), { tone: "success" });
    },
  }),
  defineCommand({
    name: "langue",
    options: z.object({ langue: opt.choice(LOCALES) }),
    roles: admin,
    async run(ctx, { langue }) {
      await ctx.services.configuration.setLocale(actor(ctx), langue);
      return card(ctx.t("commands:config.langue.done", { lng: langue, locale: langue }), { tone: "success" });
    },
  }),
]);

import { z } from "zod";
import { actorOf } from "../src/cards/presentation.ts";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { formatDate, formatDateTime } from "../src/core/i18n.ts";
import { opt } from "../src/core/options.ts";
import { ANY_ROLE } from "../src/core/roles.ts";
import { REMINDER_KINDS } from "../src/domain/reminders.ts";
import { SETTING_KEYS, type SettingKey } from "../src/domain/settings.ts";

const OUTBOX_STATES = ["planned", "sending", "sent", "uncertain", "failed"] as const;

const REMINDER_KEYS = Object.keys(SETTING_KEYS).filter((k) => k.startsWith("rappels.")) as [
  SettingKey,
  ...SettingKey[],
];

/** The reminders the bot posts: schedule, settings, snoozes, and a run on demand. */
export default defineGroup(
  "rappels",
  [
    defineCommand({
      name: "voir",
      options: z.object({}),
      roles: ANY_ROLE,
      async run(ctx) {
        const { t } = ctx;
        const { settings, next, channels, notices } = await ctx.services.reminders.overview(actorOf(ctx));
        return card(t("commands:rappels.title"), {
          fields: [
            {
              label: t("commands:rappels.schedule"),
              value: t("commands:rappels.schedule_value", {
                cron: settings.cron,
                timezone: ctx.territory.timezone,
                next: next ? formatDateTime(next, ctx.locale, ctx.territory.timezone) : "-",
              }),
            },
            {
              label: t("commands:rappels.leads"),
              value: t("commands:rappels.leads_value", {
                bilan: settings.bilanLeadDays.join(", "),
                suivi: settings.suiviLeadDays,
                candidature: settings.candidatureWaitDays,
                agenda: settings.agendaDaysBefore,
                claim: settings.claimIncompleteDays,
                overdue: settings.overdueEveryDays,
                catchup: settings.catchUpDays,
                working: t(settings.workingDaysOnly ? "common:yes" : "common:no"),
              }),
            },
            {
              label: t("commands:rappels.channels"),
              value: channels
                .map((c) => `${t(`common:purpose.${c.purpose}`)} → ${c.channelId ?? t("commands:rappels.unbound")}`)
                .join("\n"),
            },
            ...(notices.length > 0
              ? [
                  {
                    label: t("commands:rappels.notices"),
                    value: notices
                      .map((n) =>
                        t(`commands:rappels.notice_${n.subjectRef.split(":")[0]}`, {
                          what: n.subjectRef.split(":").slice(1).join(":"),
                        }),
                      )
                      .join("\n"),
                  },
                ]
              : []),
          ],
          footer: t("commands:rappels.footer"),
        });
      },
    }),
    defineCommand({
      name: "config",
      options: z.object({ cle: opt.choice(REMINDER_KEYS), valeur: opt.text(40) }),
      roles: ["admin"],
      async run(ctx, { cle, valeur }) {
        await ctx.services.configuration.setSetting(actorOf(ctx), cle, valeur);
        return card(ctx.t("commands:config.reglage.done", { key: cle, value: valeur }), { tone: "success" });
      },
    }),
    defineCommand({
      name: "reporter",
      options: z.object({ type: opt.choice(REMINDER_KINDS), sujet: opt.text(80), jours: opt.integer(1, 60) }),
      roles: ANY_ROLE,
      async run(ctx, { type, sujet, jours }) {
        const until = await ctx.services.reminders.snooze(actorOf(ctx), ctx.member.roles, type, sujet, jours);
        return card(ctx.t("commands:rappels.snoozed", { subject: sujet, date: formatDate(until, ctx.locale) }), {
          tone: "success",
        });
      },
    }),
    defineCommand({
      name: "statut",
      options: z.object({}),
      roles: ["admin"],
      async run(ctx) {
        const { t } = ctx;
        const { counts, attention } = await ctx.services.reminders.outboxStatus(actorOf(ctx));
        return card(t("commands:rappels.status_title"), {
          fields: [
            {
              label: t("commands:rappels.status_counts"),
              value: OUTBOX_STATES.map(
                (state) => `${t(`commands:rappels.state_${state}`)} : ${counts[state] ?? 0}`,
              ).join("\n"),
            },
            ...(attention.length > 0
              ? [
                  {
                    label: t("commands:rappels.status_attention"),
                    value: attention
                      .map((row) =>
                        t("commands:rappels.status_row", {
                          state: t(`commands:rappels.state_${row.state}`),
                          key: row.key,
                          channel: row.channelId,
                          date: formatDateTime(row.createdAt, ctx.locale, ctx.territory.timezone),
                          attempts: row.attempts,
                          error: row.lastError ?? "-",
                        }),
                      )
                      .join("\n"),
                  },
                ]
              : []),
          ],
          footer: t("commands:rappels.status_footer"),
          tone: attention.length > 0 ? "warning" : "info",
        });
      },
    }),
    defineCommand({
      name: "trancher",
      options: z.object({ cle: opt.text(40), issue: opt.choice(["envoye", "renvoyer"] as const) }),
      roles: ["admin"],
      async run(ctx, { cle, issue }) {
        await ctx.services.reminders.resolveOutbox(actorOf(ctx), cle, issue === "envoye");
        return card(ctx.t(`commands:rappels.resolved_${issue}`, { key: cle }), { tone: "success" });
      },
    }),
    defineCommand({
      name: "lancer",
      options: z.object({}),
      roles: ["admin"],
      async run(ctx) {
        const result = await ctx.services.reminders.runNow(actorOf(ctx));
        if (!result || result.skipped) return card(ctx.t("commands:rappels.not_run"), { tone: "warning" });
        return card(
          ctx.t("commands:rappels.ran", { sent: result.sent, messages: result.messages, failed: result.failed }),
          { tone: result.failed > 0 ? "warning" : "success" },
        );
      },
    }),
  ],
  { defaultSubcommand: "voir" },
);

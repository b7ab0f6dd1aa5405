import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { z } from "zod";

const UserInfo = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    is_admin: z.boolean().optional(),
    is_owner: z.boolean().optional(),
    is_primary_owner: z.boolean().optional(),
    locale: z.string().optional(),
  }),
});

const UserGroups = z.object({
  usergroups: z.array(z.object({ id: z.string(), users: z.array(z.string()).optional() })),
});

export interface SlackMember {
  isAdmin: boolean;
  locale: string | null;
  name: string | null;
}

const TTL_MS = 5 * 60_000;

/**
 * What the bot needs to know about a Slack user (admin or owner, language, user groups), asked
 * of the Web API and kept five minutes so a busy channel does not hit Slack's rate limits.
 */
export class SlackDirectory {
  private readonly members = new Map<string, { at: number; value: SlackMember }>();
  private readonly groups = new Map<string, { at: number; value: Map<string, string[]> }>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** `client` is the request's own (its workspace's token in OAuth mode). */
  async member(teamId: string, userId: string, client: WebClient = this.client): Promise<SlackMember> {
    const key = `${teamId}:${userId}`;
    const cached = this.members.get(key);
    if (cached && this.now() - cached.at < TTL_MS) return cached.value;
    let value: SlackMember = { isAdmin: false, locale: null, name: null };
    try {
      const parsed = UserInfo.safeParse(await client.users.info({ user: userId, include_locale: true }));
      if (parsed.success) {
        const u = parsed.data.user;
        value = {
          isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
          locale: u.locale ?? null,
          name: u.real_name || u.name || null,
        };
      }
    } catch (error) {
      // Without users:read the member is simply not an admin; the command still runs.
      this.logger.warn({ err: error, teamId }, "users.info failed");
    }
    this.members.set(key, { at: this.now(), value });
    return value;
  }

  async groupsOf(teamId: string, userId: string, client: WebClient = this.client): Promise<string[]> {
    const cached = this.groups.get(teamId);
    let byUser = cached && this.now() - cached.at < TTL_MS ? cached.value : undefined;
    if (!byUser) {
      byUser = new Map();
      try {
        const parsed = UserGroups.safeParse(await client.usergroups.list({ include_users: true }));
        if (parsed.success) {
          for (const group of parsed.data.usergroups)
            for (const user of group.users ?? []) byUser.set(user, [...(byUser.get(user) ?? []), group.id]);
        }
      } catch (error) {
        this.logger.warn({ err: error, teamId }, "usergroups.list failed");
      }
      this.groups.set(teamId, { at: this.now(), value: byUser });
    }
    return byUser.get(userId) ?? [];
  }
}

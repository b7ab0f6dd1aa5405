import { WebAPIPlatformError, WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { z } from "zod";
import { slackLogger } from "./logger-bridge.ts";

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
 * of the Web API and kept five minutes so a busy channel does not hit Slack's rate limits. Only
 * Slack's answers are kept: a lookup that failed (rate limit, outage) is asked again next time.
 */
export class SlackDirectory {
  private readonly members = new Map<string, { at: number; value: SlackMember }>();
  private readonly groups = new Map<string, { at: number; value: Map<string, string[]> }>();
  private readonly readers = new Map<string, WebClient>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Lookups happen while the member waits: a few quick retries (Retry-After included), then the
   * command goes on without the answer rather than minutes later. One reader per token.
   */
  private reader(client: WebClient): WebClient {
    const token = client.token ?? "";
    let reader = this.readers.get(token);
    if (!reader) {
      reader = new WebClient(client.token, {
        slackApiUrl: client.slackApiUrl,
        retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 3_000 },
        logger: slackLogger(this.logger),
      });
      this.readers.set(token, reader);
    }
    return reader;
  }

  /** `client` is the request's own (its workspace's token in OAuth mode). */
  async member(teamId: string, userId: string, client: WebClient = this.client): Promise<SlackMember> {
    const key = `${teamId}:${userId}`;
    const cached = this.members.get(key);
    if (cached && this.now() - cached.at < TTL_MS) return cached.value;
    try {
      const parsed = UserInfo.safeParse(await this.reader(client).users.info({ user: userId, include_locale: true }));
      const u = parsed.success ? parsed.data.user : null;
      const value: SlackMember = u
        ? {
            isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
            locale: u.locale ?? null,
            name: u.real_name || u.name || null,
          }
        : NOBODY;
      this.members.set(key, { at: this.now(), value });
      return value;
    } catch (error) {
      // Slack said no (no users:read scope, unknown user): that is an answer, kept like one.
      if (definite(error)) {
        this.logger.warn({ err: error, teamId }, "users.info refused");
        this.members.set(key, { at: this.now(), value: NOBODY });
        return NOBODY;
      }
      // Rate-limited or unreachable past the client's retries: not an answer. The last known
      // one serves if there is one; nothing is cached, so the next request asks again.
      this.logger.warn({ err: error, teamId }, "users.info failed; not cached");
      return cached?.value ?? NOBODY;
    }
  }

  async groupsOf(teamId: string, userId: string, client: WebClient = this.client): Promise<string[]> {
    const cached = this.groups.get(teamId);
    let byUser = cached && this.now() - cached.at < TTL_MS ? cached.value : undefined;
    if (!byUser) {
      try {
        const parsed = UserGroups.safeParse(await this.reader(client).usergroups.list({ include_users: true }));
        byUser = new Map();
        if (parsed.success) {
          for (const group of parsed.data.usergroups)
            for (const user of group.users ?? []) byUser.set(user, [...(byUser.get(user) ?? []), group.id]);
        }
        this.groups.set(teamId, { at: this.now(), value: byUser });
      } catch (error) {
        byUser = definite(error) ? new Map() : cached?.value;
        if (byUser) this.groups.set(teamId, { at: this.now(), value: byUser });
        this.logger.warn({ err: error, teamId, cached: Boolean(byUser) }, "usergroups.list failed");
      }
    }
    return byUser?.get(userId) ?? [];
  }
}

const NOBODY: SlackMember = { isAdmin: false, locale: null, name: null };

/** Slack answered (ok: false): a refusal is definite; a rate limit, a 5xx or a timeout is not. */
function definite(error: unknown): boolean {
  return error instanceof WebAPIPlatformError && error.data.error !== "ratelimited";
}

import { randomBytes } from "node:crypto";
import { FakeSlack } from "./fake-slack.ts";

interface Workspace {
  teamId: string;
  name: string;
  /** Token rotation on: tokens expire and come with a refresh token. */
  rotation?: boolean;
}

interface Issued {
  teamId: string;
  botUserId: string;
}

/**
 * The Web API stand-in, playing Slack's OAuth v2 too: `oauth.v2.access` exchanges a one-time
 * code for a bot token of its own per workspace (and refreshes rotating tokens); every other
 * method answers only to a live token, like Slack.
 */
export class FakeSlackOAuth extends FakeSlack {
  readonly clientId = "1234.5678";
  readonly clientSecret = "oauth-client-secret";
  private readonly codes = new Map<string, Workspace>();
  private readonly tokens = new Map<string, Issued>();
  private readonly refreshTokens = new Map<string, Workspace>();
  /** Bot tokens issued, per workspace, in order. */
  readonly issued = new Map<string, string[]>();
  readonly refreshIssued: string[] = [];

  /** A one-time code, as Slack puts in the redirect after the admin approves. */
  codeFor(workspace: Workspace): string {
    const code = `code-${randomBytes(6).toString("hex")}`;
    this.codes.set(code, workspace);
    return code;
  }

  latestToken(teamId: string): string {
    const list = this.issued.get(teamId) ?? [];
    const token = list[list.length - 1];
    if (!token) throw new Error(`no token issued for ${teamId}`);
    return token;
  }

  /** What Slack does on uninstall: the workspace's tokens stop working. */
  revokeAll(teamId: string): void {
    for (const [token, issued] of this.tokens) if (issued.teamId === teamId) this.tokens.delete(token);
  }

  private issue(workspace: Workspace): Record<string, unknown> {
    const token = `xoxb-${workspace.teamId}-${randomBytes(8).toString("hex")}`;
    const botUserId = `UBOT-${workspace.teamId}`;
    this.tokens.set(token, { teamId: workspace.teamId, botUserId });
    this.issued.set(workspace.teamId, [...(this.issued.get(workspace.teamId) ?? []), token]);
    const rotation: Record<string, unknown> = {};
    if (workspace.rotation) {
      const refresh = `xoxe-1-${workspace.teamId}-${randomBytes(8).toString("hex")}`;
      this.refreshTokens.set(refresh, workspace);
      this.refreshIssued.push(refresh);
      // Under two hours: Bolt refreshes such a token before using it.
      Object.assign(rotation, { refresh_token: refresh, expires_in: 3600 });
    }
    return {
      ok: true,
      access_token: token,
      token_type: "bot",
      scope: "commands,chat:write,chat:write.public,users:read,usergroups:read",
      bot_user_id: botUserId,
      app_id: "A-IML",
      team: { id: workspace.teamId, name: workspace.name },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: `UINSTALL-${workspace.teamId}` },
      ...rotation,
    };
  }

  protected override answer(method: string, args: Record<string, unknown>, token?: string): Record<string, unknown> {
    if (method === "oauth.v2.access") {
      if (args.client_id !== this.clientId || args.client_secret !== this.clientSecret)
        return { ok: false, error: "invalid_client_id" };
      if (args.grant_type === "refresh_token") {
        const workspace = this.refreshTokens.get(String(args.refresh_token));
        if (!workspace) return { ok: false, error: "invalid_refresh_token" };
        this.refreshTokens.delete(String(args.refresh_token));
        return this.issue(workspace);
      }
      const workspace = this.codes.get(String(args.code));
      if (!workspace) return { ok: false, error: "invalid_code" };
      this.codes.delete(String(args.code));
      return this.issue(workspace);
    }
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued) return { ok: false, error: token ? "invalid_auth" : "not_authed" };
    if (method === "auth.test")
      return { ok: true, team_id: issued.teamId, user_id: issued.botUserId, bot_id: `B-${issued.teamId}` };
    return super.answer(method, args, token);
  }
}

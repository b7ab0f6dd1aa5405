import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { InstallURLOptions, StateStore } from "@slack/bolt";
import { z } from "zod";

/** How long an install link stays usable, from /slack/install to Slack's redirect. */
export const STATE_LIFETIME_MS = 10 * 60_000;

/** Bolt's failure callback sorts errors by this code; the page says "start again". */
export class OAuthStateError extends Error {
  readonly code = "slack_oauth_invalid_state";
}

const Payload = z.object({
  n: z.string().min(16),
  t: z.number().int(),
  o: z.object({
    scopes: z.union([z.string(), z.array(z.string())]),
    teamId: z.string().optional(),
    redirectUri: z.string().optional(),
    userScopes: z.union([z.string(), z.array(z.string())]).optional(),
    metadata: z.string().optional(),
  }),
});

/**
 * OAuth `state` values signed with SLACK_STATE_SECRET (HMAC-SHA256), valid 10 minutes and once:
 * the nonce of a verified state is recorded, so a replayed state is refused even within its
 * lifetime, on any instance sharing the database. Bolt also checks it against the browser's
 * cookie. A forged, expired or replayed state throws, and nothing is stored.
 */
export function oauthStateStore(
  secret: string,
  consume: (nonce: string, expiresAt: Date, now: Date) => Promise<boolean>,
): StateStore {
  const sign = (body: string) => createHmac("sha256", secret).update(body).digest();
  return {
    async generateStateParam(installOptions: InstallURLOptions, now: Date) {
      const body = Buffer.from(
        JSON.stringify({ n: randomBytes(18).toString("base64url"), t: now.getTime(), o: installOptions }),
      ).toString("base64url");
      return `${body}.${sign(body).toString("base64url")}`;
    },
    async verifyStateParam(now: Date, state: string) {
      const [body = "", signature = ""] = state.split(".");
      const expected = sign(body);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new OAuthStateError("state signature does not match");
      let payload: z.infer<typeof Payload>;
      try {
        payload = Payload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
      } catch {
        throw new OAuthStateError("state is unreadable");
      }
      const age = now.getTime() - payload.t;
      if (age > STATE_LIFETIME_MS || age < -60_000) throw new OAuthStateError("state expired");
      if (!(await consume(payload.n, new Date(payload.t + STATE_LIFETIME_MS), now)))
        throw new OAuthStateError("state already used");
      return payload.o;
    },
  };
}

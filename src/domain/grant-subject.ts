/** Who a role is given to: one user, or a platform group (a Discord role, a Slack user group). */
export interface GrantSubject {
  kind: "user" | "group";
  id: string;
}

/**
 * Reads what an admin types or what the platform inserts for a mention:
 * Discord `<@123>`, `<@!123>`, `<@&456>` (role); Slack `<@U123>`, `<@U123|name>`,
 * `<!subteam^S123>`; Matrix `@alice:server` (the whole id); or explicit `user:ID` / `groupe:ID` / `group:ID`; a bare word is a user id.
 */
export function parseGrantSubject(text: string): GrantSubject | null {
  const value = text.trim();
  const patterns: [RegExp, GrantSubject["kind"]][] = [
    [/^<@&(\d+)>$/, "group"],
    [/^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/, "group"],
    [/^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/, "user"],
    [/^(@[\w.=/+-]+:[\w.-]+(?::\d+)?)$/, "user"],
    [/^(?:groupe|group):([\w.-]+)$/i, "group"],
    [/^(?:user|membre|utilisateur):([\w.-]+)$/i, "user"],
    [/^@?([\w.-]+)$/, "user"],
  ];
  for (const [pattern, kind] of patterns) {
    const match = pattern.exec(value);
    if (match?.[1]) return { kind, id: match[1] };
  }
  return null;
}

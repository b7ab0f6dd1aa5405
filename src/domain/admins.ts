/**
 * A territory always keeps an admin. On Slack and Discord the workspace's or server's own
 * administrators are admins whatever the grants say; the console has no such administrators,
 * so there its last admin grant cannot be taken away.
 */
export function lastAdminProblem(platform: string, adminGrantsLeft: number): "last_admin" | null {
  return platform === "console" && adminGrantsLeft === 0 ? "last_admin" : null;
}

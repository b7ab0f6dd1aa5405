/** Where a Slack installation applies: one workspace, or a whole Enterprise Grid org. */
export interface InstallationScope {
  teamId?: string | null;
  enterpriseId?: string | null;
  isEnterpriseInstall?: boolean;
}

/**
 * The one key an installation is stored and found under. An org-wide install answers every
 * workspace of its enterprise; otherwise a workspace id is unique across Slack on its own.
 * Null when the request names neither (nothing can be looked up).
 */
export function installationKey(scope: InstallationScope): string | null {
  if (scope.isEnterpriseInstall && scope.enterpriseId) return `enterprise:${scope.enterpriseId}`;
  if (scope.teamId) return `team:${scope.teamId}`;
  return scope.enterpriseId ? `enterprise:${scope.enterpriseId}` : null;
}

/**
 * The territory an installation belongs to is the workspace (the same external id a request's
 * team_id resolves to), or the enterprise for an org-wide install.
 */
export function installationTerritoryId(scope: InstallationScope): string | null {
  if (scope.isEnterpriseInstall && scope.enterpriseId) return scope.enterpriseId;
  return scope.teamId ?? scope.enterpriseId ?? null;
}

import type { Installation, InstallationQuery } from '@slack/bolt';

/**
 * One key per installation, shared by every store: an org-wide Enterprise Grid install answers for every workspace
 * of its org, so it is found by the enterprise; any other install by its workspace (team ids are unique across
 * orgs, so the enterprise adds nothing there).
 */
export function installationKey(installation: Installation): string {
  if (installation.isEnterpriseInstall === true) {
    const enterprise = installation.enterprise?.id;
    if (!enterprise) throw new Error('an org-wide installation without an enterprise id');
    return `org:${enterprise}`;
  }
  const team = installation.team?.id;
  if (!team) throw new Error('a workspace installation without a team id');
  return `team:${team}`;
}

export function queryKey(query: InstallationQuery<boolean>): string {
  if (query.isEnterpriseInstall) {
    if (!query.enterpriseId) throw new Error('an org-wide query without an enterprise id');
    return `org:${query.enterpriseId}`;
  }
  if (!query.teamId) throw new Error('a workspace query without a team id');
  return `team:${query.teamId}`;
}

/** What a store hands back must carry a bot token: Bolt authorizes with nothing else. */
export function isInstallation(value: unknown): value is Installation {
  if (typeof value !== 'object' || value === null || !('bot' in value)) return false;
  const bot: unknown = value.bot;
  return typeof bot === 'object' && bot !== null && 'token' in bot && typeof bot.token === 'string';
}

/** What the Slack app manifest needs because of the config file. */
import type { Accounts } from '../accounts/model';
import { usergroupsInRules } from './decide';

/**
 * Bot scopes the config file adds to the manifest's: `usergroups:read` only when some rule names usergroups (the
 * policy then calls usergroups.users.list), so a workspace that never uses them is not asked for more.
 * `audit.channel` needs nothing new: chat:write is already there.
 */
export function requiredScopes(config: Pick<Accounts, 'rules'>): string[] {
  return usergroupsInRules(config.rules).length > 0 ? ['usergroups:read'] : [];
}

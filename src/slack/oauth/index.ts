/**
 * Distribution: Bolt's OAuth flow (/slack/install, /slack/oauth_redirect) in place of one bot token, with the
 * installations kept in a store, and Slack's uninstall events removing what they name.
 */
import type { App, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../log';
import { teamScope } from '../guard/team-scope';

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the state cookie that ties /slack/oauth_redirect to the browser that opened /slack/install. */
  stateSecret: string;
  installationStore: InstallationStore;
  /** Scopes the access rules add (usergroups:read): an install must grant them too. */
  extraScopes?: readonly string[];
}

/** The bot scopes of manifest.yml (a test holds the two together): the install URL asks for exactly these. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
] as const;

/** Bolt's receiver settings for OAuth; `apiUrl` sends oauth.v2.access and auth.test where every other call goes. */
export function oauthReceiverOptions(oauth: OAuthOptions, apiUrl: string | undefined) {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: oauth.installationStore,
    scopes: [...new Set([...BOT_SCOPES, ...(oauth.extraScopes ?? [])])],
    installerOptions: {
      // Bolt's default: a page with an "Add to Slack" link, and the state in a signed cookie.
      directInstall: false,
      ...(apiUrl ? { clientOptions: { slackApiUrl: apiUrl } } : {}),
    },
  };
}

/**
 * Bolt delivers these two without looking for an installation. app_uninstalled ends every token of the install;
 * tokens_revoked names the bot (we hold no user tokens: the install asks for no user scopes).
 */
export function registerUninstall(app: App, store: InstallationStore, logger: Logger): void {
  const forget = async (
    context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
    why: string,
  ): Promise<void> => {
    if (!store.deleteInstallation) return;
    const org = context.isEnterpriseInstall === true;
    await store.deleteInstallation(
      org
        ? { isEnterpriseInstall: true, enterpriseId: context.enterpriseId ?? '', teamId: undefined }
        : { isEnterpriseInstall: false, enterpriseId: context.enterpriseId, teamId: context.teamId ?? '' },
    );
    logger.info('installation removed', {
      why,
      ...(org ? { enterprise: context.enterpriseId } : { team: context.teamId }),
    });
  };
  app.event('app_uninstalled', async ({ context }) => {
    await forget(context, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await forget(context, 'tokens_revoked');
  });
}

/**
 * A workspace's bot token, for what the bot posts unprompted (watch messages). `team` is what bindTeam recorded: the
 * workspace, or the enterprise when a request named no workspace.
 */
export function botTokenFor(store: InstallationStore): (team: string) => Promise<string | undefined> {
  return async (team) => {
    const queries = [
      { isEnterpriseInstall: false, teamId: team, enterpriseId: undefined },
      { isEnterpriseInstall: true, teamId: undefined, enterpriseId: team },
    ] as const;
    for (const query of queries) {
      try {
        return (await store.fetchInstallation(query)).bot?.token;
      } catch {
        // Not this kind of install; try the next.
      }
    }
    return undefined;
  };
}

/**
 * The token argument for a Web API call the bot makes on its own client inside a request (usergroup membership,
 * the audit line): distributed, the request's workspace's token; with one bot token, nothing (the client has it).
 */
export function tokenOfRequest(store: InstallationStore | undefined): () => Promise<{ token?: string }> {
  if (!store) return async () => ({});
  const tokenFor = botTokenFor(store);
  return async () => {
    const token = await tokenFor(teamScope());
    return token === undefined ? {} : { token };
  };
}

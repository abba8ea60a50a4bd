import type { AllMiddlewareArgs } from '@slack/bolt';
import { queryBuilderModal } from '../views';
import { accountNames } from './access';
import { errorName, slackApiError } from './api-errors';
import type { AppDeps } from './deps';

/** Opens the guided query, from the global shortcut or from App Home's button. */
export async function openBuilder(
  deps: AppDeps,
  client: AllMiddlewareArgs['client'],
  triggerId: string,
  from: string,
  channel?: string,
): Promise<void> {
  try {
    await client.views.open({
      trigger_id: triggerId,
      view: queryBuilderModal({
        ...builderInput(deps),
        openedFrom: from === 'home' ? { kind: 'home' } : { kind: 'conversation', ...(channel ? { channel } : {}) },
      }),
    });
  } catch (error) {
    // A shortcut or a Home button has no response_url: the log is the only place left to say it.
    deps.logger.warn('could not open the query builder', { from, error: slackApiError(error) ?? errorName(error) });
  }
}

/** What the form offers: every configured account (default first) and every region of them. */
export function builderInput(deps: AppDeps): { regions: string[]; defaultRegion?: string; accounts?: string[] } {
  const names = accountNames(deps);
  const regions = deps.accounts
    ? [...new Set(deps.accounts.config.accounts.flatMap((a) => deps.accounts?.services(a.name)?.regions ?? []))]
    : deps.regions;
  const defaultFirst = names && deps.accounts ? orderDefaultFirst(names, deps) : undefined;
  return {
    regions,
    ...(deps.defaultRegion !== undefined ? { defaultRegion: deps.defaultRegion } : {}),
    ...(defaultFirst ? { accounts: defaultFirst } : {}),
  };
}

function orderDefaultFirst(names: string[], deps: AppDeps): string[] {
  const first = deps.accounts?.config.accounts.find((a) => a.default)?.name;
  return first === undefined ? names : [first, ...names.filter((n) => n !== first)];
}

import type { AllMiddlewareArgs } from '@slack/bolt';
import { queryBuilderModal } from '../views';
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
        regions: deps.regions,
        defaultRegion: deps.defaultRegion,
        openedFrom: from === 'home' ? { kind: 'home' } : { kind: 'conversation', ...(channel ? { channel } : {}) },
      }),
    });
  } catch (error) {
    // A shortcut or a Home button has no response_url: the log is the only place left to say it.
    deps.logger.warn('could not open the query builder', { from, error: slackApiError(error) ?? errorName(error) });
  }
}

import { firstState } from '../../../paging';
import { DEFAULT_LIMIT, type MirrorQuery } from '../../../query/types';
import { expiredButtonMessage, tamperedButtonMessage } from '../../../views';
import { errorName } from '../../api-errors';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openHomeList } from '../../guard/button-values';
import { renderPage } from '../../list-sessions';

/**
 * "List sessions" on App Home. A Home tab has no response_url, so the list goes to the user's DM with the app,
 * where its paging buttons work like anywhere else.
 */
export function homeListRegionAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    // The value came back from a client: only signed values naming a configured region are listed.
    const opened = openHomeList(deps.codec, deps.regions, action.value ?? '');
    if (!opened.ok) {
      deps.logger.warn('refused a Home list button', { reason: opened.problem });
      // A Home tab has no response_url: the user's DM with the app is where they hear it.
      const message = opened.problem === 'expired' ? expiredButtonMessage() : tamperedButtonMessage();
      try {
        await client.chat.postMessage({ channel: body.user.id, ...message });
      } catch (error) {
        deps.logger.warn('could not tell the user about a refused Home button', { error: errorName(error) });
      }
      return;
    }
    const region = opened.value;
    const query: MirrorQuery = {
      scope: { kind: 'region', region },
      filters: { tags: [], sessionIds: [] },
      limit: DEFAULT_LIMIT,
    };
    const rendered = await renderPage(deps, firstState(query, region), { owner: body.user.id });
    try {
      await client.chat.postMessage({ channel: body.user.id, ...rendered.message });
    } catch (error) {
      deps.logger.warn('could not post the region list to the DM', { error: errorName(error) });
    }
  };
}

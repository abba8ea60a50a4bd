import { firstState } from '../../../paging';
import { DEFAULT_LIMIT, type MirrorQuery } from '../../../query/types';
import { errorName } from '../../api-errors';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { renderPage } from '../../list-sessions';

/**
 * "List sessions" on App Home. A Home tab has no response_url, so the list goes to the user's DM with the app,
 * where its paging buttons work like anywhere else.
 */
export function homeListRegionAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const region = action.value ?? '';
    // The value came back from a client: only regions we offered are listed.
    if (!deps.regions.includes(region)) {
      deps.logger.warn('home list button with an unknown region', { region: region.slice(0, 40) });
      return;
    }
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

import { firstState } from '../../../paging';
import { DEFAULT_LIMIT, type MirrorQuery } from '../../../query/types';
import { errorName } from '../../api-errors';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { placeholderFor, type RenderedPage, renderPage } from '../../list-sessions';
import { answerSoon, postedSurface } from '../../placeholder';

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
    const state = firstState(query, region);
    const dm = body.user.id;
    await answerSoon(
      renderPage(deps, state),
      () => placeholderFor(deps, state),
      postedSurface(
        client,
        { channel: dm },
        deps.logger,
        (rendered: RenderedPage) => rendered.message,
        async (rendered) => {
          try {
            await client.chat.postMessage({ channel: dm, ...rendered.message });
          } catch (error) {
            deps.logger.warn('could not post the region list to the DM', { error: errorName(error) });
          }
        },
      ),
      deps.placeholderAfterMs,
    );
  };
}

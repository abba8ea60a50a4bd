import type { RegionOverview } from '../../../cloud/types';
import { firstState } from '../../../paging';
import { MAX_SESSION_IDS } from '../../../query/rules';
import { DEFAULT_LIMIT, type MirrorQuery, type SessionFilters } from '../../../query/types';
import { expiredButtonMessage, tamperedButtonMessage } from '../../../views';
import { HOME_LIST_WORDS, type HomeList } from '../../../views/home';
import { type SlackMessage, withLeadContext } from '../../../views/surface';
import { escapeMrkdwn } from '../../../views/text';
import { admit, audited, regionsOfAccount } from '../../access';
import { errorName } from '../../api-errors';
import { type ButtonArgs, clickAsker, tellClicker } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openHomeList } from '../../guard/button-values';
import { publishHomeNotice } from '../../home';
import { placeholderFor, renderPage } from '../../list-sessions';
import { answerSoon, postedSurface } from '../../placeholder';

/**
 * The filters of a Home list. Disabled is an API filter; locked and not-Created are not, so they name the sessions
 * Home's scan found (the scan reads every session), and the API is asked for exactly those ids: the list is fresh,
 * pages, shares and copies as CLI like any other. Undefined when the scan found none (an empty id filter would
 * list every session).
 */
function filtersFor(list: HomeList, overview: RegionOverview | undefined): SessionFilters | undefined {
  if (list === 'all') return { tags: [], sessionIds: [] };
  if (list === 'disabled') return { tags: [], sessionIds: [], enabled: false };
  if (!overview?.ok) return undefined;
  const found = list === 'locked' ? overview.financialLocked : overview.notCreated;
  const ids = found.map((s) => s.id).filter((id) => id !== '');
  return ids.length > 0 ? { tags: [], sessionIds: ids.slice(0, MAX_SESSION_IDS) } : undefined;
}

/**
 * "List sessions", "Locked", "Disabled" and "Not Created" on App Home. A Home tab has no response_url, so the list
 * goes to the user's DM with the app, where its paging buttons work like anywhere else; Home then says so in a
 * line under its buttons, so the click does not seem to do nothing. (A modal would stay in view, but could not be
 * shared or paged like a list, and would hide Home.)
 */
export function homeListRegionAction(deps: AppDeps, list: HomeList) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    // The value came back from a client: only signed values naming a configured region are listed.
    const opened = openHomeList(deps.codec, regionsOfAccount(deps), action.value ?? '');
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
    const { region, account } = opened.value;
    const asker = clickAsker(body, 'home');
    const base: MirrorQuery = {
      scope: { kind: 'region', region },
      filters: { tags: [], sessionIds: [] },
      limit: DEFAULT_LIMIT,
      ...(account !== undefined ? { account } : {}),
    };
    // Home showed only what the viewer could see when it was drawn; the rules are asked again at click time.
    const admitted = await admit(deps, asker, base);
    if (!admitted.ok) {
      await tellClicker(deps, body, client, admitted.message);
      return;
    }
    const scoped = admitted.deps;
    const dm = body.user.id;
    const what = `${HOME_LIST_WORDS[list]} in ${region}`;
    // The state the placeholder names; the list's own filters are known only once Home's scan has been read.
    const shown = firstState(admitted.query, region);
    const work = (async (): Promise<SlackMessage> => {
      const overview =
        list === 'locked' || list === 'notCreated'
          ? (scoped.overviews.peek(region) ?? (await scoped.overviews.overviews([region]))[0])
          : undefined;
      const filters = filtersFor(list, overview);
      if (filters === undefined) {
        const text = `No ${what} any more: Home's last scan found none. Refresh Home to scan again.`;
        return {
          text: escapeMrkdwn(text),
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }],
        };
      }
      const query: MirrorQuery = { ...admitted.query, filters };
      const state = firstState(query, region);
      const rendered = await audited(deps, asker, admitted, state, renderPage(scoped, state, { owner: dm }));
      return list === 'all'
        ? rendered.message
        : withLeadContext(rendered.message, `From Home: the ${escapeMrkdwn(what)} (as of its last scan)`);
    })();
    let delivered = true;
    await answerSoon(
      work,
      () => placeholderFor(scoped, shown),
      postedSurface(
        client,
        { channel: dm },
        deps.logger,
        (message: SlackMessage) => message,
        async (message) => {
          try {
            await client.chat.postMessage({ channel: dm, ...message });
          } catch (error) {
            deps.logger.warn('could not post the region list to the DM', { error: errorName(error) });
            delivered = false;
          }
        },
      ),
      deps.placeholderAfterMs,
    );
    if (!delivered) return;
    await publishHomeNotice(
      deps,
      client,
      dm,
      `:incoming_envelope: Sent the ${escapeMrkdwn(what)} to your DM with the app (*Messages* tab).`,
    );
  };
}

import { parseCommand } from '../../../query';
import { expiredButtonMessage, tamperedButtonMessage } from '../../../views';
import { watchQueryText } from '../../../watch/types';
import { admit, allRegions, audited } from '../../access';
import { type ButtonArgs, clickAsker } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openWatchList } from '../../guard/button-values';
import { firstStateOf, renderPage } from '../../list-sessions';
import { clickTarget, whisperBeside } from '../../replies';

/**
 * "List sessions" on a change message: the watched query's first page, now, for the clicker alone, beside the
 * message everyone saw (which stays). The list pages and shares like any other.
 */
export function watchListAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const target = clickTarget(body, client);
    const opened = openWatchList(deps.codec, allRegions(deps), action.value ?? '');
    const parsed = opened.ok ? parseCommand(opened.value.query, { regions: deps.regions }) : undefined;
    if (!opened.ok || parsed?.kind !== 'query' || watchQueryText(parsed.query) !== opened.value.query) {
      deps.logger.warn('refused a watch List sessions button', { reason: opened.ok ? 'malformed' : opened.problem });
      const expired = !opened.ok && opened.problem === 'expired';
      await whisperBeside(target, expired ? expiredButtonMessage() : tamperedButtonMessage(), deps.logger);
      return;
    }
    // The change message is the channel's; the list is the clicker's, so the rules are asked for them.
    const asker = clickAsker(body, 'watch');
    const admitted = await admit(deps, asker, parsed.query);
    if (!admitted.ok) {
      await whisperBeside(target, admitted.message, deps.logger);
      return;
    }
    const state = firstStateOf(admitted.query);
    const rendered = await audited(
      deps,
      asker,
      admitted,
      state,
      renderPage(admitted.deps, state, { shareable: true, owner: body.user.id }),
    );
    await whisperBeside(target, rendered.message, deps.logger);
  };
}

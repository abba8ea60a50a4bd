import { parseCommand } from '../../../query';
import { expiredButtonMessage, tamperedButtonMessage } from '../../../views';
import { watchesUnavailableMessage } from '../../../views/watch-replies';
import { watchQueryText } from '../../../watch/types';
import { accountNames, allRegions } from '../../access';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openWatchQuery } from '../../guard/button-values';
import { clickTarget, respondSafely, whisperBeside } from '../../replies';
import { startWatch } from '../../watch-commands';

/**
 * "Watch this query" under a list: the conversation the list is in starts watching what it shows, exactly as
 * `/mirrors watch` with the same terms would. The new watch is announced to the channel; the list stays.
 */
export function watchQueryAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const target = clickTarget(body, client);
    const watches = deps.watches;
    if (!watches) {
      await whisperBeside(target, watchesUnavailableMessage(), deps.logger);
      return;
    }
    const opened = openWatchQuery(deps.codec, allRegions(deps), action.value ?? '');
    // The text is ours and signed, but it is parsed again: it must still be a query of this bot's grammar, and
    // name an account it still has.
    const accounts = accountNames(deps);
    const parsed = opened.ok
      ? parseCommand(opened.value.query, { regions: deps.regions, ...(accounts ? { accounts } : {}) })
      : undefined;
    const channel = body.channel?.id;
    const same =
      opened.ok &&
      parsed?.kind === 'query' &&
      parsed.query.scope.kind === 'region' &&
      parsed.query.scope.region === opened.value.region &&
      watchQueryText(parsed.query) === opened.value.query;
    if (!opened.ok || !same || !channel) {
      deps.logger.warn('refused a Watch this query button', { reason: opened.ok ? 'malformed' : opened.problem });
      const expired = !opened.ok && opened.problem === 'expired';
      await whisperBeside(target, expired ? expiredButtonMessage() : tamperedButtonMessage(), deps.logger);
      return;
    }
    const created = await startWatch(deps, watches, {
      team: body.team?.id ?? body.user.team_id ?? '',
      channel,
      creator: body.user.id,
      region: opened.value.region,
      query: parsed.query,
    });
    if (!created.ok) {
      await whisperBeside(target, created.message, deps.logger);
      return;
    }
    await respondSafely(
      target,
      { response_type: 'in_channel', replace_original: false, ...created.message },
      deps.logger,
    );
  };
}

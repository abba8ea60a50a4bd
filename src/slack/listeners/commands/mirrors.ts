import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../query';
import { helpMessage, queryErrorMessage } from '../../../views';
import { accountNames, admit, audit, audited, channelKindOf } from '../../access';
import type { AppDeps } from '../../deps';
import { firstStateOf, placeholderFor, renderPage } from '../../list-sessions';
import { answerSoon, responseUrlShow } from '../../placeholder';
import { commandTarget, respondSafely } from '../../replies';
import { overUserRate } from '../../user-rate';
import { answerWatchCommand, watchSubcommand } from '../../watch-commands';

/**
 * `/mirrors …`. Parsing is pure and fast, so help and validation errors ride on the ack itself; anything that
 * needs the network is acknowledged first and answered on response_url.
 */
export function mirrorsCommand(deps: AppDeps) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const watch = watchSubcommand(command.text);
    if (watch) return answerWatchCommand(deps, watch, { command, ack });
    const accounts = accountNames(deps);
    const outcome = parseCommand(command.text, {
      defaultRegion: deps.defaultRegion,
      regions: deps.regions,
      ...(accounts ? { accounts } : {}),
    });
    const asker = {
      user: command.user_id,
      channel: command.channel_id,
      channelKind: command.channel_name === 'directmessage' ? ('dm' as const) : channelKindOf(command.channel_id),
      surface: 'command' as const,
    };
    const help = () =>
      helpMessage({ defaultRegion: deps.defaultRegion, regions: deps.regions, commandName: command.command });

    if (outcome.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...help() });
      return;
    }
    if (outcome.kind === 'error') {
      const onlyNoRegion = outcome.errors.every((e) => e.code === 'no-region');
      deps.logger.info('rejected command', { codes: outcome.errors.map((e) => e.code) });
      audit(deps, asker, command.text, null, 'invalid');
      await ack({
        response_type: 'ephemeral',
        ...(onlyNoRegion && command.text.trim() === ''
          ? help()
          : queryErrorMessage(outcome.errors, {
              commandName: command.command,
              ...(outcome.fix !== undefined ? { fix: outcome.fix } : {}),
            })),
      });
      return;
    }

    // Before the rate limit and any cloud call (AssumeRole included): a refusal costs nothing.
    const admitted = await admit(deps, asker, outcome.query);
    if (!admitted.ok) {
      await ack({ response_type: 'ephemeral', ...admitted.message });
      return;
    }
    const refusal = await overUserRate(deps, command.user_id);
    if (refusal) {
      await ack({ response_type: 'ephemeral', ...refusal.message });
      return;
    }
    await ack();
    const state = firstStateOf(admitted.query);
    const target = commandTarget(command, client);
    await answerSoon(
      audited(
        deps,
        asker,
        admitted,
        state,
        renderPage(admitted.deps, state, { shareable: true, owner: command.user_id }),
      ),
      // Slack posts a command's later answers anew, replace_original or not, so the placeholder stays above the
      // answer and says so. Without replace_original, delivery also knows a resend would show the answer twice.
      () => placeholderFor(admitted.deps, state, true),
      {
        show: responseUrlShow(target, deps.logger, { response_type: 'ephemeral' }, false),
        answer: async (rendered) => {
          await respondSafely(target, { response_type: 'ephemeral', ...rendered.message }, deps.logger);
        },
      },
      deps.placeholderAfterMs,
    );
  };
}

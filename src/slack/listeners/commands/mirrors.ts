import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../query';
import { helpMessage, queryErrorMessage } from '../../../views';
import type { AppDeps } from '../../deps';
import { renderQuery } from '../../list-sessions';
import { respondSafely } from '../../replies';
import { answerWatchCommand, watchSubcommand } from '../../watch-commands';

/**
 * `/mirrors …`. Parsing is pure and fast, so help and validation errors ride on the ack itself; anything that
 * needs the network is acknowledged first and answered on response_url.
 */
export function mirrorsCommand(deps: AppDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const watch = watchSubcommand(command.text);
    if (watch) return answerWatchCommand(deps, watch, { command, ack });
    const outcome = parseCommand(command.text, { defaultRegion: deps.defaultRegion });
    const help = () =>
      helpMessage({ defaultRegion: deps.defaultRegion, regions: deps.regions, commandName: command.command });

    if (outcome.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...help() });
      return;
    }
    if (outcome.kind === 'error') {
      const onlyNoRegion = outcome.errors.every((e) => e.code === 'no-region');
      deps.logger.info('rejected command', { codes: outcome.errors.map((e) => e.code) });
      await ack({
        response_type: 'ephemeral',
        ...(onlyNoRegion && command.text.trim() === '' ? help() : queryErrorMessage(outcome.errors)),
      });
      return;
    }

    await ack();
    const rendered = await renderQuery(deps, outcome.query, { shareable: true });
    await respondSafely(respond, { response_type: 'ephemeral', ...rendered.message }, deps.logger);
  };
}

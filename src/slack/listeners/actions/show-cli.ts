import { allRegionsCliScript, cliMessages, cliScript } from '../../../views';
import { type ButtonArgs, buttonState } from '../../button-state';
import type { AppDeps } from '../../deps';
import { clickTarget, whisperBeside } from '../../replies';

/**
 * "Copy as CLI" when the aliyun command is too long for the list itself: the whole command, beside the list and
 * for the clicker only, in as many messages as Slack's limits need (in order: they continue each other).
 */
export function showCliAction(deps: AppDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { query, region } = buttonState(context);
    const script = query.scope.kind !== 'region' ? allRegionsCliScript(query, deps.regions) : cliScript(query, region);
    for (const message of cliMessages(script)) {
      // A part that did not arrive makes the rest useless to paste.
      if (!(await whisperBeside(clickTarget(body, client), message, deps.logger))) return;
    }
  };
}

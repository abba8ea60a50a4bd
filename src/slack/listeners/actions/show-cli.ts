import { allRegionsCliScript, cliMessages, cliScript } from '../../../views';
import { audit, cliAccount } from '../../access';
import { type ButtonArgs, buttonAdmission } from '../../button-state';
import type { AppDeps } from '../../deps';
import { clickTarget, whisperBeside } from '../../replies';

/**
 * "Copy as CLI" when the aliyun command is too long for the list itself: the whole command, beside the list and
 * for the clicker only, in as many messages as Slack's limits need (in order: they continue each other).
 */
export function showCliAction(deps: AppDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { admitted, asker, state } = buttonAdmission(context);
    const { query, region } = state;
    const account = cliAccount(deps, query);
    const script =
      query.scope.kind !== 'region'
        ? allRegionsCliScript(query, admitted.deps.regions, account)
        : cliScript(query, region, account);
    // No cloud call, but it shows what a query asks of an account: on the record like every other request.
    audit(deps, asker, query, query.scope.kind === 'region' ? region : 'all', 'ok');
    for (const message of cliMessages(script)) {
      // A part that did not arrive makes the rest useless to paste.
      if (!(await whisperBeside(clickTarget(body, client), message, deps.logger))) return;
    }
  };
}

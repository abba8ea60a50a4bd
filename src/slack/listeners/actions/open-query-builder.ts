import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openBuilder } from '../../query-builder';

/** The guided query from App Home's "Build a query". */
export function openQueryBuilderAction(deps: AppDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await openBuilder(deps, client, body.trigger_id, 'home');
  };
}

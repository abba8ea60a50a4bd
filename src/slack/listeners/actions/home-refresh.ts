import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { publishHome } from '../../home';

/** Refresh on App Home: scans again, whatever the cache holds. */
export function homeRefreshAction(deps: AppDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await publishHome(deps, client, body.user.id, true);
  };
}

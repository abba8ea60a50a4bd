import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';
import { openBuilder } from '../../query-builder';

/** The guided query from the global shortcut "Find mirror sessions". */
export function queryBuilderShortcut(deps: AppDeps) {
  return async ({ ack, shortcut, client }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // A global shortcut names no channel (Slack pre-selects the current one in the picker); a message shortcut does.
    const channel = 'channel' in shortcut && typeof shortcut.channel?.id === 'string' ? shortcut.channel.id : undefined;
    await openBuilder(deps, client, shortcut.trigger_id, 'shortcut', channel);
  };
}

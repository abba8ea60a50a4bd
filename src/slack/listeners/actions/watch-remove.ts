import { expiredButtonMessage, tamperedButtonMessage } from '../../../views';
import { watchRemovedMessage } from '../../../views/watch';
import { watchesUnavailableMessage, watchNotFoundMessage } from '../../../views/watch-replies';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openWatchRemove } from '../../guard/button-values';
import { clickTarget, respondSafely, whisperBeside } from '../../replies';
import { channelWatchList } from '../../watch-commands';

/**
 * Remove on a channel's watch list. The value is the watch id, signed; even so it is honoured only for a watch of
 * the channel the click came from, so a list pasted elsewhere cannot remove another channel's watch.
 */
export function watchRemoveAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const target = clickTarget(body, client);
    const watches = deps.watches;
    if (!watches) {
      await whisperBeside(target, watchesUnavailableMessage(), deps.logger);
      return;
    }
    const opened = openWatchRemove(deps.codec, action.value ?? '');
    if (!opened.ok) {
      deps.logger.warn('refused a watch Remove button', { reason: opened.problem });
      const message = opened.problem === 'expired' ? expiredButtonMessage() : tamperedButtonMessage();
      await whisperBeside(target, message, deps.logger);
      return;
    }
    const id = opened.value;
    const team = body.team?.id ?? body.user.team_id ?? '';
    const channel = body.channel?.id ?? '';
    const watch = await watches.get(id);
    if (!watch || watch.team !== team || watch.channel !== channel || !(await watches.remove(id))) {
      await whisperBeside(target, watchNotFoundMessage(id), deps.logger);
      return;
    }
    deps.logger.info('watch removed', { watch: id });
    // The list is redrawn without it, under a line saying what stopped, so the old Remove button cannot linger.
    const removed = watchRemovedMessage(watch);
    const list = await channelWatchList(deps, watches, team, channel);
    await respondSafely(
      target,
      { replace_original: true, text: removed.text, blocks: [...removed.blocks, ...list.blocks] },
      deps.logger,
    );
  };
}

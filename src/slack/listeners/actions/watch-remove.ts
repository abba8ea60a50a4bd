import { watchListMessage, watchRemovedMessage } from '../../../views/watch';
import { watchesUnavailableMessage, watchNotFoundMessage } from '../../../views/watch-replies';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { clickTarget, respondSafely } from '../../replies';

/**
 * Remove on a channel's watch list. The value is a bare watch id, so it is honoured only for a watch of the
 * channel the click came from: a hand-made click cannot remove another channel's watch.
 */
export function watchRemoveAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const target = clickTarget(body, client);
    const watches = deps.watches;
    if (!watches) {
      await respondSafely(target, { replace_original: false, ...watchesUnavailableMessage() }, deps.logger);
      return;
    }
    const id = action.value ?? '';
    const team = body.team?.id ?? body.user.team_id ?? '';
    const channel = body.channel?.id ?? '';
    const watch = await watches.get(id);
    if (!watch || watch.team !== team || watch.channel !== channel || !(await watches.remove(id))) {
      await respondSafely(target, { replace_original: false, ...watchNotFoundMessage(id) }, deps.logger);
      return;
    }
    deps.logger.info('watch removed', { watch: id });
    // The list is redrawn without it, under a line saying what stopped, so the old Remove button cannot linger.
    const removed = watchRemovedMessage(watch);
    const list = watchListMessage(await watches.listChannel(team, channel), deps.now());
    await respondSafely(
      target,
      { replace_original: true, text: removed.text, blocks: [...removed.blocks, ...list.blocks] },
      deps.logger,
    );
  };
}

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buttonStateMessage } from '../../../views';
import type { AppDeps } from '../../deps';
import { respondSafely } from '../../message';
import { renderPage } from '../../pages';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * Previous page, Next page and Start over. Each button carries the full state of the page it leads to, so all
 * three are the same handler. The answer goes to the *button's* response_url with replace_original, which is
 * the only way to change an ephemeral message.
 */
export function pagingAction(deps: AppDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const decoded = deps.codec.decode(action.value ?? '');
    if (!decoded.ok) {
      deps.logger.info('stale or invalid paging button', { reason: decoded.reason });
      // Posted beside the list, not over it: the user keeps what they were reading.
      await respondSafely(
        respond,
        { response_type: 'ephemeral', replace_original: false, ...buttonStateMessage(decoded.reason) },
        deps.logger,
      );
      return;
    }
    // A list in a thread (from @mirrors) is public: it pages in place for everyone and is not shared again.
    const ephemeral = body.container?.is_ephemeral !== false;
    const rendered = await renderPage(deps, decoded.state, { shareable: ephemeral });
    const replace = rendered.kind === 'list';
    await respondSafely(
      respond,
      {
        response_type: ephemeral || !replace ? 'ephemeral' : 'in_channel',
        replace_original: replace,
        ...rendered.message,
      },
      deps.logger,
    );
  };
}

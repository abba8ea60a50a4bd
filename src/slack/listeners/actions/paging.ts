import { type ButtonArgs, buttonState } from '../../button-state';
import type { AppDeps } from '../../deps';
import { renderPage } from '../../list-sessions';
import { clickTarget, respondSafely } from '../../replies';

/**
 * Previous page, Next page and Start over. Each button carries the full state of the page it leads to, so all
 * three are the same handler. The answer goes to the *button's* response_url with replace_original, which is
 * the only way to change an ephemeral message.
 */
export function pagingAction(deps: AppDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    // A list in a thread (from @mirrors) is public: it pages in place for everyone and is not shared again.
    const ephemeral = body.container?.is_ephemeral !== false;
    const inThread = typeof body.container?.thread_ts === 'string' && body.container.thread_ts !== '';
    const rendered = await renderPage(deps, buttonState(context), {
      shareable: ephemeral,
      brief: !ephemeral && inThread,
      owner: body.user.id,
    });
    const replace = rendered.kind === 'list';
    await respondSafely(
      clickTarget(body, client),
      {
        response_type: ephemeral || !replace ? 'ephemeral' : 'in_channel',
        replace_original: replace,
        ...rendered.message,
      },
      deps.logger,
    );
  };
}

import { audited } from '../../access';
import { type ButtonArgs, buttonAdmission } from '../../button-state';
import type { AppDeps } from '../../deps';
import { placeholderFor, renderPage } from '../../list-sessions';
import { answerSoon, responseUrlShow } from '../../placeholder';
import { clickTarget, respondSafely } from '../../replies';

/**
 * Previous page, Next page, Start over and Retry. Each button carries the full state of the page it leads to, so
 * all four are the same handler. The answer goes to the *button's* response_url with replace_original, which is
 * the only way to change an ephemeral message. A failed page turn is said beside the list, which stays; a failed
 * Retry (or a page turn that had already put its placeholder up) replaces what the button sat on.
 */
export function pagingAction(deps: AppDeps, options: { replaceOnError?: boolean } = {}) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    // A list in a thread (from @mirrors) is public: it pages in place for everyone and is not shared again.
    const ephemeral = body.container?.is_ephemeral !== false;
    const inThread = typeof body.container?.thread_ts === 'string' && body.container.thread_ts !== '';
    const { admitted, asker, state } = buttonAdmission(context);
    const target = clickTarget(body, client);
    await answerSoon(
      audited(
        deps,
        asker,
        admitted,
        state,
        renderPage(admitted.deps, state, { shareable: ephemeral, brief: !ephemeral && inThread, owner: body.user.id }),
      ),
      () => placeholderFor(admitted.deps, state),
      {
        show: responseUrlShow(target, deps.logger, { response_type: ephemeral ? 'ephemeral' : 'in_channel' }, true),
        answer: async (rendered, replacing) => {
          const replace = rendered.kind === 'list' || replacing || options.replaceOnError === true;
          await respondSafely(
            target,
            {
              response_type: ephemeral || !replace ? 'ephemeral' : 'in_channel',
              replace_original: replace,
              ...rendered.message,
            },
            deps.logger,
          );
        },
      },
      deps.placeholderAfterMs,
    );
  };
}

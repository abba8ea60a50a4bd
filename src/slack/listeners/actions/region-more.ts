import type { BlockAction, ButtonAction } from '@slack/bolt';
import { audited } from '../../access';
import { type ButtonArgs, buttonAdmission } from '../../button-state';
import type { AppDeps } from '../../deps';
import { placeholderFor, type RenderedPage, renderPage } from '../../list-sessions';
import { answerSoon, postedSurface } from '../../placeholder';
import { clickTarget, postInThread, type ThreadPlace, whisperBeside } from '../../replies';

/**
 * "More in cn-shanghai" on an `all` overview: that region's own paged list, as a new message beside the overview
 * (which stays). Beside an ephemeral overview it is ephemeral; beside a public one (a mention's thread) it goes
 * into the same thread for everyone, where its paging works in place like any mention result.
 */
export function regionMoreAction(deps: AppDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const ephemeral = body.container?.is_ephemeral !== false;
    const { admitted, asker, state } = buttonAdmission(context);
    const work = audited(
      deps,
      asker,
      admitted,
      state,
      renderPage(admitted.deps, state, { shareable: ephemeral, owner: body.user.id }),
    );
    const target = clickTarget(body, client);
    const place = threadOf(body);
    if (ephemeral || !place) {
      // A message posted beside through a response_url cannot be replaced later, so an ephemeral answer has none.
      await whisperBeside(target, (await work).message, deps.logger);
      return;
    }
    await answerSoon(
      work,
      () => placeholderFor(admitted.deps, state),
      postedSurface(
        client,
        place,
        deps.logger,
        (rendered: RenderedPage) => rendered.message,
        async (rendered) => {
          // Errors, and a public post that failed, go to the clicker alone.
          const posted = rendered.kind === 'list' && (await postInThread(client, place, rendered.message, deps.logger));
          if (!posted) await whisperBeside(target, rendered.message, deps.logger);
        },
      ),
      deps.placeholderAfterMs,
    );
  };
}

/** The thread of the clicked message: its own thread, or the message itself as the parent. */
function threadOf(body: BlockAction<ButtonAction>): ThreadPlace | undefined {
  const channel = body.channel?.id ?? stringField(body.container, 'channel_id');
  const threadTs =
    stringField(body.message, 'thread_ts') ?? stringField(body.container, 'thread_ts') ?? body.message?.ts;
  return channel !== undefined && threadTs !== undefined ? { channel, threadTs } : undefined;
}

function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

import type { BlockAction, ButtonAction } from '@slack/bolt';
import { type ButtonArgs, buttonState } from '../../button-state';
import type { AppDeps } from '../../deps';
import { renderPage } from '../../list-sessions';
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
    const rendered = await renderPage(deps, buttonState(context), { shareable: ephemeral, owner: body.user.id });
    const place = threadOf(body);
    if (
      !ephemeral &&
      rendered.kind === 'list' &&
      place &&
      (await postInThread(client, place, rendered.message, deps.logger))
    )
      return;
    // Errors, and a public post that failed, go to the clicker alone.
    await whisperBeside(clickTarget(body, client), rendered.message, deps.logger);
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

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buttonStateMessage } from '../../../views';
import type { AppDeps } from '../../deps';
import { respondSafely, type SlackMessage } from '../../message';
import { renderPage } from '../../pages';
import { postInThread } from '../events/app-mention';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "More in cn-shanghai" on an `all` overview: that region's own paged list, as a new message beside the overview
 * (which stays). Beside an ephemeral overview it is ephemeral; beside a public one (a mention's thread) it goes
 * into the same thread for everyone, where its paging works in place like any mention result.
 */
export function regionMoreAction(deps: AppDeps) {
  return async ({ ack, action, body, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const whisper = (message: SlackMessage) =>
      respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...message }, deps.logger);
    const decoded = deps.codec.decode(action.value ?? '');
    if (!decoded.ok) {
      deps.logger.info('stale or invalid region button', { reason: decoded.reason });
      await whisper(buttonStateMessage(decoded.reason));
      return;
    }
    const ephemeral = body.container?.is_ephemeral !== false;
    const rendered = await renderPage(deps, decoded.state, { shareable: ephemeral });
    const place = threadOf(body);
    if (
      !ephemeral &&
      rendered.kind === 'list' &&
      place &&
      (await postInThread(client, place, rendered.message, deps.logger))
    )
      return;
    // Errors, and a public post that failed, go to the clicker alone.
    await whisper(rendered.message);
  };
}

/** The thread of the clicked message: its own thread, or the message itself as the parent. */
function threadOf(body: BlockAction<ButtonAction>): { channel: string; threadTs: string } | undefined {
  const channel = body.channel?.id ?? stringField(body.container, 'channel_id');
  const threadTs =
    stringField(body.message, 'thread_ts') ?? stringField(body.container, 'thread_ts') ?? body.message?.ts;
  return channel !== undefined && threadTs !== undefined ? { channel, threadTs } : undefined;
}

function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

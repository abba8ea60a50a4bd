import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  Context,
  Middleware,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { PageState } from '../paging';
import { buttonStateMessage } from '../views';
import type { AppDeps } from './deps';
import { clickTarget, whisperBeside } from './replies';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

// Keyed by the listener's context object, which Bolt hands unchanged from middleware to listener: typed, unlike
// Context's own `[key: string]: any`.
const states = new WeakMap<Context, PageState>();

/**
 * Listener middleware for the buttons that carry a page state (paging, Share, More in a region, Copy as CLI). A
 * stale or altered value is answered beside the message, which the user keeps; only a good one reaches the
 * listener, which reads it with `buttonState(context)`.
 */
export function withButtonState(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ action, ack, body, client, context, next }) => {
    const decoded = await deps.codec.decode(action.value ?? '');
    if (!decoded.ok) {
      await ack();
      deps.logger.info('stale or invalid button', { action: action.action_id, reason: decoded.reason });
      await whisperBeside(clickTarget(body, client), buttonStateMessage(decoded.reason), deps.logger);
      return;
    }
    states.set(context, decoded.state);
    await next();
  };
}

/** The state withButtonState decoded for this click. */
export function buttonState(context: Context): PageState {
  const state = states.get(context);
  if (state === undefined) throw new Error('buttonState without withButtonState before the listener');
  return state;
}

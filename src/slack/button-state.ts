import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  Context,
  Middleware,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { AuditSurface } from '../access/audit';
import type { PageState } from '../paging';
import { buttonStateMessage } from '../views';
import type { SlackMessage } from '../views/surface';
import { type Admitted, type Asker, admit, channelKindOf } from './access';
import { errorName } from './api-errors';
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
function buttonState(context: Context): PageState {
  const state = states.get(context);
  if (state === undefined) throw new Error('buttonState without withButtonState before the listener');
  return state;
}

/** An admitted click: what to run it with, and who asked from where (for its audit line). */
export interface ClickAdmission {
  admitted: Admitted;
  asker: Asker;
  /** The decoded state with its account written in. */
  state: PageState;
}

const admissions = new WeakMap<Context, ClickAdmission>();

/** Who clicked, and where: the channel of the message, or App Home. */
export function clickAsker(body: BlockAction<ButtonAction>, surface: AuditSurface): Asker {
  const home = body.view?.type === 'home' || body.container?.type === 'view';
  const fromContainer = body.container?.channel_id;
  const channel = body.channel?.id ?? (typeof fromContainer === 'string' ? fromContainer : undefined);
  return {
    user: body.user.id,
    channel: home ? undefined : channel,
    channelKind: channelKindOf(channel, home),
    surface,
  };
}

/**
 * After withButtonState: the access rules for the person who clicks, now, where they click, whoever the message
 * was first made for (a list forwarded or shared is checked against its new reader). A refusal is said to the
 * clicker alone and nothing reaches the cloud; an admitted click reads its account's deps with buttonAdmission().
 */
export function withButtonAccess(
  deps: AppDeps,
  surface: AuditSurface = 'button',
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client, context, next }) => {
    const state = buttonState(context);
    const asker = clickAsker(body, surface);
    const admitted = await admit(deps, asker, state.query, state.region);
    if (!admitted.ok) {
      await ack();
      await tellClicker(deps, body, client, admitted.message);
      return;
    }
    admissions.set(context, { admitted, asker, state: { ...state, query: admitted.query } });
    await next();
  };
}

/** The admission withButtonAccess made for this click. */
export function buttonAdmission(context: Context): ClickAdmission {
  const admitted = admissions.get(context);
  if (admitted === undefined) throw new Error('buttonAdmission without withButtonAccess before the listener');
  return admitted;
}

/** Beside the message when it has a response_url; from App Home (which has none), in the DM with the app. */
export async function tellClicker(
  deps: AppDeps,
  body: BlockAction<ButtonAction>,
  client: AllMiddlewareArgs['client'],
  message: SlackMessage,
): Promise<void> {
  if (body.response_url) {
    await whisperBeside(clickTarget(body, client), message, deps.logger);
    return;
  }
  try {
    await client.chat.postMessage({ channel: body.user.id, ...message });
  } catch (error) {
    deps.logger.warn('could not tell a user why a click was refused', { error: errorName(error) });
  }
}

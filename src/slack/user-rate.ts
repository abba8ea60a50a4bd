import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { UserRate } from '../limits/rate-limit';
import { rateLimitedMessage } from '../views';
import type { SlackMessage } from '../views/surface';
import { errorName } from './api-errors';
import type { AppDeps } from './deps';
import { clickTarget, whisperBeside } from './replies';

/** A refusal to send instead of the answer: the limit and the wait, in words. */
export interface Refusal {
  message: SlackMessage;
  rate: UserRate;
  retryAfterMs: number;
}

/**
 * Spends one of `user`'s requests, or says why not. Called just before the first cloud call of a request, after
 * everything free (help, refused input, a stale button), so only what costs API quota counts.
 */
export async function overUserRate(deps: AppDeps, user: string): Promise<Refusal | undefined> {
  const limit = deps.userRate;
  if (!limit) return undefined;
  const taken = await limit.limiter.take(user);
  if (taken.ok) return undefined;
  deps.logger.info('user over the rate limit', { user, retryAfterMs: taken.retryAfterMs });
  return {
    message: rateLimitedMessage(limit.rate, taken.retryAfterMs),
    rate: limit.rate,
    retryAfterMs: taken.retryAfterMs,
  };
}

/**
 * Listener middleware for the buttons that ask the cloud. Over the limit, the click is answered beside the message
 * (or, from App Home, which has no response_url, in the user's DM with the app) and the listener never runs.
 */
export function withinUserRate(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client, next }) => {
    const refusal = await overUserRate(deps, body.user.id);
    if (!refusal) {
      await next();
      return;
    }
    await ack();
    if (body.response_url) {
      await whisperBeside(clickTarget(body, client), refusal.message, deps.logger);
      return;
    }
    try {
      await client.chat.postMessage({ channel: body.user.id, ...refusal.message });
    } catch (error) {
      deps.logger.warn('could not tell a user about the rate limit', { error: errorName(error) });
    }
  };
}

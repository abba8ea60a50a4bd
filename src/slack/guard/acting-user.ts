import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { actingAs } from '../../cloud/acting-user';
import { isRecord } from '../../guards';

/**
 * The Slack user a request comes from, bound for as long as its listener runs, so the STS role session name of
 * every cloud call it makes carries that user (cloud/acting-user.ts).
 */
export function bindActingUser(): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const user = userOf(body);
    if (user === undefined) await next();
    else await actingAs(user, next);
  };
}

function userOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.user_id === 'string') return body.user_id;
  if (isRecord(body.user) && typeof body.user.id === 'string') return body.user.id;
  if (isRecord(body.event) && typeof body.event.user === 'string') return body.event.user;
  return undefined;
}

/**
 * What a user hears when they have asked the cloud too often: the limit, and when to ask again. It is said at
 * once, before any call, so a member who repeats a command in a hurry learns why nothing happens.
 */
import type { UserRate } from '../limits/rate-limit';
import { mrkdwn, plural } from './format';
import type { SlackMessage } from './surface';

function period(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds === 60) return 'minute';
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return seconds === 1 ? 'second' : plural(seconds, 'second');
}

/** Seconds to wait, rounded up: "try again in 0 seconds" would invite the same refusal. */
function wait(retryAfterMs: number): string {
  return plural(Math.max(1, Math.ceil(retryAfterMs / 1000)), 'second');
}

/** One sentence naming the limit, for the builder's inline error and the message alike. */
export function rateLimitedText(rate: UserRate, retryAfterMs: number): string {
  return (
    `You have reached the limit of ${plural(rate.requests, 'request')} per ${period(rate.perMs)} ` +
    `(${rate.burst} at once) that each person may make. Try again in ${wait(retryAfterMs)}.`
  );
}

export function rateLimitedMessage(rate: UserRate, retryAfterMs: number): SlackMessage {
  const sentence = rateLimitedText(rate, retryAfterMs);
  return {
    text: sentence,
    blocks: [
      { type: 'section', text: mrkdwn(`:hourglass_flowing_sand: ${sentence}`) },
      {
        type: 'context',
        elements: [mrkdwn('The limit keeps the cloud account’s API quota fair for everyone during an incident.')],
      },
    ],
  };
}

import { randomBytes, randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Slack-shaped ids: a type letter and upper-case alphanumerics (V… views, Ev… events). */
export function slackId(prefix: string, length = 10): string {
  return prefix + pick(UPPER, length);
}

/** Slack fills in a short random block_id/action_id when the app gives none. */
export function shortId(length = 5): string {
  return pick(ALNUM, length);
}

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** `1732600000123.1234567890.0123456789abcdef0123456789abcdef`, the shape of a real trigger_id. */
export function triggerId(nowMs: number): string {
  return `${Math.floor(nowMs)}.${randomInt(1_000_000_000, 9_999_999_999)}.${hex(16)}`;
}

/** View hashes look like `1732600000.a1b2c3d4`. */
export function viewHash(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${hex(4)}`;
}

/** Message timestamps: "seconds.micro", unique and increasing, like Slack's "1732600000.000100". */
export class TsClock {
  private lastSeconds = 0;
  private counter = 0;

  next(nowMs = Date.now()): string {
    const seconds = Math.floor(nowMs / 1000);
    if (seconds > this.lastSeconds) {
      this.lastSeconds = seconds;
      this.counter = 100;
    } else {
      this.counter += 100;
      if (this.counter > 999_900) {
        this.lastSeconds += 1;
        this.counter = 100;
      }
    }
    return `${this.lastSeconds}.${String(this.counter).padStart(6, '0')}`;
  }
}

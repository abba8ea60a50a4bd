/**
 * Waits between attempts to reach something that is not answering yet (Slack at start, Redis after a loss). Capped
 * at a few seconds so that readiness follows within seconds of the network returning, not minutes.
 */
export interface Backoff {
  /** The wait before attempt `failures + 1`, after `failures` failures in a row (1-based). */
  delayMs(failures: number): number;
}

export function cappedBackoff(baseMs = 250, capMs = 3_000): Backoff {
  return { delayMs: (failures) => Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1)) };
}

/** Log on the first failure and every `every` after it, so a long outage is visible without flooding the log. */
export function worthLogging(failures: number, every = 5): boolean {
  return failures === 1 || failures % every === 0;
}

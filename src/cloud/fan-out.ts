/**
 * `all`: the same task in every region, in parallel under a concurrency cap and one overall deadline. A region that
 * fails or runs out of time becomes a failed outcome; it never fails the others.
 */
import { once } from 'node:events';
import { CloudError, CloudErrorCode, toCloudError } from './errors';
import { Limiter } from './limiter';

/** Regions asked at once: enough to finish in about the slowest region's time, few enough not to trip throttling. */
export const FAN_OUT_CONCURRENCY = 4;

export type RegionOutcome<T> =
  | { region: string; ok: true; value: T }
  | { region: string; ok: false; error: CloudError; cause?: unknown };

export interface FanOutOptions {
  /** Everything is over after this: unfinished regions are aborted and reported as timed out. */
  budgetMs: number;
  concurrency?: number;
  /**
   * A second cap, shared with other fan-outs: twenty people running `all` during one incident then make at most
   * this many calls at once between them, not twenty times `concurrency`.
   */
  shared?: Limiter;
}

function timedOut(region: string, budgetMs: number): CloudError {
  return new CloudError(CloudErrorCode.Timeout, `no answer from the VPC API within ${budgetMs} ms`, { region });
}

/** Outcomes in the order of `regions`. Never throws; a non-cloud failure becomes Unknown, with its cause kept. */
export async function fanOutRegions<T>(
  regions: readonly string[],
  task: (region: string, signal: AbortSignal) => Promise<T>,
  options: FanOutOptions,
): Promise<Array<RegionOutcome<T>>> {
  const limiter = new Limiter(Math.max(1, options.concurrency ?? FAN_OUT_CONCURRENCY));
  const shared = options.shared;
  // Aborts at the deadline, or when every region is done: whatever is still running has lost its audience.
  const finished = new AbortController();
  const signal = AbortSignal.any([AbortSignal.timeout(Math.ceil(options.budgetMs)), finished.signal]);
  const expired = once(signal, 'abort').then(() => 'expired' as const);

  const one = async (region: string): Promise<RegionOutcome<T>> => {
    const start = (): Promise<T> => {
      // Queued past the deadline: not worth a request whose answer nobody will read.
      if (signal.aborted) return Promise.reject(timedOut(region, options.budgetMs));
      return task(region, signal);
    };
    // Own slot first, then a shared one: always in this order, so two fan-outs cannot wait on each other.
    const run = limiter.run(() => (shared ? shared.run(start) : start()));
    // The race below may leave `run` behind; its late failure is expected and must not become unhandled.
    run.catch(() => undefined);
    try {
      const settled = await Promise.race([run.then((value) => ({ value })), expired]);
      if (settled === 'expired') return { region, ok: false, error: timedOut(region, options.budgetMs) };
      return { region, ok: true, value: settled.value };
    } catch (error) {
      if (error instanceof CloudError) return { region, ok: false, error };
      if (signal.aborted) return { region, ok: false, error: timedOut(region, options.budgetMs) };
      return { region, ok: false, error: toCloudError(error, region), cause: error };
    }
  };

  try {
    return await Promise.all(regions.map(one));
  } finally {
    finished.abort();
  }
}

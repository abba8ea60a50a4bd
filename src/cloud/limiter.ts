/**
 * A counting semaphore for "at most N calls to the API at once", first come first served. A finishing task hands
 * its slot straight to the next waiter, so a task that arrives in between cannot slip past the cap.
 */
/** MIRRORS_CLOUD_CONCURRENCY's default: calls to the cloud in flight at once, for the whole process. */
export const DEFAULT_CLOUD_CONCURRENCY = 16;

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /**
   * Runs `task` once a slot is free. A waiter whose `signal` aborts leaves the queue at once and rejects with the
   * signal's reason: a request out of time must not sit in line for a slot it can no longer use.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) await this.wait(signal);
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(granted);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      // The slot is handed over by calling this: from then on an abort is the task's business, not the queue's.
      const granted = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(granted);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

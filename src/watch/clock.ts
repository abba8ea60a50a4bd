/** Time for the poller, injected so tests and the bench run hours of polling in milliseconds. */

export interface Clock {
  now(): number;
  /** Runs `run` after `ms`; the handle cancels it. */
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The real clock. Timers are unref'd: pending polls alone never keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimer(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

interface ManualTimer {
  at: number;
  seq: number;
  run: () => void;
}

/** Waits until pending promise callbacks (and the I/O they started in the same turn) have run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that moves only when told. `advance` fires due timers in time order and lets the async work each one
 * starts settle before moving on, as real time would.
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(run: () => void, ms: number): unknown {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.time + Math.max(0, ms), seq: this.seq, run });
    return this.seq;
  }

  clearTimer(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      let next: ManualTimer | undefined;
      for (const timer of this.timers.values()) {
        if (timer.at <= end && (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))) {
          next = timer;
        }
      }
      if (!next) break;
      this.timers.delete(next.seq);
      this.time = next.at;
      next.run();
      await settle();
    }
    this.time = end;
  }
}

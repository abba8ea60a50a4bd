/**
 * Concurrent identical reads share one call: during an incident many people type the same command, and each would
 * otherwise spend a call of the account's API quota on the same answer. Only calls in flight are shared; nothing
 * is kept once a call settles, so an answer is never older than the request that asked for it.
 */
interface Flight<T> {
  promise: Promise<T>;
  waiters: number;
  settled: boolean;
  /** Aborts the shared call once every waiter has given up on it. */
  controller: AbortController;
}

export class InFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /**
   * The result of the call running under `key`, or of a new one. Every waiter gets the same value or error. A
   * waiter whose own `signal` aborts stops waiting with `abandoned()`; the call goes on for the others and is
   * aborted only when nobody is left to read it.
   */
  async run(
    key: string,
    call: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal | undefined,
    abandoned: () => Error,
  ): Promise<T> {
    if (signal?.aborted) throw abandoned();
    const flight = this.flights.get(key) ?? this.start(key, call);
    flight.waiters += 1;
    try {
      return await waitFor(flight.promise, signal, abandoned);
    } finally {
      flight.waiters -= 1;
      if (flight.waiters === 0 && !flight.settled) flight.controller.abort();
    }
  }

  /** Calls running now (for tests and the bench). */
  get size(): number {
    return this.flights.size;
  }

  private start(key: string, call: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const flight: Flight<T> = { promise: call(controller.signal), waiters: 0, settled: false, controller };
    const done = (): void => {
      flight.settled = true;
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    // Settles the bookkeeping either way; a failure nobody waits for any more must not become unhandled.
    flight.promise.then(done, done);
    this.flights.set(key, flight);
    return flight;
  }
}

async function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, abandoned: () => Error): Promise<T> {
  if (!signal) return promise;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abandoned());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

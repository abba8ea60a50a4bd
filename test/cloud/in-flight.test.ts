import { describe, expect, it } from 'vitest';
import { CloudErrorCode } from '../../src/cloud/errors';
import { InFlight } from '../../src/cloud/in-flight';
import { Limiter } from '../../src/cloud/limiter';
import { DEFAULT_RETRY_POLICY, realTiming, withRetry } from '../../src/cloud/retry';
import { silentLogger } from '../../src/log';

const abandoned = () => new Error('gave up');

/** A call that settles when the test says so, and records whether it was aborted. */
function controllable() {
  let settle: { resolve(value: string): void; reject(error: Error): void } | undefined;
  const seen = { calls: 0, aborted: false };
  const call = (signal: AbortSignal) => {
    seen.calls += 1;
    signal.addEventListener('abort', () => {
      seen.aborted = true;
    });
    return new Promise<string>((resolve, reject) => {
      settle = { resolve, reject };
    });
  };
  return { call, seen, settle: () => settle };
}

describe('InFlight: identical calls in flight share one', () => {
  it('gives every waiter the same failure', async () => {
    const flights = new InFlight<string>();
    const { call, seen, settle } = controllable();
    const waiters = [1, 2, 3].map(() => flights.run('k', call, undefined, abandoned));
    settle()?.reject(new Error('throttled'));
    for (const waiter of waiters) await expect(waiter).rejects.toThrow('throttled');
    expect(seen.calls).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('keeps the call going for the others when one waiter gives up, and aborts it when all have', async () => {
    const flights = new InFlight<string>();
    const { call, seen, settle } = controllable();
    const impatient = new AbortController();
    const patient = new AbortController();
    const first = flights.run('k', call, impatient.signal, abandoned);
    const second = flights.run('k', call, patient.signal, abandoned);
    impatient.abort();
    await expect(first).rejects.toThrow('gave up');
    expect(seen.aborted).toBe(false);
    patient.abort();
    await expect(second).rejects.toThrow('gave up');
    expect(seen.aborted).toBe(true);
    settle()?.reject(new Error('aborted'));
  });

  it('shares nothing once a call has settled: the next asker gets a fresh call', async () => {
    const flights = new InFlight<string>();
    const { call, seen, settle } = controllable();
    const first = flights.run('k', call, undefined, abandoned);
    settle()?.resolve('one');
    await expect(first).resolves.toBe('one');
    const second = flights.run('k', call, undefined, abandoned);
    settle()?.resolve('two');
    await expect(second).resolves.toBe('two');
    expect(seen.calls).toBe(2);
  });
});

describe('Limiter: waiting in line', () => {
  it('serves waiters first come first served, and one that gives up leaves the line without a slot', async () => {
    const limiter = new Limiter(1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const holder = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const quitter = new AbortController();
    const a = limiter.run(async () => void order.push('a'));
    const gaveUp = limiter.run(async () => void order.push('quitter'), quitter.signal);
    const b = limiter.run(async () => void order.push('b'));
    quitter.abort(new Error('out of time'));
    await expect(gaveUp).rejects.toThrow('out of time');
    release();
    await Promise.all([holder, a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('counts the wait toward the budget: out of time in line is a Timeout, and the API is never asked', async () => {
    const limiter = new Limiter(1);
    let release: () => void = () => undefined;
    const holder = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    let attempts = 0;
    const queued = withRetry(
      async () => {
        attempts += 1;
        return 'answer';
      },
      {
        policy: { ...DEFAULT_RETRY_POLICY, budgetMs: 50 },
        timing: realTiming,
        logger: silentLogger,
        context: { region: 'cn-hongkong', hostNamesRegion: false },
        operation: 'ListTrafficMirrorSessions',
        limiter,
      },
    );
    await expect(queued).rejects.toMatchObject({ code: CloudErrorCode.Timeout, details: { region: 'cn-hongkong' } });
    expect(attempts).toBe(0);
    release();
    await holder;
  });
});

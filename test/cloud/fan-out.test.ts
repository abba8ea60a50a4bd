import { describe, expect, it } from 'vitest';
import { listEniPage } from '../../src/cloud/eni-lookup';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import { FAN_OUT_CONCURRENCY, fanOutRegions } from '../../src/cloud/fan-out';
import { Limiter } from '../../src/cloud/limiter';
import type { MirrorSession, PageRequest, SessionPage, SessionSource } from '../../src/cloud/types';
import { session } from '../views/fixtures';

const REGIONS = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6', 'r-7', 'r-8', 'r-9'];

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });

describe('fanOutRegions', () => {
  it('runs every region, in order of the list, never more than the cap at once', async () => {
    let running = 0;
    let most = 0;
    const outcomes = await fanOutRegions(
      REGIONS,
      async (region) => {
        running += 1;
        most = Math.max(most, running);
        await wait(20);
        running -= 1;
        return region.toUpperCase();
      },
      { budgetMs: 5_000 },
    );
    expect(outcomes.map((o) => (o.ok ? o.value : o.error.code))).toEqual(REGIONS.map((r) => r.toUpperCase()));
    expect(most).toBe(FAN_OUT_CONCURRENCY);
  });

  it('reports a failed region without failing the others', async () => {
    const outcomes = await fanOutRegions(
      ['r-1', 'r-2', 'r-3'],
      async (region) => {
        if (region === 'r-2') throw new CloudError(CloudErrorCode.PermissionDenied, 'no', { region });
        return region;
      },
      { budgetMs: 5_000 },
    );
    expect(outcomes).toEqual([
      { region: 'r-1', ok: true, value: 'r-1' },
      { region: 'r-2', ok: false, error: expect.objectContaining({ code: CloudErrorCode.PermissionDenied }) },
      { region: 'r-3', ok: true, value: 'r-3' },
    ]);
  });

  it('turns a bug into an Unknown error for that region and keeps the cause for the log', async () => {
    const [outcome] = await fanOutRegions(['r-1'], () => Promise.reject(new TypeError('boom')), { budgetMs: 5_000 });
    expect(outcome).toMatchObject({ region: 'r-1', ok: false, error: { code: CloudErrorCode.Unknown } });
    expect(outcome && !outcome.ok ? outcome.cause : undefined).toBeInstanceOf(TypeError);
  });

  it('ends at the deadline: regions still running are aborted, queued ones never start, all say timed out', async () => {
    const started: string[] = [];
    const aborted: string[] = [];
    const outcomes = await fanOutRegions(
      REGIONS,
      async (region, signal) => {
        started.push(region);
        if (region === 'r-1') return 'fast';
        try {
          await wait(60_000, signal);
        } catch (error) {
          aborted.push(region);
          throw error;
        }
        return 'never';
      },
      { budgetMs: 200, concurrency: 2 },
    );
    expect(outcomes[0]).toEqual({ region: 'r-1', ok: true, value: 'fast' });
    for (const outcome of outcomes.slice(1)) {
      expect(outcome).toMatchObject({
        ok: false,
        error: { code: CloudErrorCode.Timeout, details: { region: outcome.region } },
      });
    }
    // r-1 finished, r-2 and r-3 took the two slots and hung; nobody else was asked.
    expect(started).toEqual(['r-1', 'r-2', 'r-3']);
    await wait(10);
    expect(aborted.sort()).toEqual(['r-2', 'r-3']);
  });

  it('answers an empty list of regions', async () => {
    expect(await fanOutRegions([], () => Promise.resolve(1), { budgetMs: 100 })).toEqual([]);
  });
});

describe('Limiter', () => {
  it('lets the next task in when one fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await limiter.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('never runs more than its cap, even when a task arrives as another finishes', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running -= 1;
    };
    const first = Array.from({ length: 5 }, () => limiter.run(task));
    // Arrives while the first tasks are finishing and handing over their slots.
    await Promise.resolve();
    const late = Array.from({ length: 5 }, () => limiter.run(task));
    await Promise.all([...first, ...late]);
    expect(peak).toBe(2);
  });
});

/** A SessionSource that answers from a function and records each request. */
function fakeSource(
  answer: (request: PageRequest, signal?: AbortSignal) => Promise<SessionPage>,
): SessionSource & { requests: PageRequest[] } {
  const requests: PageRequest[] = [];
  return {
    requests,
    listPage(request, signal) {
      requests.push(request);
      return answer(request, signal);
    },
  };
}

const pageOf = (sessions: MirrorSession[], nextToken?: string, totalCount?: number): SessionPage => ({
  region: 'cn-hongkong',
  sessions,
  totalCount,
  nextToken,
  requestId: 'R',
});

describe('listEniPage (the ENI lookup fan-out: two streams)', () => {
  const ENI = 'eni-0000000000000000unit';
  const base = { region: 'cn-hongkong', eni: ENI, filters: { tags: [{ key: 'k' }], sessionIds: [] }, maxResults: 2 };

  it('asks as source and as target with the other filters, and merges by id', async () => {
    const a = session({}, 1);
    const b = session({}, 2);
    const c = session({}, 3);
    const source = fakeSource(async (request) =>
      request.filters.sourceId === ENI ? pageOf([a, b], 'S2', 4) : pageOf([b, c], undefined, 2),
    );
    const page = await listEniPage(source, base);
    expect(source.requests.map((r) => [r.filters.sourceId, r.filters.targetId, r.filters.tags, r.nextToken])).toEqual([
      [ENI, undefined, [{ key: 'k' }], undefined],
      [undefined, ENI, [{ key: 'k' }], undefined],
    ]);
    expect(page.sessions.map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    expect([...page.roles]).toEqual([
      [a.id, 'source'],
      [b.id, 'both'],
      [c.id, 'target'],
    ]);
    expect(page.source).toMatchObject({ listed: true, count: 2, totalCount: 4, nextToken: 'S2' });
    expect(page.target).toMatchObject({ listed: true, count: 2, totalCount: 2, nextToken: undefined });
  });

  it('does not ask an exhausted stream again', async () => {
    const source = fakeSource(async () => pageOf([session({}, 1)]));
    const page = await listEniPage(source, { ...base, source: 'S3', target: null });
    expect(source.requests).toHaveLength(1);
    expect(source.requests[0]?.nextToken).toBe('S3');
    expect(page.target).toMatchObject({ listed: false, count: 0 });
  });

  it('stops the other stream when one fails', async () => {
    let otherAborted = false;
    const source = fakeSource(async (request, signal) => {
      if (request.filters.targetId === ENI) throw new CloudError(CloudErrorCode.PermissionDenied, 'no');
      await wait(5_000, signal).catch((error: unknown) => {
        otherAborted = true;
        throw error;
      });
      return pageOf([]);
    });
    await expect(listEniPage(source, base)).rejects.toMatchObject({ code: CloudErrorCode.PermissionDenied });
    await wait(10);
    expect(otherAborted).toBe(true);
  });
});

describe('fan-outs sharing one limiter', () => {
  it('stay under the shared cap together, and each under its own', async () => {
    const shared = new Limiter(3);
    let running = 0;
    let peak = 0;
    const task = async (region: string): Promise<string> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return region;
    };
    const regions = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1', 'cn-hangzhou', 'eu-central-1'];
    const results = await Promise.all(
      Array.from({ length: 4 }, () => fanOutRegions(regions, task, { budgetMs: 5_000, shared })),
    );
    expect(peak).toBe(3);
    for (const outcomes of results) expect(outcomes.every((o) => o.ok)).toBe(true);
  });
});

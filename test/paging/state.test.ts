import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ALL_REGIONS,
  type EniCursor,
  eniCursorOf,
  firstState,
  MemoryStateStore,
  nextState,
  pageNumberOf,
  previousState,
  regionQuery,
  StateCodec,
  tokenOf,
} from '../../src/paging';
import type { MirrorQuery } from '../../src/query/types';

const eniQuery: MirrorQuery = {
  scope: { kind: 'region', region: 'cn-hongkong' },
  filters: { tags: [], sessionIds: [] },
  limit: 10,
  eni: 'eni-000j6cstate000000001',
};

function codec(): StateCodec {
  return new StateCodec({ secret: 'test-secret', store: new MemoryStateStore(), now: () => 1_700_000_000_000 });
}

/** A value signed like a real one around any JSON: what an older (or a buggy) deploy could have written. */
function signedJson(json: unknown): string {
  const c = codec();
  // Encode a real state, then swap the body and sign it again the same way the codec does.
  const real = c.encode(firstState(eniQuery, 'cn-hongkong'));
  const [version, exp] = real.split('.');
  const body = Buffer.from(JSON.stringify(json)).toString('base64url');
  const mac = createHmac('sha256', 'test-secret')
    .update(`${version}.${exp}.${body}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
  return `${version}.${exp}.${body}.${mac}`;
}

describe('page state of an ENI lookup', () => {
  it('keeps one cursor per page for both streams, and walks back through them', async () => {
    const one = firstState(eniQuery, 'cn-hongkong');
    const atTwo: EniCursor = { source: 'S2', target: 'T2', sourceTotal: 5, targetTotal: 3 };
    const atThree: EniCursor = { source: 'S3', target: null, sourceTotal: 5, targetTotal: 3 };
    const two = nextState(one, atTwo);
    const three = nextState(two, atThree);
    expect([pageNumberOf(one), pageNumberOf(two), pageNumberOf(three)]).toEqual([1, 2, 3]);
    expect(eniCursorOf(one)).toBeUndefined();
    expect(eniCursorOf(three)).toEqual(atThree);
    expect(tokenOf(three)).toBeUndefined();
    expect(previousState(three)).toEqual(two);
    expect(eniCursorOf(previousState(three)!)).toEqual(atTwo);
  });

  it('round-trips through the codec, an exhausted stream (null) included', async () => {
    const c = codec();
    const state = nextState(
      nextState(firstState(eniQuery, 'cn-hongkong'), { source: 'S2', target: 'T2', targetTotal: 3 }),
      { source: 'S3', target: null },
    );
    expect(await c.decode(c.encode(state))).toEqual({ ok: true, state });
  });

  it("scopes an `all` query to one region for that region's own list", async () => {
    const all: MirrorQuery = { ...eniQuery, scope: { kind: 'all' } };
    expect(regionQuery(all, 'cn-shanghai')).toEqual({ ...eniQuery, scope: { kind: 'region', region: 'cn-shanghai' } });
    const c = codec();
    const overview = firstState(all, ALL_REGIONS);
    expect(await c.decode(c.encode(overview))).toEqual({ ok: true, state: overview });
  });
});

describe('the codec checks the shape of what it decodes', () => {
  const plain = { ...eniQuery, eni: undefined };

  it("still reads a plain list's state written before ENI cursors existed", async () => {
    const old = {
      query: { scope: { kind: 'region', region: 'cn-hongkong' }, filters: { tags: [], sessionIds: [] }, limit: 10 },
      region: 'cn-hongkong',
      tokens: ['T2'],
    };
    expect(await codec().decode(signedJson(old))).toEqual({ ok: true, state: old });
  });

  it.each([
    ['a cursor in a plain list', { query: plain, region: 'cn-hongkong', tokens: [{ source: 'S', target: 'T' }] }],
    ['a string token in an ENI lookup', { query: eniQuery, region: 'cn-hongkong', tokens: ['T2'] }],
    ['a cursor without its target', { query: eniQuery, region: 'cn-hongkong', tokens: [{ source: 'S' }] }],
    [
      'a cursor with a numeric token',
      { query: eniQuery, region: 'cn-hongkong', tokens: [{ source: 2, target: null }] },
    ],
    [
      'a total that is not a number',
      { query: eniQuery, region: 'cn-hongkong', tokens: [{ source: 'S', target: null, sourceTotal: '5' }] },
    ],
    ['an eni that is not a string', { query: { ...eniQuery, eni: 7 }, region: 'cn-hongkong', tokens: [] }],
    ['an unknown scope', { query: { ...eniQuery, scope: { kind: 'everywhere' } }, region: 'cn-hongkong', tokens: [] }],
  ])('calls %s malformed', async (_label, state) => {
    expect(await codec().decode(signedJson(state))).toEqual({ ok: false, reason: 'malformed' });
  });
});

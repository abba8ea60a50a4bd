import { describe, expect, it } from 'vitest';
import { firstState, MemoryStateStore, StateCodec } from '../../src/paging';

function codec(scope: { team: string }, now = () => Date.now()): StateCodec {
  return new StateCodec({ secret: 'k', store: new MemoryStateStore(), scope: () => scope.team, now });
}

const QUERY = {
  scope: { kind: 'region' as const, region: 'cn-hongkong' },
  filters: { tags: [], sessionIds: [] },
  limit: 10,
};

describe('sealed values', () => {
  it('open to their payload, for the same purpose only', async () => {
    const c = codec({ team: 'T1' });
    const value = c.seal('details', 'cn-hongkong/tms-a');
    expect(value.length).toBeLessThan(120);
    expect(c.unseal('details', value)).toEqual({ ok: true, payload: 'cn-hongkong/tms-a' });
    expect(c.unseal('home-list', value)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuse an edited payload, a garbage value and an expired one', async () => {
    const c = codec({ team: 'T1' });
    const [v, exp, , mac] = c.seal('details', 'cn-hongkong/tms-a').split('.');
    const edited = [v, exp, Buffer.from('us-east-1/tms-a').toString('base64url'), mac].join('.');
    expect(c.unseal('details', edited)).toEqual({ ok: false, reason: 'tampered' });
    expect(c.unseal('details', 'cn-hongkong/tms-a')).toEqual({ ok: false, reason: 'malformed' });
    const old = codec({ team: 'T1' }, () => Date.now() - 7 * 60 * 60 * 1000);
    expect(c.unseal('details', old.seal('details', 'x'))).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('workspace binding', () => {
  it('a value minted in one workspace verifies there and nowhere else, page state and sealed alike', async () => {
    const scope = { team: 'T1' };
    const c = codec(scope);
    const page = c.encode(firstState(QUERY, 'cn-hongkong'));
    const sealed = c.seal('details', 'p');
    expect((await c.decode(page)).ok).toBe(true);
    scope.team = 'T2';
    expect(await c.decode(page)).toEqual({ ok: false, reason: 'tampered' });
    expect(c.unseal('details', sealed)).toEqual({ ok: false, reason: 'tampered' });
    scope.team = '';
    expect(await c.decode(page)).toEqual({ ok: false, reason: 'tampered' });
  });
});

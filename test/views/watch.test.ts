import { describe, expect, it } from 'vitest';
import type { RegionOverview } from '../../src/cloud/types';
import { accountsHomeView, homeView } from '../../src/views/home';
import { validateMessage } from '../../src/views/validate';
import {
  CHANGES_SHOWN_MAX,
  changeLine,
  intervalText,
  WATCHES_SHOWN_MAX,
  type WatchListEntry,
  watchChangesMessage,
  watchCreatedMessage,
  watchFailingMessage,
  watchListMessage,
  watchPausedMessage,
  watchRecoveredMessage,
  watchRemovedMessage,
} from '../../src/views/watch';
import { WatchActionId } from '../../src/views/watch-action-ids';
import { diffSessions, type SessionChange, type WatchedSession } from '../../src/watch/diff';

const NOW = new Date('2026-03-01T12:00:00Z');

function watched(overrides: Partial<WatchedSession> = {}): WatchedSession {
  return {
    id: 'tms-a1',
    name: 'ids-tap',
    enabled: true,
    status: 'Created',
    businessStatus: 'Normal',
    sources: ['eni-1'],
    target: 'eni-t',
    filter: 'tmf-1',
    priority: 1,
    vni: 10,
    ...overrides,
  };
}

const watch = {
  id: 'w-abcd2345',
  account: undefined,
  region: 'cn-hongkong',
  query: 'cn-hongkong tag:env=prod',
  creator: 'U0123ABC',
  createdAt: new Date('2026-02-26T12:00:00Z'),
};

function allText(blocks: unknown): string {
  return JSON.stringify(blocks);
}

function expectValid(message: { blocks: Parameters<typeof validateMessage>[0] }): void {
  expect(validateMessage(message.blocks, 'message')).toEqual([]);
}

/** The worst a session can look: every field at its longest, and markup in the name. */
function worst(i: number): WatchedSession {
  return watched({
    id: `tms-${String(i).padStart(24, 'x')}`,
    name: `<script>&${'n'.repeat(120)}`,
    sources: Array.from({ length: 10 }, (_, j) => `eni-${String(i * 10 + j).padStart(22, 'y')}`),
    target: `lb-${'t'.repeat(24)}`,
  });
}

describe('change lines', () => {
  const lineFor = (before: WatchedSession, after: WatchedSession): string =>
    changeLine(diffSessions([before], [after])[0] as SessionChange);

  it('names the session and each change in plain words', () => {
    expect(lineFor(watched(), watched({ enabled: false }))).toBe(
      ':pencil2: *ids-tap* `tms-a1`: :white_circle: *disabled*',
    );
    expect(lineFor(watched(), watched({ businessStatus: 'FinancialLocked' }))).toContain(
      '*FinancialLocked* (overdue payment: traffic is not mirrored)',
    );
    expect(lineFor(watched({ businessStatus: 'FinancialLocked' }), watched())).toContain(
      'no longer FinancialLocked (now Normal)',
    );
    expect(lineFor(watched(), watched({ status: 'Modifying' }))).toContain('status Created → *Modifying*');
    expect(lineFor(watched(), watched({ sources: ['eni-2'] }))).toContain(
      'sources added `eni-2`; sources removed `eni-1`',
    );
    const moved = lineFor(watched(), watched({ target: 'lb-x', filter: 'tmf-2', priority: 3, vni: null }));
    expect(moved).toContain('target `eni-t` → `lb-x`; filter `tmf-1` → `tmf-2`; priority 1 → 3; VNI 10 → none');
    expect(lineFor(watched(), watched({ name: 'new-name' }))).toContain('*new-name* `tms-a1`: renamed from *ids-tap*');
  });

  it('says what appeared and what disappeared', () => {
    expect(changeLine({ kind: 'appeared', session: watched({ enabled: false }) })).toBe(
      ':new: *ids-tap* `tms-a1` appeared: disabled, 1 source → `eni-t`',
    );
    expect(changeLine({ kind: 'disappeared', session: watched() })).toBe(':ghost: *ids-tap* `tms-a1` disappeared');
  });

  it('escapes names and statuses from the cloud', () => {
    const line = lineFor(watched({ name: '<!channel> & co' }), watched({ name: '<!channel> & co', status: '<b>' }));
    expect(line).toContain('&lt;!channel&gt; &amp; co');
    expect(line).toContain('*&lt;b&gt;*');
    expect(line).not.toContain('<!channel>');
  });
});

describe('watchChangesMessage', () => {
  it('lists every change of a small poll, with how to stop', () => {
    const changes = diffSessions([watched()], [watched({ enabled: false }), watched({ id: 'tms-b2', name: 'new' })]);
    const message = watchChangesMessage({ watch, changes, checkedAt: NOW, listValue: 'v1' });
    expectValid(message);
    const text = allText(message.blocks);
    expect(text).toContain('2 sessions changed in `cn-hongkong tag:env=prod`');
    expect(text).toContain('*ids-tap* `tms-a1`: :white_circle: *disabled*');
    expect(text).toContain('*new* `tms-b2` appeared');
    expect(text).toContain('/mirrors unwatch w-abcd2345');
    expect(text).not.toContain('more session');
    expect(message.text).toBe('2 changed in cn-hongkong tag:env=prod: ids-tap disabled; new appeared');
  });

  it('names the account when it is not the default', () => {
    const changes = diffSessions([], [watched()]);
    const message = watchChangesMessage({ watch: { ...watch, account: 'prod' }, changes, checkedAt: NOW });
    expect(allText(message.blocks)).toContain('in account `prod`');
  });

  it('summarises a thousand worst-case changes within Slack limits, with "and N more" and the list button', () => {
    const before = Array.from({ length: 1000 }, (_, i) => worst(i));
    const after = before.map((s) => ({ ...s, enabled: false, businessStatus: 'FinancialLocked', target: 'lb-new' }));
    const changes = diffSessions(before, after);
    const message = watchChangesMessage({ watch, changes, checkedAt: NOW, listValue: 'x'.repeat(1500) });
    expectValid(message);
    const text = allText(message.blocks);
    const named = (text.match(/:pencil2:/g) ?? []).length;
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThanOrEqual(CHANGES_SHOWN_MAX);
    expect(text).toContain(`…and ${1000 - named} more sessions changed`);
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({ elements: [{ action_id: WatchActionId.ListQuery, value: 'x'.repeat(1500) }] });
    expect(text).not.toContain('<script>');
    expect(message.text.length).toBeLessThanOrEqual(600);
  });

  it('without a button, says which command lists them all', () => {
    const changes = Array.from(
      { length: 60 },
      (_, i) => ({ kind: 'appeared', session: watched({ id: `tms-${i}` }) }) as const,
    );
    const message = watchChangesMessage({ watch, changes, checkedAt: NOW });
    expectValid(message);
    expect(allText(message.blocks)).toContain(
      `…and ${60 - CHANGES_SHOWN_MAX} more sessions changed: run \`/mirrors cn-hongkong tag:env=prod\``,
    );
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('watchCreatedMessage', () => {
  it('says what is watched, how often, what counts, and how to stop', () => {
    const message = watchCreatedMessage({ watch: { ...watch, query: 'cn-hongkong name:"a<b"' }, intervalSeconds: 300 });
    expectValid(message);
    const text = allText(message.blocks);
    expect(text).toContain('`cn-hongkong name:\\"a&lt;b\\"`');
    expect(text).toContain('checked every 5 minutes');
    expect(text).toContain('FinancialLocked');
    expect(text).toContain('/mirrors unwatch w-abcd2345');
    expect(text).toContain('/mirrors watches');
  });

  it('words intervals naturally', () => {
    expect(intervalText(300)).toBe('5 minutes');
    expect(intervalText(60)).toBe('60 seconds');
    expect(intervalText(1)).toBe('1 second');
    expect(intervalText(90)).toBe('90 seconds');
    expect(intervalText(3600)).toBe('1 hour');
    expect(intervalText(7200)).toBe('2 hours');
  });
});

describe('watchListMessage', () => {
  // Stands in for the listener's signing: the view must put whatever it is given on the button, not the bare id.
  const sealed = (id: string): string => `sealed(${id})`;
  const entry = (overrides: Partial<WatchListEntry> = {}): WatchListEntry => ({
    watch,
    lastCheck: new Date(NOW.getTime() - 120_000),
    lastChange: undefined,
    failures: 0,
    ...overrides,
  });

  it('shows each watch with its creator, age, last check and change, and a Remove button', () => {
    const message = watchListMessage(
      [entry(), entry({ watch: { ...watch, id: 'w-zzzz2222' }, lastChange: NOW })],
      NOW,
      sealed,
    );
    expectValid(message);
    const text = allText(message.blocks);
    expect(text).toContain('2 watches in this channel');
    expect(text).toContain('created by <@U0123ABC> 3 days ago');
    expect(text).toContain('last check 2 minutes ago');
    expect(text).toContain('last change none seen');
    expect(text).toContain('last change just now');
    const removes = message.blocks.flatMap((b) => (b.type === 'section' && b.accessory ? [b.accessory] : []));
    expect(removes).toEqual([
      expect.objectContaining({ action_id: WatchActionId.Remove, value: 'sealed(w-abcd2345)', style: 'danger' }),
      expect.objectContaining({ action_id: WatchActionId.Remove, value: 'sealed(w-zzzz2222)' }),
    ]);
  });

  it('marks paused and failing watches', () => {
    const paused = entry({ watch: { ...watch, paused: { reason: 'no access to <prod>', at: NOW } } });
    const text = allText(watchListMessage([paused, entry({ failures: 2 })], NOW, sealed).blocks);
    expect(text).toContain('*Paused:* no access to &lt;prod&gt;');
    expect(text).toContain('the last 2 checks failed');
  });

  it('says how to start one when there are none', () => {
    const message = watchListMessage([], NOW, sealed);
    expectValid(message);
    expect(allText(message.blocks)).toContain('/mirrors watch REGION TERM…');
  });

  it('stays within the block limit for many watches', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      entry({
        watch: { ...watch, id: `w-${String(i).padStart(8, 'a')}`, query: `cn-hongkong name:"${'q'.repeat(128)}"` },
      }),
    );
    const message = watchListMessage(many, NOW, sealed);
    expectValid(message);
    expect(allText(message.blocks)).toContain(`…and ${120 - WATCHES_SHOWN_MAX} more watches`);
  });
});

describe('notices', () => {
  it('failing: how many checks failed, since when, and that it will say when it recovers', () => {
    const message = watchFailingMessage({
      watch,
      failures: 3,
      lastCheck: new Date(NOW.getTime() - 3_600_000),
      reason: 'Alibaba Cloud throttled the request <retry later>',
      now: NOW,
    });
    expectValid(message);
    const text = allText(message.blocks);
    expect(text).toContain('The last 3 checks of `cn-hongkong tag:env=prod` failed (last good check 1 hour ago)');
    expect(text).toContain('hears when they work again');
    expect(text).toContain('&lt;retry later&gt;');
  });

  it('failing with no good check yet', () => {
    const text = allText(watchFailingMessage({ watch, failures: 3, lastCheck: undefined, now: NOW }).blocks);
    expect(text).toContain('no check has succeeded yet');
  });

  it('recovered', () => {
    const message = watchRecoveredMessage(watch, NOW);
    expectValid(message);
    expect(allText(message.blocks)).toContain('Checks of `cn-hongkong tag:env=prod` work again');
  });

  it('paused: this channel lost access, and why', () => {
    const message = watchPausedMessage(watch, 'Channel #<ops> may not use account prod.');
    expectValid(message);
    const text = allText(message.blocks);
    expect(text).toContain('*Paused:* this channel lost access');
    expect(text).toContain('Channel #&lt;ops&gt; may not use account prod.');
    expect(text).toContain('/mirrors unwatch w-abcd2345');
  });

  it('removed', () => {
    const message = watchRemovedMessage(watch);
    expectValid(message);
    expect(message.text).toBe('Stopped watching cn-hongkong tag:env=prod.');
  });
});

describe('Your watches on Home', () => {
  const overview = (region: string): RegionOverview => ({
    region,
    ok: true,
    total: 3,
    enabled: 2,
    disabled: 1,
    byStatus: { Created: 3 },
    financialLocked: [],
    notCreated: [],
    newest: [],
    tagKeys: [],
    enis: [],
    scannedAt: NOW,
  });

  it("lists the person's watches with their channel and state, escaped, and counts the rest", () => {
    const mine: WatchListEntry[] = Array.from({ length: 50 }, (_, i) => ({
      watch: {
        ...watch,
        id: `w-${String(i).padStart(8, 'a')}`,
        channel: `C0${i}AB`,
        query: `cn-hongkong name:"<b>${'q'.repeat(128)}"`,
      },
      lastCheck: new Date(NOW.getTime() - 60_000),
      lastChange: undefined,
      failures: i === 1 ? 3 : 0,
    }));
    mine[2] = {
      ...(mine[2] as WatchListEntry),
      watch: { ...watch, channel: '<!channel>', paused: { reason: 'x', at: NOW } },
    };
    // Worst case for room: more regions than Home can show, and the watches on top.
    const view = homeView({
      overviews: Array.from({ length: 150 }, (_, i) => overview(`region-${i}`)),
      listValue: (region) => region,
      now: NOW,
      yourWatches: mine,
    });
    expect(validateMessage(view.blocks, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = allText(view.blocks);
    expect(text).toContain('*Your watches*');
    expect(text).toContain('in <#C00AB>');
    expect(text).toContain('checked 1 minute ago, last change none seen');
    expect(text).toContain('last 3 checks failed');
    expect(text).toContain('paused');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<b>');
    expect(text).toMatch(/…and \d+ more watches/);
  });

  it('shows the watches of every account on Home of a bot with several, within the block limit', () => {
    const mine: WatchListEntry[] = Array.from({ length: 40 }, (_, i) => ({
      watch: { ...watch, id: `w-${String(i).padStart(8, 'b')}`, account: i % 2 === 0 ? 'prod' : 'finance' },
      lastCheck: NOW,
      lastChange: undefined,
      failures: 0,
    }));
    for (const accounts of [1, 2, 5, 40]) {
      // Worst case for room: every account with more regions than Home can show.
      const view = accountsHomeView({
        sections: Array.from({ length: accounts }, (_, a) => ({
          account: `account-${a}`,
          overviews: Array.from({ length: 60 }, (_, i) => overview(`region-${i}`)),
          listValue: (region: string) => region,
        })),
        now: NOW,
        yourWatches: mine,
      });
      expect(validateMessage(view.blocks, 'home'), `accounts=${accounts}`).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      const text = allText(view.blocks);
      expect(text).toContain('*Your watches*');
      expect(text).toContain('in account `finance`');
      expect(text).toContain('Account account-0');
    }
    expect(allText(accountsHomeView({ sections: [], now: NOW, yourWatches: [] }).blocks)).not.toContain('watches');
  });

  it('shows nothing when the person has no watches', () => {
    const view = homeView({ overviews: [overview('cn-hongkong')], listValue: (r) => r, now: NOW, yourWatches: [] });
    expect(allText(view.blocks)).not.toContain('Your watches');
  });
});

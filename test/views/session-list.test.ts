import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { CLI_INLINE_MAX, cliNeedsButton, cliScript } from '../../src/views/cli';
import { MESSAGE_TEXT_BUDGET, MESSAGE_TEXT_MAX } from '../../src/views/limits';
import type { ListViewInput } from '../../src/views/session-list';
import {
  CARD_LAYOUT_MAX_SESSIONS,
  chooseListLayout,
  ROWS_MAX,
  rangeText,
  sessionListMessage,
} from '../../src/views/session-list';
import { countText, validateMessage } from '../../src/views/validate';
import { allText, CREATED_UNIX, NOW, page, query, session, worstSession } from './fixtures';

function input(overrides: Partial<ListViewInput> = {}): ListViewInput {
  return {
    query: query(),
    region: 'cn-hongkong',
    page: page([session({}, 0)]),
    pageNumber: 1,
    firstIndex: 0,
    buttons: { details: (id) => `signed:${id}` },
    now: NOW,
    ...overrides,
  };
}

/** The same input with `view:cards`: every field of each session. */
function cardInput(overrides: Partial<ListViewInput> = {}): ListViewInput {
  const base = input(overrides);
  return { ...base, query: { ...base.query, view: 'cards' } };
}

function expectValid(blocks: KnownBlock[]): void {
  expect(validateMessage(blocks, 'message')).toEqual([]);
}

const worstQuery = query(
  {
    tags: Array.from({ length: 20 }, (_, i) => ({ key: `<script>&k${i}`.padEnd(64, 'k'), value: 'v'.repeat(128) })),
    sessionIds: Array.from({ length: 100 }, (_, i) => `tms-${i}`),
    name: 'n'.repeat(128),
    sourceId: 'eni-00000000000000source',
    targetId: 'lb-00target',
    filterId: 'tmf-00000000000000filter',
    vni: 16777215,
    priority: 32766,
    enabled: false,
    resourceGroupId: 'rg-0000000000group',
  },
  100,
);

function sections(blocks: KnownBlock[]): SectionBlock[] {
  return blocks.filter((b): b is SectionBlock => b.type === 'section');
}

function buttons(blocks: KnownBlock[]): Button[] {
  const out: Button[] = [];
  for (const b of blocks) {
    if (b.type === 'section' && b.accessory?.type === 'button') out.push(b.accessory);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') out.push(e);
  }
  return out;
}

describe('sessionListMessage: the default rows', () => {
  const tenOf350 = (sessions = Array.from({ length: 10 }, (_, i) => session({}, i))) =>
    input({
      page: page(sessions, { totalCount: 350 }),
      pageNumber: 2,
      firstIndex: 10,
      buttons: { next: 'n', previous: 'p', share: 's', details: (id) => `signed:${id}` },
      cli: { script: cliScript(query(), 'cn-hongkong') },
    });

  it('shows one row per session, status first, name and source → target, each with its own Details button', () => {
    const i = tenOf350();
    expect(chooseListLayout(i).layout).toEqual({ kind: 'rows', level: 0 });
    const msg = sessionListMessage(i);
    expectValid(msg.blocks);
    const rows = sections(msg.blocks);
    expect(rows).toHaveLength(10);
    const first = i.page.sessions[0]!;
    expect(rows[0]?.text?.text).toBe(`🟢 *${first.name}* ${first.sourceIds[0]} → ${first.targetId}`);
    for (const [n, row] of rows.entries()) {
      expect(row.text?.text.split('\n')).toHaveLength(1);
      expect(row.accessory).toMatchObject({
        action_id: ActionId.Details,
        value: `signed:${i.page.sessions[n]?.id}`,
      });
    }
    // No wall of fields: no filter, VNI, tags or creation time in the rows.
    expect(allText(rows)).not.toMatch(/Filter|VNI|Created|Tags/);
  });

  it('puts the position right above the paging buttons, where the eye is after a click', () => {
    const msg = sessionListMessage(tenOf350());
    const last = msg.blocks[msg.blocks.length - 1];
    const position = msg.blocks[msg.blocks.length - 2];
    expect(last?.type).toBe('actions');
    expect(allText(position)).toContain('*11–20 of 350 · page 2*');
    expect(allText(position)).toContain('`view:cards`');
    expect(allText(msg.blocks[1])).toContain('350 in all');
  });

  it('counts what needs attention at the top and lists those sessions first on the page', () => {
    const sessions = [
      session({}, 0),
      session({ enabled: false }, 1),
      session({}, 2),
      session({ businessStatus: 'FinancialLocked' }, 3),
      session({ status: 'Creating' }, 4),
    ];
    const msg = sessionListMessage(tenOf350(sessions));
    expectValid(msg.blocks);
    const [summary, ...rows] = sections(msg.blocks).map((b) => b.text?.text ?? '');
    expect(summary).toBe(
      ':warning: *3 of 5 on this page need attention*, listed first: 1 locked (overdue payment) · 1 disabled · 1 being created, changed or deleted',
    );
    expect(rows.map((r) => r.match(/mirror-\d/)?.[0])).toEqual([
      'mirror-1',
      'mirror-3',
      'mirror-4',
      'mirror-0',
      'mirror-2',
    ]);
    expect(rows[0]).toMatch(/^⚪ Disabled: \*mirror-1\*/);
    expect(rows[1]).toMatch(/^🔒 Locked \(overdue payment\): \*mirror-3\*/);
    expect(rows[2]).toMatch(/^⏳ Being created…: \*mirror-4\*/);
    expect(rows[3]).toMatch(/^🟢 \*mirror-0\*/);
  });

  it('says "on this page" only when there are other pages, and nothing when all is well', () => {
    const one = sessionListMessage(input({ page: page([session({ enabled: false }, 1), session({}, 2)]) }));
    expect(sections(one.blocks)[0]?.text?.text).toBe(':warning: *1 of 2 needs attention*, listed first: 1 disabled');
    const healthy = sessionListMessage(tenOf350());
    expect(allText(healthy.blocks)).not.toContain('attention');
  });

  it('shows the id of a session that has no name', () => {
    const msg = sessionListMessage(input({ page: page([session({ name: '' }, 7)]) }));
    expect(sections(msg.blocks)[0]?.text?.text).toContain('`tms-');
  });

  it('keeps a thread reply short: no CLI small print and no hint, the CLI behind its button when it has one', () => {
    const long = cliScript(worstQuery, 'cn-hongkong');
    const brief = sessionListMessage({ ...tenOf350(), brief: true });
    expectValid(brief.blocks);
    expect(allText(brief.blocks)).not.toContain('aliyun vpc');
    expect(allText(brief.blocks)).not.toContain('view:cards');
    const withButton = sessionListMessage({ ...tenOf350(), brief: true, cli: { script: long, buttonValue: 'c' } });
    expect(buttons(withButton.blocks).map((b) => b.action_id)).toContain(ActionId.ShowCli);
    expect(brief.blocks.length).toBeLessThan(sessionListMessage(tenOf350()).blocks.length);
  });

  it(`stays valid with worst-case data for every page size up to ${ROWS_MAX}`, () => {
    for (const n of [1, 10, 25, ROWS_MAX]) {
      const sessions = Array.from({ length: n }, (_, i) => worstSession(i));
      const i = input({
        query: worstQuery,
        page: page(sessions, { totalCount: 12345 }),
        buttons: {
          next: 'n'.repeat(2000),
          previous: 'p'.repeat(2000),
          share: 's'.repeat(2000),
          details: (id) => `${'d'.repeat(100)}:${id}`,
        },
        cli: { script: cliScript(worstQuery, 'cn-hongkong'), buttonValue: 'c'.repeat(2000) },
      });
      const msg = sessionListMessage(i);
      expect(validateMessage(msg.blocks, 'message'), `n=${n}`).toEqual([]);
      expect(countText(msg.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      const text = allText(msg.blocks);
      expect(text).not.toContain('<script>');
      for (const s of sessions) expect(text).toContain(s.id);
    }
  });
});

describe('sessionListMessage: card layout', () => {
  it('names the region in a header, summarises the filters on top and puts the position by the buttons', () => {
    const msg = sessionListMessage(
      cardInput({
        query: query({ tags: [{ key: 'FinanceDept' }], enabled: false }),
        page: page(
          Array.from({ length: 10 }, (_, i) => session({}, i)),
          { totalCount: 37 },
        ),
      }),
    );
    expectValid(msg.blocks);
    expect(msg.blocks[0]).toEqual({
      type: 'header',
      text: expect.objectContaining({ text: 'Traffic mirror sessions · cn-hongkong' }),
    });
    const context = allText(msg.blocks[1]);
    expect(context).toContain('`tag:FinanceDept`');
    expect(context).toContain('`enabled:false`');
    expect(context).toContain('37 in all');
    const position = msg.blocks[msg.blocks.length - 1];
    expect(position?.type).toBe('context');
    expect(allText(position)).toContain('*1–10 of 37 · page 1*');
    expect(msg.text).toContain('1–10 of 37');
    expect(msg.text.length).toBeLessThan(300);
  });

  it('shows every response field of a session', () => {
    const s = session({
      name: 'db mirror',
      id: 'tms-6cla50buc44ap8tu1234',
      sourceIds: ['eni-0000000000000000src1', 'eni-0000000000000000src2'],
      targetId: 'lb-0target1',
      targetType: 'SLB',
      filterId: 'tmf-0000000000000filter1',
      vni: 4242,
      priority: 7,
      packetLength: 1400,
      description: 'copies finance traffic',
      resourceGroupId: 'rg-000000000group1',
      tags: [
        { key: 'FinanceDept', value: 'FinanceJoshua' },
        { key: 'empty', value: '' },
      ],
    });
    const text = allText(sessionListMessage(cardInput({ page: page([s]) })).blocks);
    for (const expected of [
      '*db mirror*',
      '`tms-6cla50buc44ap8tu1234`',
      ':large_green_circle: Mirroring',
      'Created',
      '`eni-0000000000000000src1`, `eni-0000000000000000src2`',
      '`lb-0target1` (SLB)',
      '`tmf-0000000000000filter1`',
      '*VNI* 4242',
      '*Priority* 7',
      '*Packet length* 1400',
      'copies finance traffic',
      '`rg-000000000group1`',
      '`FinanceDept=FinanceJoshua`',
      '`empty`',
      '3 days ago',
      `<!date^${CREATED_UNIX}^{date_short_pretty} {time}|2023-09-05 15:26 UTC>`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(allText(sessionListMessage(cardInput({ page: page([session()]) })).blocks)).toContain('(ENI)');
  });

  it('shows the raw creation time when it could not be parsed', () => {
    const s = session({ createdAt: undefined, creationTimeRaw: 'yesterday-ish <b>' });
    const text = allText(sessionListMessage(cardInput({ page: page([s]) })).blocks);
    expect(text).toContain('yesterday-ish &lt;b&gt;');
    expect(text).not.toContain('<!date^');
  });

  it('gives clear cues for disabled, pending, deleting and FinancialLocked sessions', () => {
    const sessions = [
      session({ enabled: false }, 1),
      session({ status: 'Creating' }, 2),
      session({ status: 'Modifying' }, 3),
      session({ status: 'Deleting' }, 4),
      session({ businessStatus: 'FinancialLocked' }, 5),
    ];
    const msg = sessionListMessage(cardInput({ page: page(sessions) }));
    expectValid(msg.blocks);
    const [summary, ...cards] = sections(msg.blocks).map((b) => b.text?.text ?? '');
    expect(summary).toBe(
      ':warning: *5 of 5 need attention*, listed first: 1 locked (overdue payment) · 1 disabled · 3 being created, changed or deleted',
    );
    expect(cards[0]).toContain(':white_circle: *Disabled*');
    expect(cards[1]).toContain(':hourglass_flowing_sand: *Being created…*');
    expect(cards[2]).toContain(':hourglass_flowing_sand: *Being changed…*');
    expect(cards[3]).toContain(':wastebasket: *Being deleted…*');
    expect(cards[4]).toContain(':lock: *Locked (overdue payment)*');
    expect(cards[4]).toContain('traffic not mirrored');
    // Plain words, one "Created" (the creation time), no API jargon.
    for (const card of cards) {
      expect(card).not.toMatch(/Enabled|Normal|FinancialLocked/);
      expect(card.match(/Created/g)).toHaveLength(1);
    }
  });

  it('escapes cloud and user text', () => {
    const s = session({
      name: '<script>&alert',
      description: 'a <b>bold</b> & <!channel>',
      tags: [{ key: '<script>&k', value: '<v>&' }],
    });
    const msg = sessionListMessage(cardInput({ query: query({ tags: [{ key: '<script>&' }] }), page: page([s]) }));
    const text = allText(msg.blocks);
    expect(text).toContain('&lt;script&gt;&amp;alert');
    expect(text).toContain('a &lt;b&gt;bold&lt;/b&gt; &amp; &lt;!channel&gt;');
    expect(text).toContain('`&lt;script&gt;&amp;k=&lt;v&gt;&amp;`');
    expect(text).toContain('`tag:&lt;script&gt;&amp;`');
    // The only "<" left is our own date token.
    for (const b of sections(msg.blocks)) expect(b.text?.text.replace(/<!date\^[^>]+>/g, '')).not.toMatch(/[<>]/);
    expect(msg.text).not.toMatch(/[<>]/);
  });

  it('has a Details button per session carrying the signed value it is given, and none without one', () => {
    const sessions = Array.from({ length: 3 }, (_, i) => session({}, i));
    const msg = sessionListMessage(cardInput({ page: page(sessions), buttons: { details: (id) => `signed:${id}` } }));
    const details = buttons(msg.blocks).filter((b) => b.action_id === ActionId.Details);
    expect(details.map((b) => b.value)).toEqual(sessions.map((s) => `signed:${s.id}`));
    const unsigned = sessionListMessage(cardInput({ page: page(sessions), buttons: {} }));
    expect(buttons(unsigned.blocks).filter((b) => b.action_id === ActionId.Details)).toEqual([]);
  });

  it('shows paging buttons only when their values are given', () => {
    const none = sessionListMessage(cardInput());
    expect(none.blocks.some((b) => b.type === 'actions')).toBe(false);

    const both = sessionListMessage(cardInput({ buttons: { previous: 'prev-value', next: 'next-value' } }));
    const actions = both.blocks[both.blocks.length - 1];
    expect(actions?.type).toBe('actions');
    const paging = buttons([actions as KnownBlock]);
    expect(paging.map((b) => [b.action_id, b.value, b.text.text, b.style])).toEqual([
      [ActionId.PreviousPage, 'prev-value', 'Previous page', undefined],
      [ActionId.NextPage, 'next-value', 'Next page', 'primary'],
    ]);

    const nextOnly = buttons(sessionListMessage(cardInput({ buttons: { next: 'n' } })).blocks).map((b) => b.action_id);
    expect(nextOnly).toContain(ActionId.NextPage);
    expect(nextOnly).not.toContain(ActionId.PreviousPage);

    const share = buttons(sessionListMessage(cardInput({ buttons: { share: 's' } })).blocks).find(
      (b) => b.action_id === ActionId.Share,
    );
    expect(share?.value).toBe('s');
  });

  it('keeps a 2000-character button value intact', () => {
    const value = 'v'.repeat(2000);
    const msg = sessionListMessage(cardInput({ buttons: { next: value, previous: value } }));
    expectValid(msg.blocks);
    expect(buttons(msg.blocks).find((b) => b.action_id === ActionId.NextPage)?.value).toBe(value);
  });

  it('stays valid with worst-case sessions up to the card threshold', () => {
    for (const n of [1, 2, 5, 10, CARD_LAYOUT_MAX_SESSIONS]) {
      const i = cardInput({
        query: worstQuery,
        page: page(
          Array.from({ length: n }, (_, k) => worstSession(k)),
          { totalCount: 1000 },
        ),
        // A sealed Details value is about 100 characters; 300 leaves room.
        buttons: {
          next: 'n'.repeat(2000),
          previous: 'p'.repeat(2000),
          share: 's'.repeat(2000),
          details: () => 'd'.repeat(300),
        },
      });
      const msg = sessionListMessage(i);
      expectValid(msg.blocks);
      expect(chooseListLayout(i).layout.kind).toBe('cards');
      const details = buttons(msg.blocks).filter((b) => b.action_id === ActionId.Details);
      expect(details).toHaveLength(n);
    }
  });

  it('shows everything when it fits and drops detail (with counts) when it does not', () => {
    const one = sessionListMessage(cardInput({ page: page([worstSession(0)]) }));
    expect(chooseListLayout(cardInput({ page: page([worstSession(0)]) })).layout).toEqual({ kind: 'cards', level: 0 });
    expect(allText(one.blocks)).toContain('+10 more');
    const ten = allText(
      sessionListMessage(cardInput({ page: page(Array.from({ length: 10 }, (_, k) => worstSession(k))) })).blocks,
    );
    expect(ten).toContain('20 tags (see Details)');
    expect(ten).toContain('+9 more');
  });
});

describe('sessionListMessage: range and page', () => {
  it('counts from firstIndex and names the page', () => {
    const sessions = Array.from({ length: 10 }, (_, i) => session({}, i));
    const text = allText(
      sessionListMessage(input({ page: page(sessions, { totalCount: 37 }), pageNumber: 2, firstIndex: 10 })).blocks,
    );
    expect(text).toContain('11–20 of 37');
    expect(text).toContain('page 2');
  });

  it('omits "of" when TotalCount is unknown or smaller than what is shown', () => {
    expect(rangeText(0, 10, undefined)).toBe('1–10');
    expect(rangeText(0, 10, 5)).toBe('1–10');
    expect(rangeText(30, 7, 37)).toBe('31–37 of 37');
    expect(rangeText(0, 1, 1)).toBe('1 of 1');
    const sessions = Array.from({ length: 10 }, (_, i) => session({}, i));
    const text = allText(sessionListMessage(input({ page: page(sessions, { totalCount: 3 }) })).blocks);
    expect(text).toContain('1–10 · page 1');
    expect(text).not.toContain('of 3');
  });
});

describe('sessionListMessage: empty result', () => {
  it('says plainly that nothing matches the filters', () => {
    const msg = sessionListMessage(
      input({ query: query({ tags: [{ key: 'FinanceDept' }] }), page: page([], { totalCount: 0 }) }),
    );
    expectValid(msg.blocks);
    expect(msg.text).toBe('No traffic mirror sessions in cn-hongkong match tag:FinanceDept.');
    expect(allText(msg.blocks)).toContain('No traffic mirror sessions in cn-hongkong match tag:FinanceDept.');
  });

  it('says so without filters too', () => {
    const msg = sessionListMessage(input({ page: page([], { totalCount: 0 }) }));
    expect(msg.text).toBe('No traffic mirror sessions in cn-hongkong.');
    expectValid(msg.blocks);
  });

  it('escapes filter values and keeps the previous button on an empty later page', () => {
    const msg = sessionListMessage(
      input({
        query: query({ name: '<b>&' }),
        page: page([]),
        firstIndex: 10,
        pageNumber: 2,
        buttons: { previous: 'p' },
      }),
    );
    expect(msg.text).toBe('No more traffic mirror sessions in cn-hongkong match name:&lt;b&gt;&amp;.');
    expect(buttons(msg.blocks).map((b) => b.action_id)).toEqual([ActionId.PreviousPage]);
    expectValid(msg.blocks);
  });
});

describe('sessionListMessage: compact layout', () => {
  it(`switches to one line per session above ${ROWS_MAX} sessions`, () => {
    const sessions = Array.from({ length: ROWS_MAX + 1 }, (_, i) => session({}, i));
    const i = input({ page: page(sessions) });
    expect(chooseListLayout(i).layout.kind).toBe('compact');
    const msg = sessionListMessage(i);
    expectValid(msg.blocks);
    const text = allText(msg.blocks);
    for (const s of sessions) expect(text).toContain(s.id);
    expect(text).toContain('/mirrors cn-hongkong id:tms-');
    expect(text).toContain(`*${sessions[0]?.name}*`);
    expect(text).toContain('VNI 10 · prio 1');
  });

  it('lists all 100 worst-case sessions in one valid message', () => {
    const sessions = Array.from({ length: 100 }, (_, i) => worstSession(i));
    const i = input({
      query: worstQuery,
      page: page(sessions, { totalCount: 12345 }),
      pageNumber: 7,
      firstIndex: 600,
      buttons: { next: 'n'.repeat(2000), previous: 'p'.repeat(2000), share: 's'.repeat(2000) },
    });
    const msg = sessionListMessage(i);
    expectValid(msg.blocks);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(countText(msg.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
    for (const b of sections(msg.blocks)) expect(b.text?.text.length).toBeLessThanOrEqual(3000);
    const text = allText(msg.blocks);
    for (const s of sessions) expect(text).toContain(s.id);
    expect(text).toContain('601–700 of 12345');
    expect(text).toContain('page 7');
    expect(text).not.toContain('<script>');
    // Names are cut, not dropped, and the route is kept.
    expect(text).toContain('&lt;script&gt;&amp;name-');
    expect(text).toContain('10 sources → lb-');
  });

  it('lists 100 typical sessions with their names, ids and routes', () => {
    const sessions = Array.from({ length: 100 }, (_, i) => session({ name: `db-mirror-${i}` }, i));
    const msg = sessionListMessage(input({ query: query({}, 100), page: page(sessions) }));
    expectValid(msg.blocks);
    const text = allText(msg.blocks);
    for (const s of sessions) {
      expect(text).toContain(`*${s.name}* \`${s.id}\` ${s.sourceIds[0]} → ${s.targetId}`);
    }
  });

  it('shows compact cues and a legend', () => {
    const sessions = [
      session({ enabled: false }, 1),
      session({ status: 'Creating' }, 2),
      session({ status: 'Deleting' }, 3),
      session({ businessStatus: 'FinancialLocked' }, 4),
      ...Array.from({ length: ROWS_MAX }, (_, i) => session({}, i + 10)),
    ];
    const text = allText(sessionListMessage(input({ page: page(sessions) })).blocks);
    expect(text).toMatch(/⚪ \*mirror-1\*/);
    expect(text).toMatch(/⏳🟢 \*mirror-2\*/);
    expect(text).toMatch(/🗑🟢 \*mirror-3\*/);
    expect(text).toMatch(/🔒🟢 \*mirror-4\*/);
    expect(text).toContain('🔒 locked (overdue payment, not mirrored)');
  });

  it('stays valid for every page size with worst-case data', () => {
    for (const n of [13, 20, 30, 50, 75, 99, 100]) {
      const sessions = Array.from({ length: n }, (_, i) => worstSession(i));
      const msg = sessionListMessage(
        input({ query: worstQuery, page: page(sessions), buttons: { next: 'n'.repeat(2000) } }),
      );
      expect(validateMessage(msg.blocks, 'message'), `n=${n}`).toEqual([]);
    }
  });

  it('stays valid even with absurdly long ids', () => {
    const sessions = Array.from({ length: 100 }, (_, i) =>
      session(
        { id: `tms-${i}-${'z'.repeat(500)}`, targetId: 'eni-'.padEnd(500, 't'), sourceIds: ['eni-'.padEnd(500, 's')] },
        i,
      ),
    );
    const msg = sessionListMessage(input({ page: page(sessions) }));
    expectValid(msg.blocks);
  });
});

describe('sessionListMessage: a bare ENI lookup', () => {
  const ENI = 'eni-0000j6cview000000001';
  const eniQuery = { ...query({ tags: [{ key: 'FinanceDept' }] }), eni: ENI };
  const sessions = [session({}, 0), session({}, 1), session({}, 2)];
  const roles = new Map([
    [sessions[0]!.id, 'source' as const],
    [sessions[1]!.id, 'target' as const],
    [sessions[2]!.id, 'both' as const],
  ]);
  const eniInput = (overrides: Partial<ListViewInput> = {}) =>
    input({
      query: eniQuery,
      page: page(sessions),
      eni: { eni: ENI, roles, sourceTotal: 3, targetTotal: 2 },
      ...overrides,
    });

  it('says which sessions it lists, counts both roles and marks each session', () => {
    const msg = sessionListMessage(eniInput());
    expectValid(msg.blocks);
    const summary = allText(msg.blocks[1]);
    expect(summary).toContain(`Sessions that mirror from or to \`${ENI}\``);
    expect(summary).toContain('`tag:FinanceDept`');
    expect(summary).not.toContain('(source or target)');
    expect(summary).toContain('3 as source · 2 as target');
    expect(summary).toContain('_from_: mirrors traffic from the ENI');
    const rows = sections(msg.blocks).map((b) => b.text?.text ?? '');
    expect(rows[0]).toMatch(/^🟢 _from_ \*mirror-0\*/);
    expect(rows[1]).toMatch(/^🟢 _to_ \*mirror-1\*/);
    expect(rows[2]).toMatch(/^🟢 _from\+to_ \*mirror-2\*/);
    expect(msg.text).toBe(
      `Sessions that mirror from or to ${ENI} in cn-hongkong matching tag:FinanceDept: 3 as source · 2 as target (page 1)`,
    );
  });

  it('marks sessions in the compact layout too, and says "?" for a count the API did not give', () => {
    const many = Array.from({ length: ROWS_MAX + 1 }, (_, i) => session({}, i));
    const manyRoles = new Map(many.map((s, i) => [s.id, i % 2 === 0 ? ('source' as const) : ('target' as const)]));
    const i = eniInput({
      page: page(many),
      eni: { eni: ENI, roles: manyRoles, sourceTotal: undefined, targetTotal: 20 },
    });
    expect(chooseListLayout(i).layout.kind).toBe('compact');
    const msg = sessionListMessage(i);
    expectValid(msg.blocks);
    const text = allText(msg.blocks);
    expect(text).toContain('? as source · 20 as target');
    expect(text).toContain(`_from_ 🟢 *mirror-0*`);
    expect(text).toContain(`_to_ 🟢 *mirror-1*`);
  });

  it('says plainly when the ENI is in no session', () => {
    const msg = sessionListMessage(
      eniInput({
        query: { ...query(), eni: ENI },
        page: page([], { totalCount: 0 }),
        eni: { eni: ENI, roles: new Map(), sourceTotal: 0, targetTotal: 0 },
      }),
    );
    expectValid(msg.blocks);
    expect(msg.text).toBe(
      `${ENI} appears in no traffic mirror session in cn-hongkong (neither as a source nor as a target).`,
    );
    const filtered = sessionListMessage(
      eniInput({ page: page([]), eni: { eni: ENI, roles: new Map(), sourceTotal: 0, targetTotal: 0 } }),
    );
    expect(filtered.text).toBe(
      `${ENI} appears in no traffic mirror session in cn-hongkong matching tag:FinanceDept (neither as a source nor as a target).`,
    );
    const later = sessionListMessage(
      eniInput({ page: page([]), pageNumber: 3, firstIndex: 20, buttons: { previous: 'p' } }),
    );
    expect(later.text).toBe(`No more sessions that mirror from or to ${ENI} in cn-hongkong matching tag:FinanceDept.`);
  });

  it('stays valid with 200 worst-case sessions (100 from each stream)', () => {
    const worst = Array.from({ length: 200 }, (_, i) => worstSession(i));
    const worstRoles = new Map(worst.map((s, i) => [s.id, i < 100 ? ('source' as const) : ('target' as const)]));
    const msg = sessionListMessage(
      input({
        query: {
          ...worstQuery,
          eni: ENI,
          filters: { ...worstQuery.filters, sourceId: undefined, targetId: undefined },
        },
        page: page(worst),
        eni: { eni: ENI, roles: worstRoles, sourceTotal: 10_000, targetTotal: 10_000 },
        buttons: { next: 'n'.repeat(2000), previous: 'p'.repeat(2000), share: 's'.repeat(2000) },
        cli: { script: cliScript({ ...worstQuery, eni: ENI }, 'cn-hongkong'), buttonValue: 'c'.repeat(2000) },
      }),
    );
    expectValid(msg.blocks);
    const text = allText(msg.blocks);
    for (const s of worst) expect(text).toContain(s.id.slice(0, 20));
  });
});

describe('sessionListMessage: the aliyun CLI line', () => {
  const short = cliScript(query({ tags: [{ key: 'FinanceDept' }] }), 'cn-hongkong');

  it('sits in the list as small print when it is short, just above the position and the buttons', () => {
    const msg = sessionListMessage(
      input({ query: query({ tags: [{ key: 'FinanceDept' }] }), cli: { script: short }, buttons: { next: 'n' } }),
    );
    expectValid(msg.blocks);
    const small = msg.blocks[msg.blocks.length - 3];
    expect(small?.type).toBe('context');
    expect(allText(small)).toContain(
      '`aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong --Tags.1.Key=FinanceDept --MaxResults=10 --pager path=TrafficMirrorSessions`',
    );
    expect(buttons(msg.blocks).map((b) => b.action_id)).not.toContain(ActionId.ShowCli);
  });

  it('is escaped like any user text', () => {
    const q = query({ name: 'a <b> & c' });
    const msg = sessionListMessage(input({ query: q, cli: { script: cliScript(q, 'cn-hongkong') } }));
    expect(allText(msg.blocks)).toContain("'--TrafficMirrorSessionName=a &lt;b&gt; &amp; c'");
  });

  it('turns into a "Copy as CLI" button when it is long', () => {
    const long = cliScript(worstQuery, 'cn-hongkong');
    expect(cliNeedsButton(long)).toBe(true);
    const msg = sessionListMessage(input({ query: worstQuery, cli: { script: long, buttonValue: 'cli-value' } }));
    expectValid(msg.blocks);
    expect(allText(msg.blocks)).not.toContain('Same request with the aliyun CLI');
    expect(buttons(msg.blocks).find((b) => b.action_id === ActionId.ShowCli)?.value).toBe('cli-value');
  });

  it('is part of the layout budget: the longest inline line never breaks a worst-case page', () => {
    // A name that brings the line to just under the inline limit.
    const base = cliScript(query(), 'cn-hongkong').commands[0]!.join(' ').length;
    const q = query(
      {
        name: 'n'.repeat(Math.min(128, CLI_INLINE_MAX - base - 40)),
        tags: [{ key: 'k'.repeat(64), value: 'v'.repeat(128) }],
      },
      100,
    );
    const script = cliScript(q, 'cn-hongkong');
    expect(cliNeedsButton(script)).toBe(false);
    for (const n of [1, 5, CARD_LAYOUT_MAX_SESSIONS, 13, 50, 100]) {
      const i = input({
        query: q,
        page: page(
          Array.from({ length: n }, (_, k) => worstSession(k)),
          { totalCount: 1000 },
        ),
        buttons: { next: 'n'.repeat(2000), previous: 'p'.repeat(2000), share: 's'.repeat(2000) },
        cli: { script },
      });
      const msg = sessionListMessage(i);
      expect(validateMessage(msg.blocks, 'message'), `n=${n}`).toEqual([]);
      expect(countText(msg.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      expect(allText(msg.blocks)).toContain('Same request with the aliyun CLI');
    }
  });
});

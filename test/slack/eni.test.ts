import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { type Bot, buttonsOf, captureResponse, HK, type SlackMessageBody, startBot, textOf } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

const ENI = 'eni-00j6conca11000000001';

const session = (n: number, overrides: Record<string, unknown> = {}) =>
  rawSession({
    TrafficMirrorSessionId: `tms-j6ceni${String(n).padStart(14, '0')}`,
    TrafficMirrorSessionName: `eni-mirror-${n}`,
    ...overrides,
  });

/** A call as the fake API saw it: which stream (source or target) and which token. */
interface Seen {
  stream: 'source' | 'target' | 'neither';
  token: string | null;
}

/**
 * The ENI is a source of sessions 1-5 (pages of 2: TOKEN-S2, TOKEN-S3) and the target of sessions 2, 6, 7 (pages of
 * 2: TOKEN-T2). Session 2 is in both streams' first page: listed once, with the role "from+to".
 */
function eniApi(seen: Seen[]): void {
  const asSource = [1, 2, 3, 4, 5].map((n) =>
    session(n, {
      TrafficMirrorSourceIds: [ENI, 'eni-000j6cother000000001'],
      ...(n === 2 ? { TrafficMirrorTargetId: ENI } : {}),
    }),
  );
  const asTarget = [2, 6, 7].map((n) =>
    session(n, {
      TrafficMirrorTargetId: ENI,
      ...(n === 2 ? { TrafficMirrorSourceIds: [ENI, 'eni-000j6cother000000001'] } : {}),
    }),
  );
  nock(HK)
    .get('/')
    .query(true)
    .times(30)
    .reply((uri) => {
      const params = new URL(uri, HK).searchParams;
      const token = params.get('NextToken');
      const stream =
        params.get('TrafficMirrorSourceId') === ENI
          ? 'source'
          : params.get('TrafficMirrorTargetId') === ENI
            ? 'target'
            : 'neither';
      seen.push({ stream, token });
      expect(params.get('Tags.1.Key')).toBe('FinanceDept');
      if (stream === 'source') {
        const index = token === null ? 0 : token === 'TOKEN-S2' ? 2 : token === 'TOKEN-S3' ? 4 : -1;
        if (index < 0) return [400, { RequestId: 'R-BAD', Code: 'IllegalParam.NextToken', Message: 'bad token' }];
        const next = index === 0 ? 'TOKEN-S2' : index === 2 ? 'TOKEN-S3' : '';
        return [200, pageBody(asSource.slice(index, index + 2), { TotalCount: 5, NextToken: next })];
      }
      if (stream === 'target') {
        const index = token === null ? 0 : token === 'TOKEN-T2' ? 2 : -1;
        if (index < 0) return [400, { RequestId: 'R-BAD', Code: 'IllegalParam.NextToken', Message: 'bad token' }];
        return [
          200,
          pageBody(asTarget.slice(index, index + 2), { TotalCount: '3', NextToken: index === 0 ? 'TOKEN-T2' : '' }),
        ];
      }
      return [500, { RequestId: 'R-WRONG', Code: 'InternalError', Message: 'neither stream' }];
    });
}

let clicks = 0;
async function click(actionId: string, value: string): Promise<SlackMessageBody> {
  clicks += 1;
  const path = `/actions/T0MIRRORS/eni${clicks}/btn`;
  const reply = captureResponse(path);
  const response = await bot.click({ actionId, value, responseUrl: `https://hooks.slack.com${path}` });
  expect(response.status).toBe(200);
  return reply;
}

function sorted(seen: Seen[]): string[] {
  return seen.map((s) => `${s.stream}:${s.token ?? '-'}`).sort();
}

describe('bare eni-…: every session that mirrors from or to the ENI', () => {
  it('asks both streams at once, merges them without duplicates, marks each role and counts both', async () => {
    const seen: Seen[] = [];
    eniApi(seen);
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong ${ENI} tag:FinanceDept limit:2`);
    const page1 = await reply;
    expect(sorted(seen)).toEqual(['source:-', 'target:-']);
    const text = textOf(page1);
    expect(text).toContain(`Sessions that mirror from or to \`${ENI}\``);
    expect(text).toContain('5 as source · 3 as target');
    // One row per session, each with its Details button (the attention summary, when there is one, has none).
    const cards = (page1.blocks ?? [])
      .filter((b) => b.type === 'section' && 'accessory' in b)
      .map((b) => JSON.stringify(b));
    // Sessions 1 and 2 as source, 2 and 6 as target: three rows, session 2 once.
    expect(cards).toHaveLength(3);
    expect(cards.filter((c) => c.includes('eni-mirror-2'))).toHaveLength(1);
    expect(cards.find((c) => c.includes('eni-mirror-1'))).toMatch(/ _from_ /);
    expect(cards.find((c) => c.includes('eni-mirror-2'))).toMatch(/ _from\+to_ /);
    expect(cards.find((c) => c.includes('eni-mirror-6'))).toMatch(/ _to_ /);
    expect(page1.text).toContain(`Sessions that mirror from or to ${ENI} in cn-hongkong`);
    expect(validateMessage(page1.blocks as never, 'message')).toEqual([]);
    expect(buttonsOf(page1).has(ActionId.NextPage)).toBe(true);
    expect(buttonsOf(page1).has(ActionId.PreviousPage)).toBe(false);
  });

  it('pages both streams forward, skips an exhausted one, and walks back through the history', async () => {
    const seen: Seen[] = [];
    eniApi(seen);
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong ${ENI} tag:FinanceDept limit:2`);
    const page1 = await reply;

    seen.length = 0;
    const page2 = await click(ActionId.NextPage, buttonsOf(page1).get(ActionId.NextPage)!);
    expect(sorted(seen)).toEqual(['source:TOKEN-S2', 'target:TOKEN-T2']);
    expect(page2.replace_original).toBe(true);
    const text2 = textOf(page2);
    expect(text2).toContain('eni-mirror-3');
    expect(text2).toContain('eni-mirror-4');
    expect(text2).toContain('eni-mirror-7');
    expect(text2).toContain('page 2');
    expect(text2).toContain('5 as source · 3 as target');

    // The target stream ended on page 2: page 3 asks the source stream only, and still counts both.
    seen.length = 0;
    const page3 = await click(ActionId.NextPage, buttonsOf(page2).get(ActionId.NextPage)!);
    expect(sorted(seen)).toEqual(['source:TOKEN-S3']);
    const text3 = textOf(page3);
    expect(text3).toContain('eni-mirror-5');
    expect(text3).not.toContain('eni-mirror-7');
    expect(text3).not.toContain('eni-mirror-6');
    expect(text3).toContain('5 as source · 3 as target');
    expect(text3).toContain('page 3');
    expect(buttonsOf(page3).has(ActionId.NextPage)).toBe(false);

    seen.length = 0;
    const back2 = await click(ActionId.PreviousPage, buttonsOf(page3).get(ActionId.PreviousPage)!);
    expect(sorted(seen)).toEqual(['source:TOKEN-S2', 'target:TOKEN-T2']);
    expect(textOf(back2)).toContain('eni-mirror-7');
    expect(textOf(back2)).toContain('page 2');

    seen.length = 0;
    const back1 = await click(ActionId.PreviousPage, buttonsOf(back2).get(ActionId.PreviousPage)!);
    expect(sorted(seen)).toEqual(['source:-', 'target:-']);
    expect(textOf(back1)).toContain('eni-mirror-1');
    expect(buttonsOf(back1).has(ActionId.PreviousPage)).toBe(false);
    for (const page of [page2, page3, back2, back1])
      expect(validateMessage(page.blocks as never, 'message')).toEqual([]);
  });

  it('says plainly when the ENI appears in no session', async () => {
    const seen: Seen[] = [];
    nock(HK)
      .get('/')
      .query(true)
      .times(2)
      .reply((uri) => {
        const params = new URL(uri, HK).searchParams;
        seen.push({ stream: params.get('TrafficMirrorSourceId') ? 'source' : 'target', token: null });
        return [200, pageBody([], { TotalCount: 0 })];
      });
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong ${ENI}`);
    const message = await reply;
    const sentence = `${ENI} appears in no traffic mirror session in cn-hongkong (neither as a source nor as a target).`;
    expect(message.text).toBe(sentence);
    expect(textOf(message)).toContain(sentence);
    expect(sorted(seen)).toEqual(['source:-', 'target:-']);
    expect(buttonsOf(message).has(ActionId.NextPage)).toBe(false);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('fails the whole page when one stream fails, rather than show half an answer', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .times(2)
      .reply((uri) => {
        const params = new URL(uri, HK).searchParams;
        if (params.get('TrafficMirrorTargetId')) {
          return [
            403,
            {
              RequestId: 'R-RAM-ENI',
              Code: 'Forbidden.RAM',
              Message: 'denied',
              AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions' },
            },
          ];
        }
        return [200, pageBody([session(1)], { TotalCount: 1 })];
      });
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong ${ENI}`);
    const message = await reply;
    expect(textOf(message)).toContain('vpc:ListTrafficMirrorSessions');
    expect(textOf(message)).toContain('R-RAM-ENI');
    expect(textOf(message)).not.toContain('eni-mirror-1');
  });

  it('shows both aliyun commands, as source and as target', async () => {
    eniApi([]);
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong ${ENI} tag:FinanceDept limit:2`);
    const text = textOf(await reply);
    expect(text).toContain(
      `aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong --Tags.1.Key=FinanceDept --TrafficMirrorSourceId=${ENI} --MaxResults=2 --pager path=TrafficMirrorSessions`,
    );
    expect(text).toContain(
      `aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong --Tags.1.Key=FinanceDept --TrafficMirrorTargetId=${ENI} --MaxResults=2 --pager path=TrafficMirrorSessions`,
    );
  });
});

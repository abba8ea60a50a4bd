import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { FAN_OUT_CONCURRENCY } from '../../src/cloud/fan-out';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { postSigned } from '../helpers/signed';
import { type ApiCall, watchApi } from '../helpers/signed-views';
import {
  type Bot,
  type BotOptions,
  buttonsOf,
  captureResponse,
  SIGNING_SECRET,
  type SlackMessageBody,
  startBot,
  textOf,
} from './harness';

const REGIONS = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1', 'eu-central-1', 'us-west-1', 'cn-beijing'];
const origin = (region: string) => `https://vpc.${region}.aliyuncs.com`;

let bot: Bot | undefined;
async function start(options: BotOptions = {}): Promise<Bot> {
  bot = await startBot({ regions: REGIONS, ...options });
  return bot;
}
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const session = (region: string, n: number) =>
  rawSession({
    TrafficMirrorSessionId: `tms-${region.replace(/-/g, '')}${String(n).padStart(6, '0')}`,
    TrafficMirrorSessionName: `${region}-mirror-${n}`,
  });

type Behaviour = 'ok' | 'empty' | 'denied' | 'unavailable' | 'hang';

/** Every region answers as told; `seen` records each region's calls (parameters). */
function regionApis(
  behaviour: Record<string, Behaviour>,
  seen: Record<string, URLSearchParams[]> = {},
): Record<string, URLSearchParams[]> {
  for (const region of REGIONS) {
    seen[region] = [];
    const kind = behaviour[region] ?? 'ok';
    const scope = nock(origin(region)).get('/').query(true).times(20);
    const record = (uri: string) => seen[region]!.push(new URL(uri, origin(region)).searchParams);
    if (kind === 'hang') {
      scope.delay(60_000).reply(200, pageBody([]));
      continue;
    }
    scope.reply((uri) => {
      record(uri);
      const token = new URL(uri, origin(region)).searchParams.get('NextToken');
      switch (kind) {
        case 'denied':
          return [
            403,
            {
              RequestId: `R-RAM-${region}`,
              Code: 'Forbidden.RAM',
              Message: 'denied',
              AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions' },
            },
          ];
        case 'unavailable':
          return [503, { RequestId: `R-503-${region}`, Code: 'ServiceUnavailable', Message: 'temporary failure' }];
        case 'empty':
          return [200, pageBody([], { TotalCount: 0 })];
        default:
          return token === `${region}-P2`
            ? [200, pageBody([session(region, 3)], { TotalCount: 3 })]
            : [200, pageBody([session(region, 1), session(region, 2)], { TotalCount: 3, NextToken: `${region}-P2` })];
      }
    });
  }
  return seen;
}

let clicks = 0;
async function click(actionId: string, value: string): Promise<SlackMessageBody> {
  clicks += 1;
  const path = `/actions/T0MIRRORS/all${clicks}/btn`;
  const reply = captureResponse(path);
  const response = await bot!.click({ actionId, value, responseUrl: `https://hooks.slack.com${path}` });
  expect(response.status).toBe(200);
  return reply;
}

/** The section of one region in the overview (its heading, lines and button). */
function regionSection(message: SlackMessageBody, region: string): Record<string, unknown> | undefined {
  return message.blocks?.find((b) => b.type === 'section' && JSON.stringify(b).includes(`*${region}*`));
}

/** The "More in …" button of a region: in the actions block right below its section, never beside it. */
function moreButtonOf(
  message: SlackMessageBody,
  region: string,
): { action_id: string; value: string; text: { text: string } } {
  const blocks = message.blocks ?? [];
  const at = blocks.findIndex((b) => b.type === 'section' && JSON.stringify(b).includes(`*${region}*`));
  const section = blocks[at] as { accessory?: unknown };
  expect(section.accessory).toBeUndefined();
  const below = blocks[at + 1] as {
    type: string;
    elements: Array<{ action_id: string; value: string; text: { text: string } }>;
  };
  expect(below.type).toBe('actions');
  const button = below.elements[0];
  if (!button) throw new Error(`no button below ${region}`);
  return button;
}

describe('/mirrors all', () => {
  it('groups the first page of every region, says which regions failed and why, and keeps the rest', async () => {
    await start({ cloudBudgetMs: 1_200 });
    const seen = regionApis({ 'cn-shanghai': 'denied', 'eu-central-1': 'unavailable', 'us-west-1': 'empty' });
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot!.command('all tag:FinanceDept limit:2');
    const message = await reply;
    expect(message.response_type).toBe('ephemeral');
    const text = textOf(message);
    for (const region of ['cn-hongkong', 'ap-southeast-1', 'cn-beijing']) {
      expect(text).toContain(`${region}-mirror-1`);
      expect(text).toContain(`${region}-mirror-2`);
      const section = regionSection(message, region);
      expect(JSON.stringify(section)).toContain('3 sessions · first 2 shown');
      expect(moreButtonOf(message, region).text.text).toBe(`More in ${region}`);
    }
    expect(text).toMatch(/Could not list 2 regions/);
    // Failed regions come first, right under the summary, before any region's rows.
    expect(text.indexOf('Could not list 2 regions')).toBeLessThan(text.indexOf('cn-hongkong-mirror-1'));
    expect(text).toMatch(/`cn-shanghai`: permission denied \(`vpc:ListTrafficMirrorSessions`\)/);
    expect(text).toMatch(/`eu-central-1`: VPC API unavailable/);
    expect(text).toMatch(/No matching sessions in `us-west-1`/);
    expect(text).toContain('6 regions: 3 with sessions · 1 empty · 2 failed');
    expect(message.text).toContain('across 6 regions: 3 with sessions, 1 empty, 2 failed');
    // Every region got the same filters and page size, and the denied one was not retried.
    for (const region of REGIONS) {
      expect(seen[region]![0]?.get('Tags.1.Key')).toBe('FinanceDept');
      expect(seen[region]![0]?.get('MaxResults')).toBe('2');
      expect(seen[region]![0]?.get('RegionId')).toBe(region);
    }
    expect(seen['cn-shanghai']).toHaveLength(1);
    expect(seen['eu-central-1']!.length).toBeGreaterThan(1);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    expect(buttonsOf(message).has(ActionId.Share)).toBe(true);
    expect(text).toContain(
      'for r in cn-hongkong cn-shanghai ap-southeast-1 eu-central-1 us-west-1 cn-beijing; do aliyun vpc ListTrafficMirrorSessions --region \\"$r\\" --RegionId=\\"$r\\" --Tags.1.Key=FinanceDept --MaxResults=2 --pager path=TrafficMirrorSessions; done',
    );
  });

  it(`asks at most ${FAN_OUT_CONCURRENCY} regions at once`, async () => {
    await start();
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    for (const region of REGIONS) {
      nock(origin(region))
        .get('/')
        .query(true)
        .reply((_uri, _body, callback) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          asked.push(region);
          setTimeout(() => {
            inFlight -= 1;
            callback(null, [200, pageBody([session(region, 1)], { TotalCount: 1 })]);
          }, 300);
        });
    }
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot!.command('all');
    const text = textOf(await reply);
    for (const region of REGIONS) expect(text).toContain(`${region}-mirror-1`);
    expect(asked.sort()).toEqual([...REGIONS].sort());
    expect(most).toBe(FAN_OUT_CONCURRENCY);
  });

  it('answers within the budget: a region that hangs becomes a "timed out" row', async () => {
    await start({ cloudBudgetMs: 1_000, replyBudgetMs: 1_500 });
    regionApis({ 'ap-southeast-1': 'hang' });
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    const ack = await bot!.command('all');
    expect(ack.status).toBe(200);
    const message = await reply;
    const text = textOf(message);
    expect(text).toMatch(/`ap-southeast-1`: VPC API timed out/);
    for (const region of REGIONS.filter((r) => r !== 'ap-southeast-1')) expect(text).toContain(`${region}-mirror-1`);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('"More in …" opens that region\'s own list beside the overview, at page 2 when page 1 is all shown', async () => {
    await start();
    const seen = regionApis({});
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot!.command('all limit:2');
    const overview = await reply;
    const more = moreButtonOf(overview, 'cn-shanghai');
    expect(more.action_id).toBe(ActionId.RegionMore);
    expect(more.text.text).toBe('More in cn-shanghai');

    const list = await click(ActionId.RegionMore, more.value);
    expect(list.replace_original).toBe(false);
    expect(list.response_type).toBe('ephemeral');
    const text = textOf(list);
    expect(text).toContain('Traffic mirror sessions · cn-shanghai');
    expect(text).toContain('cn-shanghai-mirror-3');
    expect(text).toMatch(/page 2/);
    expect(seen['cn-shanghai']!.at(-1)?.get('NextToken')).toBe('cn-shanghai-P2');
    // It is an ordinary list of that region: it pages back, shares, and names its own CLI command.
    expect(buttonsOf(list).has(ActionId.PreviousPage)).toBe(true);
    expect(buttonsOf(list).has(ActionId.Share)).toBe(true);
    expect(text).toContain(
      'aliyun vpc ListTrafficMirrorSessions --region cn-shanghai --RegionId=cn-shanghai --MaxResults=2',
    );
    const back = await click(ActionId.PreviousPage, buttonsOf(list).get(ActionId.PreviousPage)!);
    expect(textOf(back)).toContain('cn-shanghai-mirror-1');
    expect(back.replace_original).toBe(true);
  });

  it('finds an ENI in every region, from or to', async () => {
    await start({ regions: ['cn-hongkong', 'cn-shanghai'] });
    const eni = 'eni-00j6callregions00001';
    for (const region of ['cn-hongkong', 'cn-shanghai']) {
      nock(origin(region))
        .get('/')
        .query(true)
        .times(2)
        .reply((uri) => {
          const params = new URL(uri, origin(region)).searchParams;
          if (region === 'cn-shanghai') return [200, pageBody([], { TotalCount: 0 })];
          return params.get('TrafficMirrorSourceId') === eni
            ? [200, pageBody([session(region, 1)], { TotalCount: 1 })]
            : [200, pageBody([session(region, 2)], { TotalCount: 1 })];
        });
    }
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot!.command(`all ${eni}`);
    const message = await reply;
    const text = textOf(message);
    expect(text).toContain(`Sessions that mirror from or to \`${eni}\``);
    expect(JSON.stringify(regionSection(message, 'cn-hongkong'))).toContain('1 as source · 1 as target');
    expect(text).toMatch(/_from_ [^"]*cn-hongkong-mirror-1/);
    expect(text).toMatch(/_to_ [^"]*cn-hongkong-mirror-2/);
    expect(text).toContain(`Not mirrored from or to \`${eni}\` in \`cn-shanghai\``);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('from a mention: the overview and its region lists go into the thread for everyone', async () => {
    await start({ regions: ['cn-hongkong', 'cn-shanghai'] });
    regionApis({});
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true, ts: '1732600500.000100' }), 2);
    await bot!.event({
      type: 'app_mention',
      user: 'U0ONCALL',
      text: '<@U0BOT> all limit:2',
      channel: 'C0INCIDENT',
      ts: '1732600400.000100',
      event_ts: '1732600400.000100',
      thread_ts: '1732600000.000100',
    });
    const overview = await postMessage.nth(1);
    expect(overview.thread_ts).toBe('1732600000.000100');
    const more = buttonsOf({ blocks: overview.blocks as unknown[] }).get(ActionId.RegionMore);
    expect(more).toBeDefined();
    expect(buttonsOf({ blocks: overview.blocks as unknown[] }).has(ActionId.Share)).toBe(false);

    const payload = {
      type: 'block_actions',
      user: { id: 'U0OTHER', username: 'colleague', name: 'colleague', team_id: 'T0MIRRORS' },
      api_app_id: 'A0MIRRORS',
      token: 'deprecated-verification-token',
      container: {
        type: 'message',
        message_ts: '1732600500.000100',
        channel_id: 'C0INCIDENT',
        is_ephemeral: false,
        thread_ts: '1732600000.000100',
      },
      trigger_id: '1234.5678.abcd',
      team: { id: 'T0MIRRORS', domain: 'mirrors-test' },
      channel: { id: 'C0INCIDENT', name: 'incidents' },
      message: {
        type: 'message',
        user: 'U0BOT',
        ts: '1732600500.000100',
        thread_ts: '1732600000.000100',
        text: 'overview',
      },
      response_url: 'https://hooks.slack.com/actions/T0MIRRORS/public/more',
      actions: [
        {
          action_id: ActionId.RegionMore,
          block_id: 'b1',
          text: { type: 'plain_text', text: 'x' },
          value: more,
          type: 'button',
          action_ts: '1732600501.000200',
        },
      ],
    };
    await postSigned(
      bot!.url,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      { secret: SIGNING_SECRET },
    );
    const list: ApiCall = await postMessage.nth(2);
    expect(list.channel).toBe('C0INCIDENT');
    expect(list.thread_ts).toBe('1732600000.000100');
    expect(textOf({ text: String(list.text), blocks: list.blocks as unknown[] })).toContain('-mirror-3');
  });

  it('answers a tampered More button beside the overview without calling the API', async () => {
    await start();
    const reply = await click(ActionId.RegionMore, 'p1.zzzz.bm9wZQ.AAAAAAAAAAAAAAAAAAAAAA');
    expect(reply.replace_original).toBe(false);
    expect(textOf(reply)).toMatch(/isn't valid|not valid|invalid/i);
  });
});

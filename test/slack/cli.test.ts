import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MirrorQuery } from '../../src/query/types';
import { ActionId } from '../../src/views/action-ids';
import {
  allRegionsCliScript,
  CLI_MESSAGES_MAX,
  cliMessages,
  cliNeedsButton,
  cliScript,
  multiLineScript,
} from '../../src/views/cli';
import { SECTION_TEXT_MAX } from '../../src/views/limits';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { parseAliyunArgv } from '../support/aliyun-cli';
import { aliyunCalls } from '../support/shell-argv';
import { copiedBlocks, copiedSpans } from '../support/slack-copy';
import { type Bot, buttonsOf, captureResponse, HK, HOOKS, type SlackMessageBody, startBot, textOf } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'] });
});
afterEach(async () => {
  await bot.stop();
});

/** Waits for `count` POSTs to one response_url path, in order. */
function captureResponses(path: string, count: number): Promise<SlackMessageBody[]> {
  const bodies: SlackMessageBody[] = [];
  return new Promise((resolve) => {
    nock(HOOKS)
      .post(path)
      .times(count)
      .reply(200, (_uri, body) => {
        bodies.push(body as SlackMessageBody);
        if (bodies.length === count) resolve(bodies);
        return { ok: true };
      });
  });
}

/** The text inside the ``` blocks of some messages, in order, with Slack's escaping undone. */
function codeOf(messages: SlackMessageBody[]): string {
  const texts = messages.flatMap((m) =>
    (m.blocks ?? []).map((b) => (b.text as { text?: string } | undefined)?.text ?? ''),
  );
  return texts
    .filter((t) => t.startsWith('```'))
    .map((t) => t.slice(4, -4))
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** pop-core picks GET or POST by the length of the query: answer either. */
function vpcAnyMethod(origin: string, body: Record<string, unknown>, times = 1): void {
  nock(origin).get('/').query(true).times(times).reply(200, body);
  nock(origin).post('/').times(times).reply(200, body);
}

const IDS = Array.from({ length: 100 }, (_, i) => `tms-j6ccli${String(i).padStart(14, '0')}`);

describe('Copy as CLI', () => {
  it('puts the aliyun command with every filter in the list as small print', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession()], { TotalCount: 1 }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(
      'cn-hongkong tag:FinanceDept tag:env=prod name:"db mirror" source:eni-j6c8znm5l1yt4sox0001 target:lb-j6cq5cd0xkh7k0ih0001 ' +
        'filter:tmf-6cmls82xnc86vtpe0001 vni:10 priority:7 enabled:no id:tms-00000000000000000aaa rg:rg-bp67acfmxazb4ph0001 limit:25',
    );
    const message = await reply;
    const context = message.blocks?.find((b) => b.type === 'context' && JSON.stringify(b).includes('aliyun CLI'));
    expect(JSON.stringify(context)).toContain(
      '`aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong --Tags.1.Key=FinanceDept --Tags.2.Key=env --Tags.2.Value=prod ' +
        "'--TrafficMirrorSessionName=db mirror' --TrafficMirrorFilterId=tmf-6cmls82xnc86vtpe0001 --VirtualNetworkId=10 --Priority=7 " +
        '--Enabled=false --TrafficMirrorSessionIds.1=tms-00000000000000000aaa --ResourceGroupId=rg-bp67acfmxazb4ph0001 ' +
        '--TrafficMirrorSourceId=eni-j6c8znm5l1yt4sox0001 --TrafficMirrorTargetId=lb-j6cq5cd0xkh7k0ih0001 --MaxResults=25 --pager path=TrafficMirrorSessions`',
    );
    expect(buttonsOf(message).has(ActionId.ShowCli)).toBe(false);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('shows the command on an empty result too', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([], { TotalCount: 0 }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong tag:Nobody');
    expect(textOf(await reply)).toContain(
      'aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong --Tags.1.Key=Nobody --MaxResults=10',
    );
  });

  it('offers a button for a command too long for the list, and the click shows all of it beside the list', async () => {
    vpcAnyMethod(
      HK,
      pageBody(
        IDS.slice(0, 10).map((id) => rawSession({ TrafficMirrorSessionId: id })),
        { TotalCount: 100, NextToken: 'T2' },
      ),
    );
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong id:${IDS.join(',')}`);
    const list = await reply;
    expect(textOf(list)).not.toContain('Same request with the aliyun CLI');
    const value = buttonsOf(list).get(ActionId.ShowCli);
    expect(value).toBeDefined();
    expect(value!.length).toBeLessThanOrEqual(2000);
    expect(validateMessage(list.blocks as never, 'message')).toEqual([]);

    const shown = captureResponses('/actions/T0MIRRORS/cli/1', 1);
    const response = await bot.click({
      actionId: ActionId.ShowCli,
      value: value!,
      responseUrl: `${HOOKS}/actions/T0MIRRORS/cli/1`,
    });
    expect(response.status).toBe(200);
    const [message] = await shown;
    expect(message!.response_type).toBe('ephemeral');
    expect(message!.replace_original).toBe(false);
    const code = codeOf([message!]);
    expect(
      code.startsWith(
        'aliyun vpc ListTrafficMirrorSessions \\\n  --region cn-hongkong \\\n  --RegionId=cn-hongkong \\\n',
      ),
    ).toBe(true);
    for (const [i, id] of IDS.entries()) expect(code).toContain(`--TrafficMirrorSessionIds.${i + 1}=${id} \\`);
    expect(code.endsWith('--MaxResults=10 \\\n  --pager path=TrafficMirrorSessions')).toBe(true);
    for (const block of message!.blocks ?? [])
      expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(validateMessage(message!.blocks as never, 'message')).toEqual([]);
  });

  it('splits the longest possible command over several messages that paste back together', async () => {
    const tags = Array.from({ length: 20 }, (_, i) => `tag:${`k${i}`.padEnd(64, '&')}=${'&'.repeat(128)}`);
    vpcAnyMethod(HK, pageBody([], { TotalCount: 0 }), 2);
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(
      `cn-hongkong eni-0j6cclilongest000001 id:${IDS.join(',')} ${tags.join(' ')} name:"${'&'.repeat(128)}" limit:100`,
    );
    const list = await reply;
    expect(validateMessage(list.blocks as never, 'message')).toEqual([]);
    const value = buttonsOf(list).get(ActionId.ShowCli)!;
    const parts = cliMessages(
      cliScript(
        {
          scope: { kind: 'region', region: 'cn-hongkong' },
          filters: {
            tags: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`.padEnd(64, '&'), value: '&'.repeat(128) })),
            sessionIds: IDS,
            name: '&'.repeat(128),
          },
          limit: 100,
          eni: 'eni-0j6cclilongest000001',
        },
        'cn-hongkong',
      ),
    ).length;
    expect(parts).toBeGreaterThan(1);
    expect(parts).toBeLessThanOrEqual(CLI_MESSAGES_MAX);
    const shown = captureResponses('/actions/T0MIRRORS/cli/2', parts);
    await bot.click({ actionId: ActionId.ShowCli, value, responseUrl: `${HOOKS}/actions/T0MIRRORS/cli/2` });
    const messages = await shown;
    for (const message of messages) {
      expect(message.replace_original).toBe(false);
      expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    }
    expect(messages[0]?.text).toBe(`aliyun CLI command (part 1 of ${parts})`);
    const code = codeOf(messages);
    // Source and target are one command in a loop over the flag: the same two requests, half the text.
    expect(
      code.startsWith(
        'for side in TrafficMirrorSourceId TrafficMirrorTargetId; do\n  aliyun vpc ListTrafficMirrorSessions \\\n',
      ),
    ).toBe(true);
    expect(code).toContain('--"$side"=eni-0j6cclilongest000001 \\');
    expect(code).toContain(`'--Tags.20.Value=${'&'.repeat(128)}'`);
    expect(code.match(/--TrafficMirrorSessionIds\.100=/g)).toHaveLength(1);
    expect(code.endsWith('--MaxResults=100 \\\n    --pager path=TrafficMirrorSessions\ndone')).toBe(true);
    expect(textOf(messages.at(-1)!)).not.toContain('too long for Slack');
  });

  it('for all: one loop over the configured regions', async () => {
    for (const region of ['cn-hongkong', 'cn-shanghai']) {
      vpcAnyMethod(`https://vpc.${region}.aliyuncs.com`, pageBody([], { TotalCount: 0 }));
    }
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`all id:${IDS.join(',')}`);
    const overview = await reply;
    const value = buttonsOf(overview).get(ActionId.ShowCli);
    expect(value).toBeDefined();
    const shown = captureResponses('/actions/T0MIRRORS/cli/3', 1);
    await bot.click({ actionId: ActionId.ShowCli, value: value!, responseUrl: `${HOOKS}/actions/T0MIRRORS/cli/3` });
    const code = codeOf(await shown);
    expect(
      code.startsWith(
        'for r in cn-hongkong cn-shanghai; do\n  aliyun vpc ListTrafficMirrorSessions \\\n    --region "$r" \\\n    --RegionId="$r" \\\n',
      ),
    ).toBe(true);
    expect(code.endsWith('--MaxResults=10 \\\n    --pager path=TrafficMirrorSessions\ndone')).toBe(true);
  });

  it('prints a line that sends a value starting with - as that value, where the CLI needs it', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([], { TotalCount: 0 }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong tag:env=-q name:-prod');
    const spans = (await reply).blocks
      ?.filter((b) => b.type === 'context')
      .flatMap((b) => (b.elements as { text?: string }[]).flatMap((e) => copiedSpans(e.text ?? '')))
      .filter((t) => t.startsWith('aliyun'));
    expect(spans).toHaveLength(1);
    const [run] = aliyunCalls(spans?.[0] ?? '', 'dash').map(parseAliyunArgv);
    expect(run).toStrictEqual({
      args: ['vpc', 'ListTrafficMirrorSessions'],
      root: { region: 'cn-hongkong', RegionId: 'cn-hongkong', pager: 'path=TrafficMirrorSessions' },
      params: {
        RegionId: 'cn-hongkong',
        'Tags.1.Key': 'env',
        'Tags.1.Value': '-q',
        TrafficMirrorSessionName: '-prod',
        MaxResults: '10',
      },
      profileRegion: 'cn-hongkong',
    });
  });

  it('shows a value with two spaces behind the button, in a code block that keeps them', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([], { TotalCount: 0 }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong name:"db  mirror `x`"');
    const value = buttonsOf(await reply).get(ActionId.ShowCli);
    expect(value).toBeDefined();
    const shown = captureResponses('/actions/T0MIRRORS/cli/5', 1);
    await bot.click({ actionId: ActionId.ShowCli, value: value!, responseUrl: `${HOOKS}/actions/T0MIRRORS/cli/5` });
    const [message] = await shown;
    const copied = (message?.blocks ?? []).flatMap((b) =>
      copiedBlocks((b.text as { text?: string } | undefined)?.text ?? ''),
    );
    const [run] = aliyunCalls(copied.join(''), 'bash').map(parseAliyunArgv);
    expect(run?.params.TrafficMirrorSessionName).toBe('db  mirror `x`');
  });

  it('says plainly that a value with a line break has no line to copy, and offers no button', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([], { TotalCount: 0 }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong name:"first\nsecond"');
    const list = await reply;
    expect(textOf(list)).toContain('No aliyun CLI line for this query: a value in this query holds a line break');
    expect(textOf(list)).not.toContain('ListTrafficMirrorSessions');
    expect(buttonsOf(list).has(ActionId.ShowCli)).toBe(false);
    expect(validateMessage(list.blocks as never, 'message')).toEqual([]);
  });

  it('answers an expired or tampered button beside the list', async () => {
    const reply = captureResponse('/actions/T0MIRRORS/cli/4');
    await bot.click({ actionId: ActionId.ShowCli, value: 'garbage', responseUrl: `${HOOKS}/actions/T0MIRRORS/cli/4` });
    const message = await reply;
    expect(message.replace_original).toBe(false);
    expect(textOf(message)).toMatch(/isn't valid|not valid|invalid/i);
  });
});

describe('CLI scripts', () => {
  const base: MirrorQuery = {
    scope: { kind: 'region', region: 'cn-hongkong' },
    filters: { tags: [], sessionIds: [] },
    limit: 10,
  };

  it('keeps quoted values whole when it breaks a command into lines', () => {
    const query: MirrorQuery = {
      ...base,
      filters: { ...base.filters, name: "it's a --tricky name", tags: [{ key: 'a b', value: "x'y" }] },
    };
    const lines = multiLineScript(cliScript(query, 'cn-hongkong'));
    expect(lines).toEqual([
      'aliyun vpc ListTrafficMirrorSessions \\',
      '  --region cn-hongkong \\',
      '  --RegionId=cn-hongkong \\',
      "  '--Tags.1.Key=a b' \\",
      "  '--Tags.1.Value=x'\\''y' \\",
      "  '--TrafficMirrorSessionName=it'\\''s a --tricky name' \\",
      '  --MaxResults=10 \\',
      '  --pager path=TrafficMirrorSessions',
    ]);
  });

  it('fits short commands inline and long ones behind the button', () => {
    expect(cliNeedsButton(cliScript(base, 'cn-hongkong'))).toBe(false);
    expect(cliNeedsButton(cliScript({ ...base, filters: { ...base.filters, sessionIds: IDS } }, 'cn-hongkong'))).toBe(
      true,
    );
    expect(
      cliNeedsButton(
        allRegionsCliScript(
          base,
          Array.from({ length: 30 }, (_, i) => `cn-region-${i}`),
        ),
      ),
    ).toBe(false);
  });

  it('stays within every limit, in at most five messages, for the worst command there is', () => {
    const query: MirrorQuery = {
      scope: { kind: 'all' },
      filters: {
        tags: Array.from({ length: 20 }, (_, i) => ({ key: `<${i}>`.padEnd(64, '&'), value: '&'.repeat(128) })),
        sessionIds: Array.from({ length: 100 }, (_, i) => `tms-${'z'.repeat(60)}${i}`),
        name: '&'.repeat(128),
        filterId: 'tmf-00000000000000filter',
        vni: 16777215,
        priority: 32766,
        enabled: false,
        resourceGroupId: 'rg-0000000000group',
      },
      limit: 100,
      eni: 'eni-000000000000000worst',
    };
    const messages = cliMessages(
      allRegionsCliScript(
        query,
        Array.from({ length: 30 }, (_, i) => `cn-region-${i}`),
      ),
    );
    expect(messages.length).toBeLessThanOrEqual(CLI_MESSAGES_MAX);
    for (const message of messages) expect(validateMessage(message.blocks, 'message')).toEqual([]);
    // Even this fits whole: nothing is cut.
    expect(JSON.stringify(messages)).not.toContain('too long for Slack');
    expect(JSON.stringify(messages)).toContain('done');
  });
});

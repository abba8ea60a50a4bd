import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { FAKE_KEY_ID, pageBody, rawSession } from '../cloud/helpers';
import { type Bot, buttonsOf, captureResponse, HK, startBot, textOf } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

/** Intercepts one ListTrafficMirrorSessions call on the Hong Kong endpoint and records its parameters. */
function vpcOnce(
  body: Record<string, unknown> | string,
  status = 200,
  seen: URLSearchParams[] = [],
  origin = HK,
): URLSearchParams[] {
  nock(origin)
    .get('/')
    .query(true)
    .reply((uri) => {
      seen.push(new URL(uri, origin).searchParams);
      return [
        status,
        typeof body === 'string' ? body : JSON.stringify(body),
        { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' },
      ];
    });
  return seen;
}

describe('/mirrors: the happy path', () => {
  it('acks at once with an empty body, then answers ephemerally on response_url with the list', async () => {
    vpcOnce(
      pageBody(
        [
          rawSession({ TrafficMirrorSessionName: 'finance-ids-tap' }),
          rawSession({ TrafficMirrorSessionId: 'tms-6cla50buc44ap8tu0002' }),
        ],
        { TotalCount: 37, NextToken: 'tok-2' },
      ),
    );
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    const ack = await bot.command('cn-hongkong tag:FinanceDept');
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    const message = await reply;
    expect(message.response_type).toBe('ephemeral');
    const text = textOf(message);
    expect(text).toContain('cn-hongkong');
    expect(text).toContain('finance-ids-tap');
    expect(text).toMatch(/1–2 of 37/);
    expect(text).toContain('tag:FinanceDept');
    expect(buttonsOf(message).has(ActionId.NextPage)).toBe(true);
    expect(buttonsOf(message).has(ActionId.PreviousPage)).toBe(false);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('maps every term to its request parameter', async () => {
    const seen = vpcOnce(pageBody([]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(
      'cn-hongkong tag:FinanceDept tag:env=prod tag:empty= name:"db mirror" source:eni-j6c8znm5l1yt4sox0001 target:lb-j6cq5cd0xkh7k0ih0001 ' +
        'filter:tmf-6cmls82xnc86vtpe0001 vni:10 priority:7 enabled:no id:tms-00000000000000000aaa,tms-00000000000000000bbb rg:rg-bp67acfmxazb4ph0001 limit:25',
    );
    await reply;
    const params = seen[0]!;
    expect(
      Object.fromEntries(
        [...params].filter(([k]) => !['Signature', 'SignatureNonce', 'Timestamp', 'AccessKeyId'].includes(k)),
      ),
    ).toEqual({
      Action: 'ListTrafficMirrorSessions',
      Format: 'JSON',
      Version: '2016-04-28',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      RegionId: 'cn-hongkong',
      'Tags.1.Key': 'FinanceDept',
      'Tags.2.Key': 'env',
      'Tags.2.Value': 'prod',
      'Tags.3.Key': 'empty',
      'Tags.3.Value': '',
      TrafficMirrorSessionName: 'db mirror',
      TrafficMirrorSourceId: 'eni-j6c8znm5l1yt4sox0001',
      TrafficMirrorTargetId: 'lb-j6cq5cd0xkh7k0ih0001',
      TrafficMirrorFilterId: 'tmf-6cmls82xnc86vtpe0001',
      VirtualNetworkId: '10',
      Priority: '7',
      Enabled: 'false',
      'TrafficMirrorSessionIds.1': 'tms-00000000000000000aaa',
      'TrafficMirrorSessionIds.2': 'tms-00000000000000000bbb',
      ResourceGroupId: 'rg-bp67acfmxazb4ph0001',
      MaxResults: '25',
    });
    expect(params.get('AccessKeyId')).toBe(FAKE_KEY_ID);
    expect(params.get('Signature')).toBeTruthy();
  });

  it('says plainly when nothing matches', async () => {
    vpcOnce(pageBody([], { TotalCount: '0' }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong tag:Nobody');
    expect((await reply).text).toBe('No traffic mirror sessions in cn-hongkong match tag:Nobody.');
  });

  it.each([
    ['a number', 37],
    ['a string', '37'],
  ])('reads TotalCount sent as %s', async (_label, total) => {
    vpcOnce(
      pageBody([rawSession(), rawSession({ TrafficMirrorSessionId: 'tms-6cla50buc44ap8tu0002' })], {
        TotalCount: total,
        NextToken: 'n',
      }),
    );
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    expect(textOf(await reply)).toMatch(/1–2 of 37/);
  });

  it.each([
    ['empty', { NextToken: '' }],
    ['absent', {}],
  ])('offers no Next page when NextToken is %s', async (_label, extra) => {
    vpcOnce(pageBody([rawSession()], extra));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    expect(buttonsOf(await reply).has(ActionId.NextPage)).toBe(false);
  });
});

describe('/mirrors: bad input never reaches the API', () => {
  it.each([
    ['vni:abc', /vni:/, /0 to 16777215/],
    ['vni:16777216', /vni:16777216/, /0 to 16777215/],
    ['priority:0', /priority:0/, /1 to 32766/],
    ['priority:32767', /priority:32767/, /1 to 32766/],
    ['limit:101', /limit:101/, /1 to 100/],
    ['limit:0', /limit:0/, /1 to 100/],
    ['enabled:maybe', /enabled:maybe/, /true.*false/],
    ['name:http://evil', /name:http:\/\/evil/, /http:\/\//],
    [`name:${'x'.repeat(129)}`, /name:x{20}/, /1-128 characters/],
    ['tag:aliyun-internal', /tag:aliyun-internal/, /aliyun/],
    ['tag:acs:thing', /tag:acs:thing/, /acs:/],
    [`tag:${'k'.repeat(65)}`, /tag:k{20}/, /1-64 characters/],
    [`tag:k=${'v'.repeat(129)}`, /tag:k=v{20}/, /128 characters/],
    [Array.from({ length: 21 }, (_, i) => `tag:k${i}`).join(' '), /tag:k20/, /20 tags/],
    [
      `id:${Array.from({ length: 101 }, (_, i) => `tms-a${String(i).padStart(19, '0')}`).join(',')}`,
      /id:tms-a0000000000000000000/,
      /100 session ids/,
    ],
    ['source:lb-00000123', /source:lb-00000123/, /ENI/],
    ['target:tmf-00000000000000000001', /target:tmf-00000000000000000001/, /lb-/],
    ['filter:eni-00000000000000000001', /filter:eni-00000000000000000001/, /tmf-/],
    ['rg:abc', /rg:abc/, /rg-/],
    ['name:"unclosed', /unclosed/, /never closed/],
  ])('%s gets a reply quoting the term and its rule', async (term, termPattern, rulePattern) => {
    // No VPC interceptor is registered: a call would fail the request with a network error, and isDone shows none pending.
    const ack = await bot.command(`cn-hongkong ${term}`);
    expect(ack.status).toBe(200);
    const message = JSON.parse(ack.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(message.response_type).toBe('ephemeral');
    expect(textOf(message)).toMatch(termPattern);
    expect(textOf(message)).toMatch(rulePattern);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    expect(bot.lines.join('\n')).not.toMatch(/listed sessions|cloud call failed/);
  });

  it('suggests the nearest key for a typo', async () => {
    const ack = await bot.command('cn-hongkong targt:eni-00000000000000000abc');
    expect(textOf(JSON.parse(ack.body) as object)).toMatch(/did you mean.*target:/i);
  });

  it('answers help with the grammar and examples', async () => {
    const ack = await bot.command('help');
    const text = textOf(JSON.parse(ack.body) as object);
    expect(text).toContain('/mirrors cn-hongkong tag:FinanceDept');
    for (const key of [
      'tag:',
      'name:',
      'source:',
      'target:',
      'filter:',
      'vni:',
      'priority:',
      'enabled:',
      'id:',
      'rg:',
      'limit:',
    ])
      expect(text).toContain(key);
  });

  it('answers an empty command with help when there is no default region', async () => {
    const ack = await bot.command('');
    expect(textOf(JSON.parse(ack.body) as object)).toContain('/mirrors cn-hongkong tag:FinanceDept');
  });
});

describe('/mirrors: the cloud misbehaves', () => {
  it('retries throttling and then answers with the list', async () => {
    vpcOnce(
      { RequestId: 'R-THROTTLE', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
      400,
    );
    vpcOnce(pageBody([rawSession({ TrafficMirrorSessionName: 'after-throttle' })]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    expect(textOf(await reply)).toContain('after-throttle');
  });

  it('survives a 503 and then an HTML 502 from a gateway', async () => {
    vpcOnce(
      {
        RequestId: 'R-503',
        Code: 'ServiceUnavailable',
        Message: 'The request has failed due to a temporary failure of the server.',
      },
      503,
    );
    vpcOnce(
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      502,
    );
    vpcOnce(pageBody([rawSession({ TrafficMirrorSessionName: 'after-gateway' })]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    expect(textOf(await reply)).toContain('after-gateway');
  });

  it('explains a RAM denial by naming the action, without retrying', async () => {
    const seen = vpcOnce(
      {
        RequestId: 'R-RAM-1',
        Code: 'Forbidden.RAM',
        Message: 'User not authorized to operate on the specified resource.',
        AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions' },
      },
      403,
    );
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    const text = textOf(await reply);
    expect(text).toContain('vpc:ListTrafficMirrorSessions');
    expect(text).toContain('R-RAM-1');
    expect(seen).toHaveLength(1);
  });

  it('says a region is unknown before asking the API, and offers the configured one a typo away', async () => {
    const seen = vpcOnce(
      { RequestId: 'R-REGION', Code: 'InvalidRegionId.NotFound', Message: 'The specified region does not exist.' },
      400,
      [],
      'https://vpc.cn-nowhere.aliyuncs.com',
    );
    const unknown = await bot.command('cn-nowhere');
    expect(unknown.body).toMatch(/cn-nowhere/);
    expect(unknown.body).toMatch(/not a region the bot knows/);
    const typo = await bot.command('cn-hongkog tag:FinanceDept');
    expect(typo.body).toContain('Did you mean `/mirrors cn-hongkong tag:FinanceDept`?');
    expect(seen).toHaveLength(0);
  });

  it('says a region the API does not know is unknown (a configured region the API refuses)', async () => {
    const custom = await startBot({ regions: ['cn-hongkong', 'cn-nowhere'] });
    try {
      vpcOnce(
        { RequestId: 'R-REGION', Code: 'InvalidRegionId.NotFound', Message: 'The specified region does not exist.' },
        400,
        [],
        'https://vpc.cn-nowhere.aliyuncs.com',
      );
      const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
      await custom.command('cn-nowhere');
      expect(textOf(await reply)).toMatch(/cn-nowhere/);
      expect(textOf(await reply)).toMatch(/region/i);
    } finally {
      await custom.stop();
    }
  });

  it('offers the whole corrected command for a tag value with a space', async () => {
    const ack = await bot.command('cn-hongkong tag:Finance Dept');
    const body = JSON.parse(ack.body) as { text: string };
    expect(body.text).toContain('Did you mean /mirrors cn-hongkong tag:"Finance Dept"?');
  });

  it('never shows or logs the signed URL, key id or signature', async () => {
    vpcOnce(
      {
        RequestId: 'R-SIG',
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
      },
      400,
    );
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    const text = textOf(await reply);
    for (const secret of [FAKE_KEY_ID, 'Signature=', 'aliyuncs.com/?', 'AccessKeyId']) {
      expect(text).not.toContain(secret);
      expect(bot.lines.join('\n')).not.toContain(secret);
    }
    expect(text).toContain('R-SIG');
  });
});

describe('/mirrors: a hanging API', () => {
  let slow: Bot;
  beforeEach(async () => {
    slow = await startBot({ cloudBudgetMs: 1_500, replyBudgetMs: 2_500, placeholderAfterMs: 1_000 });
  });
  afterEach(async () => {
    await slow.stop();
  });

  it('acks at once, shows a placeholder, then answers below it within the budget with a failure that has Retry', async () => {
    nock(HK).get('/').query(true).times(10).delay(60_000).reply(200, pageBody([]));
    const placeholder = captureResponse('/commands/T0MIRRORS/1/cmd');
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    const started = Date.now();
    const ack = await slow.command('cn-hongkong tag:FinanceDept');
    expect(ack.status).toBe(200);
    const first = await placeholder;
    expect(first.response_type).toBe('ephemeral');
    expect(textOf(first)).toContain('Looking up cn-hongkong');
    expect(textOf(first)).toContain('/mirrors cn-hongkong tag:FinanceDept');
    expect(validateMessage(first.blocks as never, 'message')).toEqual([]);
    const message = await reply;
    const elapsed = Date.now() - started;
    // Slack posts a command's later answers anew, so the failure comes below the placeholder without claiming to
    // replace it.
    expect(message.replace_original).toBeUndefined();
    expect(textOf(message)).toMatch(/try again/i);
    expect(buttonsOf(message).has(ActionId.Retry)).toBe(true);
    // The budget is what the user waits for at most, plus scheduling slack.
    expect(elapsed).toBeLessThan(2_500 + 1_000);
  });
});

describe('the receiver', () => {
  it('refuses a forged signature with 401', async () => {
    const { postSigned, commandBody } = await import('../helpers/signed');
    const response = await postSigned(
      bot.url,
      commandBody({ text: 'cn-hongkong', response_url: 'https://hooks.slack.com/x' }),
      'application/x-www-form-urlencoded',
      {
        secret: 'integration-signing-secret',
        forgeWith: 'not-the-secret',
      },
    );
    expect(response.status).toBe(401);
  });

  it('refuses a replayed request older than five minutes', async () => {
    const { postSigned, commandBody } = await import('../helpers/signed');
    const response = await postSigned(
      bot.url,
      commandBody({ text: 'cn-hongkong', response_url: 'https://hooks.slack.com/x' }),
      'application/x-www-form-urlencoded',
      {
        secret: 'integration-signing-secret',
        timestamp: Math.floor(Date.now() / 1000) - 600,
      },
    );
    expect(response.status).toBe(401);
  });

  it('answers GET /healthz', async () => {
    const response = await fetch(bot.url.replace('/slack/events', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from '../src/log';

describe('scrub', () => {
  it.each([
    [
      'a signed URL',
      'GET https://vpc.cn-hongkong.aliyuncs.com/?AccessKeyId=LTAI5tAbCdEf123456&Signature=abc%3D&SecurityToken=CAISsecret failed',
      ['LTAI5tAbCdEf123456', 'abc%3D', 'CAISsecret'],
    ],
    [
      'JSON keys',
      '{"AccessKeyId":"LTAIkey1234567890","SecurityToken":"CAIStoken"}',
      ['LTAIkey1234567890', 'CAIStoken'],
    ],
    [
      'JSON nested in a JSON string',
      JSON.stringify({ msg: JSON.stringify({ SecurityToken: 'CAISnested', accessKeySecret: 'nestedSecret' }) }),
      ['CAISnested', 'nestedSecret'],
    ],
    ['Slack tokens', 'token xoxb-123-456-abc and xapp-1-A1-xyz', ['xoxb-123-456-abc', 'xapp-1-A1-xyz']],
    ['a rotation refresh token', 'refreshing with xoxe-1-My0xLTEyMw', ['xoxe-1-My0xLTEyMw']],
    [
      // The WebClient logs request bodies at debug: oauth.v2.access carries the app's client secret.
      'an OAuth client secret in a logged request body',
      JSON.stringify({ msg: `http request body: ${JSON.stringify({ code: 'c', client_secret: 'cs0123abcd' })}` }),
      ['cs0123abcd'],
    ],
    ['OAuth tokens in a form body', 'access_token=opaque123&refresh_token=opaque456', ['opaque123', 'opaque456']],
    ['a response_url', 'posting to https://hooks.slack.com/actions/T1/123/AbCdSecret now', ['AbCdSecret']],
    [
      'a response_url in a payload',
      JSON.stringify({ payload: JSON.stringify({ response_url: 'https://hooks.slack.com/commands/T1/9/Zz' }) }),
      ['T1/9/Zz'],
    ],
    ['a Redis password', 'connecting to redis://:s3cretPass@redis.internal:6379/0', ['s3cretPass']],
    [
      'a Redis user and password',
      'REDIS_URL=rediss://mirrors:Pa55-word@r-abc.redis.rds.aliyuncs.com:6380',
      ['Pa55-word'],
    ],
    ['proxy credentials', 'via http://proxyuser:proxypass@10.0.0.1:3128', ['proxypass', 'proxyuser']],
  ])('removes %s', (_label, text, secrets) => {
    const out = scrub(text);
    for (const secret of secrets) expect(out).not.toContain(secret);
  });

  it('keeps the scheme and host of a URL with credentials', () => {
    expect(scrub('redis://:pw@redis:6379')).toBe('redis://[redacted]@redis:6379');
    expect(scrub('redis://redis:6379/0')).toBe('redis://redis:6379/0');
  });

  it('keeps what an operator needs', () => {
    expect(scrub('RequestId 739CA01C-92EB-4C69-BCC0-280149C6F41E region cn-hongkong code Forbidden.RAM')).toBe(
      'RequestId 739CA01C-92EB-4C69-BCC0-280149C6F41E region cn-hongkong code Forbidden.RAM',
    );
  });
});

describe('logger', () => {
  it('writes scrubbed JSON lines at or above its level, errors as name and message only', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    logger.info('hidden');
    const error = new Error('failed at https://vpc.cn-hongkong.aliyuncs.com/?AccessKeyId=LTAIsecretkey0001');
    logger.warn('call failed', { error, requestId: 'R-1' });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'warn', msg: 'call failed', requestId: 'R-1' });
    expect(lines[0]).not.toContain('LTAIsecretkey0001');
    expect(lines[0]).not.toContain('    at ');
  });
});

describe('logger fields', () => {
  function capture(level: 'debug' | 'info' = 'debug') {
    const lines: string[] = [];
    const logger = createLogger(level, (line) => lines.push(line));
    const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { logger, lines, records };
  }

  it('redacts tokens and response_urls by field name, at the top and one level down', () => {
    const { logger, records } = capture();
    logger.info('payload', { token: 'opaque-1', body: { token: 'opaque-2', response_url: 'opaque-3' } });
    expect(records()[0]).toMatchObject({
      token: '[redacted]',
      body: { token: '[redacted]', response_url: '[redacted]' },
    });
  });

  it('logs an Error under any key as its name and a scrubbed message, never a stack', () => {
    const { logger, lines, records } = capture();
    const err = new TypeError('bad https://vpc.aliyuncs.com/?Signature=abc');
    logger.error('boom', { err, cause: err });
    expect(records()[0]).toMatchObject({
      err: { name: 'TypeError', message: 'bad https://vpc.aliyuncs.com/?[redacted]' },
      cause: { name: 'TypeError' },
    });
    expect(lines[0]).not.toContain('Signature=abc');
    logger.warn('slack said no', { err: 'expired_trigger_id' });
    expect(records()[1]).toMatchObject({ msg: 'slack said no', err: 'expired_trigger_id' });
    expect(lines[0]).not.toContain('    at ');
  });

  it('gives a child its component on every line and a level of its own', () => {
    const { logger, records } = capture();
    const child = logger.child({ component: 'bolt' });
    child.level = 'warn';
    child.info('quiet');
    child.warn('loud');
    logger.debug('parent unchanged');
    expect(records()).toMatchObject([
      { level: 'warn', component: 'bolt', msg: 'loud' },
      { level: 'debug', msg: 'parent unchanged' },
    ]);
    expect(records()[1]).not.toHaveProperty('component');
  });
});

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
    ['a response_url', 'posting to https://hooks.slack.com/actions/T1/123/AbCdSecret now', ['AbCdSecret']],
    [
      'a response_url in a payload',
      JSON.stringify({ payload: JSON.stringify({ response_url: 'https://hooks.slack.com/commands/T1/9/Zz' }) }),
      ['T1/9/Zz'],
    ],
  ])('removes %s', (_label, text, secrets) => {
    const out = scrub(text);
    for (const secret of secrets) expect(out).not.toContain(secret);
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

import { describe, expect, it } from 'vitest';
import { AUDIT_OUTCOMES, AUDIT_SURFACES, type AuditEvent, auditLine, createAuditSink } from '../../src/access';

const EVENT: AuditEvent = {
  time: '2026-11-28T12:00:00.000Z',
  team: 'T0TEAM',
  user: 'U0ONCALL',
  channel: 'C0INCIDENT',
  surface: 'command',
  account: 'prod',
  region: 'cn-hongkong',
  query: 'cn-hongkong tag:FinanceDept',
  outcome: 'ok',
  count: 3,
  requestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
};

const DESIGN_KEYS = [
  'audit',
  'time',
  'team',
  'user',
  'channel',
  'surface',
  'account',
  'region',
  'query',
  'outcome',
  'count',
  'requestId',
];

describe('auditLine', () => {
  it('is one JSON line with exactly the DESIGN fields, in order', () => {
    const line = auditLine(EVENT);
    expect(line).not.toContain('\n');
    const parsed: unknown = JSON.parse(line);
    expect(Object.keys(parsed as object)).toEqual(DESIGN_KEYS);
    expect(parsed).toEqual({ audit: true, ...EVENT });
  });

  it.each(AUDIT_SURFACES.flatMap((surface) => AUDIT_OUTCOMES.map((outcome) => ({ surface, outcome }))))(
    'writes $surface / $outcome',
    ({ surface, outcome }) => {
      const event: AuditEvent = { ...EVENT, surface, outcome, count: outcome === 'ok' ? 0 : null, requestId: null };
      expect(JSON.parse(auditLine(event))).toMatchObject({ surface, outcome, count: event.count, requestId: null });
    },
  );

  it('never carries a secret or a response_url, whatever field it hides in (canaries)', () => {
    const canaries = {
      botToken: 'xoxb-1111111111-2222222222-CANARYbottoken',
      appToken: 'xapp-1-A0CANARY-3333-canaryapptoken',
      responseUrl: 'https://hooks.slack.com/actions/T0TEAM/4444/CANARYresponseurl',
      accessKey: 'LTAI5tCANARYaccesskey',
      stsKey: 'STS.NCANARYstsaccesskey',
      signed: 'https://vpc.aliyuncs.com/?AccessKeyId=LTAI5tX&Signature=CANARYsig&SecurityToken=CANARYtoken',
    };
    const event: AuditEvent = {
      ...EVENT,
      user: canaries.botToken,
      channel: canaries.appToken,
      query: `name:"${canaries.responseUrl}" ${canaries.accessKey} AccessKeySecret=CANARYsecret ${canaries.signed}`,
      region: canaries.stsKey,
      requestId: `${canaries.responseUrl} SecurityToken: CANARYtoken2`,
    };
    const line = auditLine(event);
    expect(() => JSON.parse(line)).not.toThrow();
    expect(line).not.toMatch(/CANARY/);
    expect(line).toContain('[redacted]');
  });

  it('cuts a huge query so the line stays a line', () => {
    const line = auditLine({ ...EVENT, query: `name:${'x'.repeat(5000)}` });
    expect((JSON.parse(line) as AuditEvent).query.length).toBe(1000);
  });

  it('escapes control characters: a newline in a query cannot forge a second audit line', () => {
    const line = auditLine({ ...EVENT, query: 'a\n{"audit":true,"user":"U0FORGED"}' });
    expect(line.split('\n')).toHaveLength(1);
    expect((JSON.parse(line) as AuditEvent).user).toBe('U0ONCALL');
  });
});

describe('createAuditSink', () => {
  it('writes the line synchronously, stamps the time, and posts the scrubbed event in the background', async () => {
    const lines: string[] = [];
    const posted: AuditEvent[] = [];
    const sink = createAuditSink({
      write: (line) => lines.push(line),
      post: async (event) => {
        posted.push(event);
      },
      clock: () => new Date('2026-11-28T12:34:56.000Z'),
    });
    const { time: _time, ...rest } = EVENT;
    sink.record({ ...rest, query: 'xoxb-999-CANARY' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ time: '2026-11-28T12:34:56.000Z', user: 'U0ONCALL' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(posted).toHaveLength(1);
    expect(posted[0]).not.toHaveProperty('audit');
    expect(JSON.stringify(posted[0])).not.toContain('CANARY');
  });

  it('reports a failed post and never throws from record', async () => {
    const errors: unknown[] = [];
    const sink = createAuditSink({
      write: () => undefined,
      post: () => Promise.reject(new Error('channel_not_found')),
      onPostError: (error) => errors.push(error),
    });
    expect(() => sink.record({ ...EVENT })).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
  });

  it('writes to stdout by default, not to the log on stderr', () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      createAuditSink().record({ ...EVENT });
    } finally {
      process.stdout.write = original;
    }
    expect(writes).toEqual([`${auditLine(EVENT)}\n`]);
  });
});

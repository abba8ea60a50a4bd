import { describe, expect, it } from 'vitest';
import { canonicalText, cliLines, type MirrorQuery, parseCommand } from '../../src/query';

const INSTANCE = 'i-j6cb7v2fin0ledgr0001';

function query(text: string): MirrorQuery {
  const outcome = parseCommand(text);
  if (outcome.kind !== 'query') throw new Error(`expected a query, got ${JSON.stringify(outcome)}`);
  return outcome.query;
}

function errors(text: string) {
  const outcome = parseCommand(text);
  return outcome.kind === 'error' ? outcome.errors : [];
}

describe('IP and instance terms', () => {
  it('reads ip:, a bare IPv4 and a bare instance id as hosts', () => {
    expect(query('cn-hongkong ip:10.0.1.5').host).toEqual({ kind: 'ip', ip: '10.0.1.5' });
    expect(query('10.20.1.15 cn-hongkong').host).toEqual({ kind: 'ip', ip: '10.20.1.15' });
    expect(query(`cn-hongkong ${INSTANCE.toUpperCase().replace('I-', 'i-')}`).host).toEqual({
      kind: 'instance',
      instanceId: INSTANCE,
    });
    // Any valid IPv4 is looked up, not only private ranges.
    expect(query('cn-hongkong 8.8.8.8').host).toEqual({ kind: 'ip', ip: '8.8.8.8' });
  });

  it.each(['10.0.1', '10.0.1.256', '10.0.01.5', '10.0.1.5.6', '1.2.3.', '999.1.1.1'])(
    'refuses the IP %s with the rule',
    (ip) => {
      const found = errors(`cn-hongkong ${ip}`);
      expect(found).toHaveLength(1);
      expect(found[0]?.rule).toContain('four numbers from 0 to 255');
      expect(errors(`cn-hongkong ip:${ip}`)[0]?.term).toBe(`ip:${ip}`);
    },
  );

  it.each(['i-abc', 'i-j6cb7v2fin0ledgr00011', 'i-j6cb7v2fin0ledgr000_', 'i-J6cb7v2fin0ledgr0001'])(
    'refuses the instance id %s with its shape',
    (id) => {
      expect(errors(`cn-hongkong ${id}`)[0]?.rule).toContain('`i-` followed by 20 lowercase letters and digits');
    },
  );

  it('takes one host, and never beside a bare ENI, source: or target:', () => {
    expect(errors('cn-hongkong 10.0.1.5 10.0.1.6')[0]?.rule).toContain('one IP or instance at a time');
    expect(query('cn-hongkong 10.0.1.5 ip:10.0.1.5').host).toEqual({ kind: 'ip', ip: '10.0.1.5' });
    for (const other of ['eni-j6c8znm5l1yt4sox0002', 'source:eni-j6c8znm5l1yt4sox0002', 'target:lb-j6c0abc123def456']) {
      expect(errors(`cn-hongkong 10.0.1.5 ${other}`)[0]?.rule).toContain('cannot be combined');
      expect(errors(`cn-hongkong ${other} ${INSTANCE}`)[0]?.rule).toContain('cannot be combined');
    }
  });

  it('needs no region: with none and no default it is looked up in every configured region', () => {
    expect(query('10.0.1.5').scope).toEqual({ kind: 'anywhere' });
    expect(query('ip:10.0.1.5 tag:env=prod').scope).toEqual({ kind: 'anywhere' });
    expect(query(INSTANCE).scope).toEqual({ kind: 'anywhere' });
    expect(canonicalText(query('10.0.1.5'))).toBe('ip:10.0.1.5');
    expect(parseCommand('10.0.1.5', { defaultRegion: 'cn-hongkong' })).toMatchObject({
      query: { scope: { kind: 'region', region: 'cn-hongkong' } },
    });
  });

  it('writes canonical text that parses back to the same query', () => {
    for (const text of ['cn-hongkong 10.0.1.5 tag:env=prod limit:20', `cn-shanghai ${INSTANCE} enabled:true`]) {
      const first = query(text);
      expect(canonicalText(first)).toMatch(/^(cn-hongkong ip:10\.0\.1\.5|cn-shanghai i-)/);
      expect(query(canonicalText(first))).toEqual(first);
    }
  });

  it('gives the aliyun commands that answer it: DescribeNetworkInterfaces, then the ENI lookup', () => {
    const lines = cliLines(query('cn-hongkong 10.20.1.15'), 'cn-hongkong');
    expect(lines[0]).toBe(
      'aliyun ecs DescribeNetworkInterfaces --region cn-hongkong --RegionId=cn-hongkong --PrivateIpAddress.1=10.20.1.15',
    );
    expect(lines[1]).toContain('--TrafficMirrorSourceId=ENI_ID');
    expect(lines[2]).toContain('--TrafficMirrorTargetId=ENI_ID');
    expect(cliLines(query(`cn-hongkong ${INSTANCE}`), 'cn-hongkong')[0]).toContain(`--InstanceId=${INSTANCE}`);
  });
});

import { describe, expect, it } from 'vitest';
import type { Instance, NetworkInterface } from '../../src/cloud/ecs';
import type { SessionContext } from '../../src/cloud/session-context';
import { sessionDetailsModal } from '../../src/views/session-details';
import { validateView } from '../../src/views/validate';
import { allText, NOW, session, worstSession } from './fixtures';

type Filter = NonNullable<SessionContext['filter']>;

function eni(id: string, n: number): NetworkInterface {
  return {
    id,
    name: `eni-name-${n}`,
    instanceId: `i-${'x'.repeat(18)}${String(n).padStart(2, '0')}`,
    type: n % 2 === 0 ? 'Primary' : 'Secondary',
    status: 'InUse',
    primaryIp: `10.0.${n}.255`,
    privateIps: [`10.0.${n}.255`],
    vSwitchId: `vsw-${'y'.repeat(21)}`,
    vpcId: 'vpc-1',
  };
}

function rule(n: number): Filter['ingress'][number] {
  return {
    id: `tmr-${n}`,
    action: n % 3 === 0 ? 'drop' : 'accept',
    protocol: 'TCP',
    sourceCidr: '255.255.255.255/32',
    destinationCidr: '255.255.255.255/32',
    sourcePorts: '10000/65535',
    destinationPorts: '10000/65535',
    priority: n,
  };
}

function contextFor(sourceIds: readonly string[], targetId: string, filterId: string): SessionContext {
  const enis = [...sourceIds, targetId].map((id, n) => eni(id, n));
  const instances: Instance[] = enis.map((e) => ({
    id: e.instanceId,
    name: `<${'w'.repeat(126)}>`,
    status: 'Running',
  }));
  return {
    enis: new Map(enis.map((e) => [e.id, e])),
    enisRead: true,
    instances: new Map(instances.map((i) => [i.id, i])),
    filter: {
      id: filterId,
      name: 'n'.repeat(128),
      status: 'Created',
      ingress: Array.from({ length: 10 }, (_, i) => rule(i + 1)),
      egress: Array.from({ length: 10 }, (_, i) => rule(i + 11)),
    },
    filterRead: true,
    denied: [],
    incomplete: false,
  };
}

describe('Details that explain, at the worst case', () => {
  it('10 sources with instances, an ENI target and 10+10 rules stay within the modal limits', () => {
    const sourceIds = Array.from({ length: 10 }, (_, i) => `eni-${'a'.repeat(18)}${String(i).padStart(2, '0')}`);
    for (let n = 0; n < 4; n += 1) {
      const s = {
        ...worstSession(n),
        sourceIds,
        targetId: `eni-${'t'.repeat(20)}`,
        targetType: 'NetworkInterface',
        filterId: `tmf-${'f'.repeat(20)}`,
      };
      const view = sessionDetailsModal({
        session: s,
        region: 'cn-hongkong',
        now: NOW,
        context: contextFor(sourceIds, s.targetId, s.filterId),
      });
      expect(validateView(view)).toEqual([]);
      const text = allText(view);
      for (const id of sourceIds) expect(text).toContain(id);
      expect(text).toContain('priority · action · protocol');
      expect(text).toContain('(20 rules)');
    }
  });

  it('says which permission would add the rest, in one line, and flags nothing it could not check', () => {
    const s = session({ sourceIds: ['eni-gone'], filterId: 'tmf-1' });
    const context: SessionContext = {
      enis: new Map(),
      enisRead: false,
      instances: new Map(),
      filter: undefined,
      filterRead: false,
      denied: ['ecs:DescribeNetworkInterfaces', 'vpc:ListTrafficMirrorFilters'],
      incomplete: false,
    };
    const text = allText(sessionDetailsModal({ session: s, region: 'cn-hongkong', now: NOW, context }));
    expect(text).toContain('`ecs:DescribeNetworkInterfaces` adds ENI IPs, vSwitches and instances');
    expect(text).toContain('`vpc:ListTrafficMirrorFilters` adds filter rules');
    expect(text).not.toContain('Mirrors nothing');
    expect(text).not.toContain('no longer exists');
  });
});

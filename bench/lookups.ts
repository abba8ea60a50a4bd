/**
 * An IP lookup end to end (parse → ECS DescribeNetworkInterfaces → ListTrafficMirrorSessions both ways, with
 * DescribeInstances beside them → the rendered message), against the stand-in at a fixed latency per call. Two
 * round trips are the floor (ECS, then VPC); what is above them is our own work (and the stand-in's).
 */
import RPCClient from '@alicloud/pop-core';
import { composeDeps } from '../src/compose';
import { silentLogger } from '../src/log';
import { type MirrorQuery, parseCommand } from '../src/query';
import { ECS_WELL_KNOWN, startVpcStandIn } from '../src/sandbox/vpc';
import { renderQuery } from '../src/slack/list-sessions';

const LATENCY_MS = 100;
const KEYS = { accessKeyId: 'LTAIbenchkey0002', accessKeySecret: 'bench-secret-2' };

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export async function lookupBench(): Promise<void> {
  const standIn = await startVpcStandIn({ keys: [KEYS], latencyMs: LATENCY_MS });
  const parsed = parseCommand(`cn-hongkong ${ECS_WELL_KNOWN.DEMO_IP}`);
  if (parsed.kind !== 'query') throw new Error('the demo IP does not parse');
  const rounds = 20;
  const cold: number[] = [];
  const warm: number[] = [];
  const bare: number[] = [];
  const config = {
    regions: ['cn-hongkong'],
    vpcEndpoint: standIn.url,
    ecsEndpoint: standIn.url,
    defaultRegion: undefined,
  };
  const options = { credentials: KEYS, buttonSecretSource: 'bench', logger: silentLogger };
  const uncached = composeDeps(config, { ...options, hostCacheTtlMs: 1 });
  const deps = composeDeps(config, options);
  await renderQuery(deps, parsed.query);
  const ecs = new RPCClient({ endpoint: standIn.url, apiVersion: '2014-05-26', ...KEYS });
  const vpc = new RPCClient({ endpoint: standIn.url, apiVersion: '2016-04-28', ...KEYS });
  for (let i = 0; i < rounds; i++) {
    // The floor, measured rather than assumed: the same two calls in a row with bare pop-core, nothing else.
    let t = performance.now();
    await ecs.request(
      'DescribeNetworkInterfaces',
      { RegionId: 'cn-hongkong', 'PrivateIpAddress.1': ECS_WELL_KNOWN.DEMO_IP },
      { method: 'GET' },
    );
    await vpc.request(
      'ListTrafficMirrorSessions',
      { RegionId: 'cn-hongkong', TrafficMirrorSourceId: 'eni-j6c8znm5l1yt4sox0002', MaxResults: 100 },
      { method: 'GET' },
    );
    bare.push(performance.now() - t);
    // Cold: the resolution has expired (as for the first question about a host); warm: it is cached.
    await new Promise((resolve) => setTimeout(resolve, 2));
    t = performance.now();
    const first = await renderQuery(uncached, parsed.query);
    cold.push(performance.now() - t);
    if (first.kind !== 'list' || first.page.sessions.length === 0) throw new Error('the IP lookup found nothing');
    t = performance.now();
    await renderQuery(deps, parsed.query);
    warm.push(performance.now() - t);
  }
  const line = (label: string, values: number[], floor?: number) =>
    console.log(
      `  ${label.padEnd(44)} p50 ${p(values, 0.5).toFixed(1).padStart(6)} ms   p95 ${p(values, 0.95).toFixed(1).padStart(6)} ms` +
        (floor === undefined ? '' : `   own work p50 ${(p(values, 0.5) - floor).toFixed(1).padStart(5)} ms`),
    );
  console.log(
    `\nIP lookup /mirrors cn-hongkong ${ECS_WELL_KNOWN.DEMO_IP}, ${LATENCY_MS} ms per API call (${rounds} rounds)`,
  );
  line('the two calls alone, bare pop-core', bare);
  line('cold: ECS then VPC (2 round trips)', cold, p(bare, 0.5));
  line('warm: resolution cached (1 round trip)', warm, p(bare, 0.5) / 2);
  // No region and no default: the same IP in every configured region at once, so still two round trips deep.
  const anywhere = parseCommand(ECS_WELL_KNOWN.DEMO_IP);
  if (anywhere.kind !== 'query') throw new Error('the bare demo IP does not parse');
  const everywhere = composeDeps(
    { ...config, regions: ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1'] },
    { ...options, hostCacheTtlMs: 1 },
  );
  const spread: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const t = performance.now();
    const found = await renderQuery(everywhere, anywhere.query);
    spread.push(performance.now() - t);
    if (found.kind !== 'list' || found.page.sessions.length === 0) throw new Error('the bare IP lookup found nothing');
  }
  line('no region: 3 regions at once, cold', spread, p(bare, 0.5));
  await standIn.close();
  await zeroLatency(parsed.query);
}

/** Everything with no API latency at all (the stand-in's own work included): the host lookup beside a bare ENI's. */
async function zeroLatency(query: MirrorQuery): Promise<void> {
  const standIn = await startVpcStandIn({ keys: [KEYS] });
  const deps = composeDeps(
    { regions: ['cn-hongkong'], vpcEndpoint: standIn.url, ecsEndpoint: standIn.url, defaultRegion: undefined },
    { credentials: KEYS, buttonSecretSource: 'bench', logger: silentLogger },
  );
  const eni = parseCommand('cn-hongkong eni-j6c8znm5l1yt4sox0002');
  if (eni.kind !== 'query') throw new Error('the demo ENI does not parse');
  const uncached = composeDeps(
    { regions: ['cn-hongkong'], vpcEndpoint: standIn.url, ecsEndpoint: standIn.url, defaultRegion: undefined },
    { credentials: KEYS, buttonSecretSource: 'bench', logger: silentLogger, hostCacheTtlMs: 1 },
  );
  const per = async (q: MirrorQuery, cold: boolean): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      if (cold) await new Promise((resolve) => setTimeout(resolve, 2));
      const t = performance.now();
      await renderQuery(cold ? uncached : deps, q);
      times.push(performance.now() - t);
    }
    return times.slice(10);
  };
  const line = (label: string, values: number[]) =>
    console.log(
      `  ${label.padEnd(44)} p50 ${p(values, 0.5).toFixed(1).padStart(6)} ms   p95 ${p(values, 0.95).toFixed(1).padStart(6)} ms`,
    );
  console.log("  with no API latency (all work, the stand-in's included):");
  line('  IP lookup, cold (5 requests)', await per(query, true));
  line('  IP lookup, warm (3 requests)', await per(query, false));
  line('  bare ENI lookup, for comparison (2 requests)', await per(eni.query, false));
  await standIn.close();
}

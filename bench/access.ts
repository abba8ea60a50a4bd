/**
 * The access check, the audit line and STS caching, for `npm run bench`: the budget is under 0.2 ms p50 added to a
 * command for the check plus the audit, and one AssumeRole round trip for a cold account, none for a warm one.
 */
import { createAuditSink, decide } from '../src/access';
import { parseAccountsConfig } from '../src/accounts';
import { actingAs } from '../src/cloud/acting-user';
import { createCredentialsProvider } from '../src/cloud/credentials';
import { createPopClient } from '../src/cloud/pop-client';
import { createRoleCredentials } from '../src/cloud/sts';
import { composeDeps } from '../src/compose';
import { silentLogger } from '../src/log';
import { parseCommand } from '../src/query';
import { DEMO_MIRRORS_YML, DEMO_PROD_ROLE, DEMO_ROLES, startStsStandIn } from '../src/sandbox/sts';
import { startVpcStandIn } from '../src/sandbox/vpc';
import { admit, audit } from '../src/slack/access';
import { firstStateOf, renderPage } from '../src/slack/list-sessions';

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function accessBench(): Promise<void> {
  console.log('\nAccess policy, audit and STS');
  const parsed = parseAccountsConfig(DEMO_MIRRORS_YML, ['cn-hongkong']);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const rules = parsed.accounts.rules;
  const sink = createAuditSink({ write: () => undefined });
  const usergroupsOf = async () => new Set<string>();
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = performance.now();
    const decision = await decide(rules, {
      user: 'U0SANDBOX02',
      channel: 'C0INCIDENTS',
      channelKind: 'channel',
      account: 'prod',
      region: 'cn-hongkong',
      usergroupsOf,
    });
    sink.record({
      team: 'T0SANDBOX01',
      user: 'U0SANDBOX02',
      channel: 'C0INCIDENTS',
      surface: 'command',
      account: 'prod',
      region: 'cn-hongkong',
      query: 'cn-hongkong tag:FinanceDept',
      outcome: decision.allowed ? 'ok' : 'denied',
      count: 3,
      requestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
    });
    samples.push(performance.now() - t);
  }
  console.log(
    `  access check + audit line, p50 (budget 0.2 ms)       ${(p50(samples.slice(2000)) * 1000).toFixed(1).padStart(9)} µs`,
  );

  const keys = { accessKeyId: 'LTAIbenchsts0001', accessKeySecret: 'bench-sts-secret' };
  const sts = await startStsStandIn({ keys: [keys], roles: DEMO_ROLES });
  const vpc = await startVpcStandIn({ keys: [keys, ...sts.roleKeys.values()] });
  try {
    // The wired path a command takes: admit() (account, rules, the account's deps) and its audit line.
    const deps = composeDeps(
      { regions: ['cn-hongkong'], vpcEndpoint: vpc.url, ecsEndpoint: vpc.url, defaultRegion: undefined },
      {
        credentials: keys,
        buttonSecretSource: 'bench',
        logger: silentLogger,
        accounts: parsed.accounts,
        sts: { endpoint: sts.url },
        audit: { write: () => undefined },
      },
    );
    const parsedQuery = parseCommand('account:prod cn-hongkong tag:FinanceDept', { accounts: ['prod', 'finance'] });
    if (parsedQuery.kind !== 'query') throw new Error('the bench query does not parse');
    const asker = {
      user: 'U0SANDBOX02',
      channel: 'C0INCIDENTS',
      channelKind: 'channel' as const,
      surface: 'command' as const,
    };
    const wired: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = performance.now();
      const admitted = await admit(deps, asker, parsedQuery.query);
      if (admitted.ok) audit(deps, asker, admitted.query, 'cn-hongkong', 'ok', { count: 3, requestId: 'r' });
      wired.push(performance.now() - t);
    }
    console.log(
      `  admit() + audit as wired for a command, p50 (0.2 ms)  ${(p50(wired.slice(2000)) * 1000).toFixed(1).padStart(9)} µs`,
    );

    // Through the wired deps: the first request of a user for an account assumes the role, the next ones do not.
    const ask = async (user: string): Promise<number> => {
      const before = sts.calls.length;
      const admitted = await admit(deps, { ...asker, user }, parsedQuery.query);
      if (!admitted.ok) throw new Error('the bench user is refused');
      await actingAs(user, () => renderPage(admitted.deps, firstStateOf(admitted.query)));
      return sts.calls.length - before;
    };
    const coldCalls = await ask('U0SANDBOX01');
    const warmCalls = [await ask('U0SANDBOX01'), await ask('U0SANDBOX01'), await ask('U0SANDBOX01')];
    console.log(`  wired command: cold request ${coldCalls} AssumeRole, warm requests ${warmCalls.join(', ')}`);

    const roles = createRoleCredentials({
      base: createCredentialsProvider(keys),
      endpoint: sts.url,
      clientFactory: createPopClient,
    });
    const beforeCold = sts.calls.length;
    let t = performance.now();
    await roles.assume(DEMO_PROD_ROLE, 'U0BENCH');
    const cold = performance.now() - t;
    const afterCold = sts.calls.length;
    t = performance.now();
    for (let i = 0; i < 1000; i++) await roles.assume(DEMO_PROD_ROLE, 'U0BENCH');
    const warm = (performance.now() - t) / 1000;
    console.log(
      `  AssumeRole cold: ${afterCold - beforeCold} round trip, ${cold.toFixed(1)} ms; warm: ${sts.calls.length - afterCold} round trips, ${(warm * 1000).toFixed(1)} µs/call`,
    );
  } finally {
    await sts.close();
    await vpc.close();
  }
}

/**
 * Shared set-up of the accounts tests: two accounts behind the real STS stand-in on loopback (AssumeRole round
 * trips are counted), and the VPC API intercepted per AccessKeyId, so each account's answers come only with that
 * account's role keys.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Accounts } from '../../src/accounts/model';
import { type StandInRole, type StsStandIn, startStsStandIn } from '../../src/sandbox/sts';
import { FAKE_KEY_ID, FAKE_SECRET, pageBody, rawSession } from '../cloud/helpers';
import { type Bot, HK, HOOKS, startBot } from './harness';

export const PROD_ROLE = 'acs:ram::1234567890123456:role/mirrors-read';
export const FINANCE_ROLE = 'acs:ram::6543210987654321:role/mirrors-read';
export const ONCALL = 'U0ONCALL';
export const INTERN = 'U0INTERN';

export const ACCOUNTS: Accounts = {
  accounts: [
    { name: 'prod', roleArn: PROD_ROLE, regions: ['cn-hongkong'], default: true },
    { name: 'finance', roleArn: FINANCE_ROLE, regions: ['cn-hongkong', 'cn-shanghai'], default: false },
  ],
  rules: [
    { name: 'network-team', users: [ONCALL] },
    { name: 'everyone-on-prod', accounts: ['prod'] },
    { name: 'finance-hk-in-incidents', accounts: ['finance'], regions: ['cn-hongkong'], channels: ['C0FINANCE'] },
  ],
  audit: {},
};

export interface World {
  bot: Bot;
  sts: StsStandIn;
  /** Every VPC call, with the account whose role keys signed it. */
  vpcCalls: Array<{ account: string; region: string; action: string }>;
}

/** Registers the hooks; the returned object is filled in before each test. */
export function accountsWorld(accounts: Accounts = ACCOUNTS, extraRoles: readonly StandInRole[] = []): World {
  const world = { vpcCalls: [] } as unknown as World;
  beforeAll(async () => {
    world.sts = await startStsStandIn({
      keys: [{ accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET }],
      roles: [{ arn: PROD_ROLE }, { arn: FINANCE_ROLE }, ...extraRoles],
    });
  });
  afterAll(async () => {
    await world.sts.close();
  });
  beforeEach(async () => {
    world.bot = await startBot({ accounts, stsEndpoint: world.sts.url, regions: ['cn-hongkong'] });
    world.vpcCalls = [];
  });
  afterEach(async () => {
    await world.bot.stop();
  });
  return world;
}

function accountOfKey(world: World, keyId: string | null): string {
  for (const [arn, key] of world.sts.roleKeys)
    if (key.accessKeyId === keyId) return arn === PROD_ROLE ? 'prod' : 'finance';
  return keyId === FAKE_KEY_ID ? 'base' : 'unknown';
}

/** The VPC API in one region: each account sees its own session, named after it. */
export function vpc(world: World, origin = HK, times = 20): void {
  nock(origin)
    .get('/')
    .query(true)
    .times(times)
    .reply((uri) => {
      const params = new URL(uri, origin).searchParams;
      const account = accountOfKey(world, params.get('AccessKeyId'));
      world.vpcCalls.push({ account, region: params.get('RegionId') ?? '', action: params.get('Action') ?? '' });
      return [
        200,
        JSON.stringify(
          pageBody([rawSession({ TrafficMirrorSessionName: `${account}-tap` })], { TotalCount: 3, NextToken: 'tok-2' }),
        ),
        { 'content-type': 'application/json' },
      ];
    });
}

let replies = 0;
/** A signed /mirrors from `user` in `channel`: the response_url path to capture, and the ack. */
export function command(world: World, text: string, user = ONCALL, channel = 'C0INCIDENT') {
  replies += 1;
  const path = `/commands/T0MIRRORS/acc${replies}/cmd`;
  return {
    path,
    ack: world.bot.commandAs({ text, user_id: user, channel_id: channel, response_url: `${HOOKS}${path}` }),
  };
}

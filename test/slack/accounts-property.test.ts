/**
 * A property over signed requests: whoever asks, from wherever, for whichever account and region, the cloud (STS
 * AssumeRole included) is reached only when the policy allows it; every refusal leaves both call counts unchanged.
 */
import fc from 'fast-check';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/access';
import { firstState } from '../../src/paging';
import { inTeam } from '../../src/slack/guard/team-scope';
import { ActionId } from '../../src/views/action-ids';
import { ACCOUNTS, accountsWorld, command, vpc } from './accounts-world';
import { captureResponse, HOOKS, TEAM_ID } from './harness';

const world = accountsWorld();
const SH = 'https://vpc.cn-shanghai.aliyuncs.com';

const request = fc.record({
  user: fc.constantFrom('U0ONCALL', 'U0INTERN', 'U0STRANGER'),
  channel: fc.constantFrom('C0INCIDENT', 'C0FINANCE', 'D0DIRECT'),
  account: fc.constantFrom('prod', 'finance'),
  region: fc.constantFrom('cn-hongkong', 'cn-shanghai'),
  surface: fc.constantFrom('command', 'button'),
});

let clicks = 0;

describe('no cloud call without an allow', () => {
  it('holds for commands and forwarded buttons alike', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        nock.cleanAll();
        vpc(world, undefined, 5);
        vpc(world, SH, 5);
        const vpcBefore = world.vpcCalls.length;
        const stsBefore = world.sts.calls.length;
        // A click comes from the message's channel, which the signed test clicks put in #incidents.
        const channel = r.surface === 'button' ? 'C0INCIDENT' : r.channel;
        const decision = await decide(ACCOUNTS.rules, {
          user: r.user,
          channel,
          channelKind: channel.startsWith('D') ? 'dm' : 'channel',
          account: r.account,
          region: r.region,
          usergroupsOf: async () => new Set(),
        });
        let answer = '';
        const inAccount = ACCOUNTS.accounts.find((a) => a.name === r.account)?.regions.includes(r.region) ?? false;
        if (r.surface === 'command') {
          const { path, ack } = command(world, `account:${r.account} ${r.region}`, r.user, r.channel);
          const reply = captureResponse(path);
          const acked = await ack;
          answer = acked.body === '' ? JSON.stringify(await reply) : acked.body;
        } else {
          clicks += 1;
          const path = `/actions/T0MIRRORS/prop${clicks}/btn`;
          const reply = captureResponse(path);
          const value = inTeam(TEAM_ID, () =>
            world.bot.deps.codec.encode(
              firstState(
                {
                  scope: { kind: 'region', region: r.region },
                  filters: { tags: [], sessionIds: [] },
                  limit: 10,
                  account: r.account,
                },
                r.region,
              ),
            ),
          );
          await world.bot.click({ actionId: ActionId.NextPage, value, responseUrl: `${HOOKS}${path}`, userId: r.user });
          answer = JSON.stringify(await reply);
        }
        const called = world.vpcCalls.length > vpcBefore || world.sts.calls.length > stsBefore;
        if (!decision.allowed) {
          expect(called).toBe(false);
          expect(answer).toContain('access rule');
        } else {
          expect(answer).not.toContain('access rule');
          // A region outside the account's list is still a known region: allowed by the rules, it is asked.
          expect(world.vpcCalls.length > vpcBefore || !inAccount).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

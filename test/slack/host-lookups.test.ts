import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ECS_WELL_KNOWN, startVpcStandIn, type VpcStandIn, WELL_KNOWN } from '../../src/sandbox/vpc';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage, validateView } from '../../src/views/validate';
import { FAKE_KEY_ID, FAKE_SECRET } from '../cloud/helpers';
import { watchApi } from '../helpers/signed-views';
import { type Bot, buttonsOf, captureResponse, startBot, textOf } from './harness';

/** IP and instance lookups end to end: signed commands in, the stand-in's real ECS and VPC answers behind. */
let standIn: VpcStandIn;
let bot: Bot;
const E = ECS_WELL_KNOWN;

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [{ accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET }] });
  bot = await startBot({ vpcEndpoint: standIn.url, cloudBudgetMs: 3_000 });
});
afterAll(async () => {
  await bot.stop();
  await standIn.close();
});
afterEach(() => {
  standIn.faults.clear();
});

let n = 0;
async function ask(text: string) {
  n += 1;
  const path = `/commands/T0MIRRORS/${n}/lookup`;
  const reply = captureResponse(path);
  const ack = await bot.command(text, `https://hooks.slack.com${path}`);
  expect(ack.status).toBe(200);
  const message = await reply;
  expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  return { message, text: textOf(message) };
}

describe('IP and instance lookups', () => {
  it('an IP resolves to its ENI and instance, then lists the sessions that mirror from or to it', async () => {
    const { text } = await ask(`cn-hongkong ${E.DEMO_IP}`);
    expect(text).toContain(WELL_KNOWN.FINANCE_SOURCE_ENI);
    expect(text).toContain(E.FINANCE_INSTANCE);
    expect(text).toContain(E.FINANCE_INSTANCE_NAME);
    expect(text).toContain('primary IP');
    expect(text).toContain(WELL_KNOWN.FINANCE_TAP_NAME);
    expect(text).toContain('aliyun ecs DescribeNetworkInterfaces');
  });

  it('ip: with a secondary IP finds the same ENI', async () => {
    const { text } = await ask(`cn-hongkong ip:${E.FINANCE_SECONDARY_IP}`);
    expect(text).toContain('secondary IP');
    expect(text).toContain(WELL_KNOWN.FINANCE_SOURCE_ENI);
  });

  it('an instance with two ENIs lists the sessions of both, merged without duplicates', async () => {
    const { message, text } = await ask(`cn-hongkong ${E.FINANCE_INSTANCE} limit:100`);
    expect(text).toContain(WELL_KNOWN.FINANCE_SOURCE_ENI);
    expect(text).toContain(WELL_KNOWN.SHARED_SOURCE_ENI);
    expect(text).toContain('has 2 ENIs');
    const detailValues = JSON.stringify(message.blocks).match(/tms-[a-z0-9]+/g) ?? [];
    const shared = await ask(`cn-hongkong ${WELL_KNOWN.SHARED_SOURCE_ENI} limit:100`);
    const finance = await ask(`cn-hongkong ${WELL_KNOWN.FINANCE_SOURCE_ENI} limit:100`);
    const expected = new Set(
      [...(shared.text.match(/tms-[a-z0-9]+/g) ?? []), ...(finance.text.match(/tms-[a-z0-9]+/g) ?? [])].filter(
        (id) => id.length === 24,
      ),
    );
    expect(new Set(detailValues.filter((id) => id.length === 24))).toEqual(expected);
    expect(buttonsOf(message).size).toBeGreaterThan(0);
  });

  it('an IP no ENI holds says so, in words that cannot be read as "not mirrored"', async () => {
    const { message } = await ask(`cn-hongkong ${E.UNKNOWN_IP}`);
    expect(message.text).toBe(
      `No ENI in cn-hongkong holds ${E.UNKNOWN_IP}, so I can't tell whether it is mirrored. Check the IP and region.`,
    );
    expect(textOf(message)).not.toMatch(/not mirrored|appears in no/i);
  });

  it('an unmirrored host says its ENIs are in no session', async () => {
    const { text } = await ask(`cn-hongkong ${E.BASTION_IP}`);
    expect(text).toContain(E.BASTION_ENI);
    expect(text).toContain('appears in no traffic mirror session');
  });

  it('an IP lookup RAM refuses names the missing permission', async () => {
    standIn.faults.push({ kind: 'forbidden', action: 'DescribeNetworkInterfaces', times: 1000 });
    const { text } = await ask(`cn-hongkong 10.20.3.7`);
    expect(text).toContain('ecs:DescribeNetworkInterfaces');
  });

  it('without ecs:DescribeInstances the lookup still answers, and says which permission adds the names', async () => {
    standIn.faults.push({ kind: 'forbidden', action: 'DescribeInstances', times: 1000 });
    const { text } = await ask(`cn-hongkong ${E.PAYMENTS_SOURCE_IP}`);
    expect(text).toContain(E.PAYMENTS_INSTANCE);
    expect(text).not.toContain(E.PAYMENTS_INSTANCE_NAME);
    expect(text).toContain('Instance names need');
    expect(text).toContain('ecs:DescribeInstances');
  });

  it('with `all`, a region where no ENI holds the IP is not called "not mirrored"', async () => {
    const { text } = await ask(`all ${E.UNKNOWN_IP}`);
    expect(text).toContain("so I can't tell whether it is mirrored");
    expect(text).not.toContain('Not mirrored');
  });

  it('refuses a malformed IP or instance id with the rule', async () => {
    const bad = await bot.command('cn-hongkong 10.0.300.1');
    expect(bad.body).toContain('four numbers from 0 to 255');
    const short = await bot.command('cn-hongkong i-abc');
    expect(short.body).toContain('`i-` followed by 20');
  });
});

describe('an IP or instance with no region and no default region', () => {
  const REGIONS = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1'];
  let everywhere: Bot;
  beforeAll(async () => {
    everywhere = await startBot({ vpcEndpoint: standIn.url, cloudBudgetMs: 3_000, regions: REGIONS });
  });
  afterAll(async () => {
    await everywhere.stop();
  });

  let m = 0;
  async function askEverywhere(text: string) {
    m += 1;
    const path = `/commands/T0MIRRORS/${m}/everywhere`;
    const reply = captureResponse(path);
    const ack = await everywhere.command(text, `https://hooks.slack.com${path}`);
    expect(ack.status).toBe(200);
    const message = await reply;
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    return { message, text: textOf(message) };
  }

  it('a bare IP is looked up in every configured region, and the answer names the region that holds it', async () => {
    const before = standIn.requests.length;
    const { text } = await askEverywhere(E.DEMO_IP);
    expect(text).toContain(`Found in \`${E.region}\` (searched 3 configured regions)`);
    expect(text).toContain(WELL_KNOWN.FINANCE_SOURCE_ENI);
    expect(text).toContain(WELL_KNOWN.FINANCE_TAP_NAME);
    expect(text).not.toMatch(/name a region/i);
    const searched = new Set(
      standIn.requests
        .slice(before)
        .filter((r) => r.action === 'DescribeNetworkInterfaces')
        .map((r) => r.region),
    );
    expect(searched).toEqual(new Set(REGIONS));
  });

  it('ip: and a bare instance id do the same', async () => {
    expect((await askEverywhere(`ip:${E.FINANCE_SECONDARY_IP}`)).text).toContain(`Found in \`${E.region}\``);
    const instance = await askEverywhere(E.FINANCE_INSTANCE);
    expect(instance.text).toContain(`Found in \`${E.region}\``);
    expect(instance.text).toContain('has 2 ENIs');
  });

  it('an IP no ENI holds in any region says so, naming the regions, not "not mirrored"', async () => {
    const { message, text } = await askEverywhere(E.UNKNOWN_IP);
    expect(message.text).toBe(
      `No ENI in any of the 3 configured regions holds ${E.UNKNOWN_IP}, so I can't tell whether it is mirrored. Check the IP.`,
    );
    for (const region of REGIONS) expect(text).toContain(region);
    expect(text).not.toMatch(/not mirrored|appears in no/i);
  });
});

describe('Details that explain', () => {
  // Two clicks with the same bytes in one second are refused as a replay: each gets its own response_url.
  let clicks = 0;
  async function details(sessionId: string) {
    const open = watchApi('views.open', () => ({ ok: true, view: { id: 'V0DETAILS', hash: '1.a' } }));
    const update = watchApi('views.update', (call) => ({ ok: true, view: { id: call.view_id, hash: '1.b' } }));
    const response = await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', sessionId),
      responseUrl: `https://hooks.slack.com/actions/T0MIRRORS/${++clicks}/details`,
    });
    expect(response.status).toBe(200);
    await open.nth(1);
    const view = (await update.nth(1)).view as { blocks: unknown[] };
    expect(validateView({ type: 'modal', blocks: view.blocks as never })).toEqual([]);
    return JSON.stringify(view.blocks);
  }

  it("shows each ENI's instance, name, IP and vSwitch, and the filter's rules", async () => {
    const text = await details(WELL_KNOWN.FINANCE_TAP);
    expect(text).toContain(WELL_KNOWN.FINANCE_SOURCE_ENI);
    expect(text).toContain(E.FINANCE_INSTANCE);
    expect(text).toContain(E.FINANCE_INSTANCE_NAME);
    expect(text).toContain(E.DEMO_IP);
    expect(text).toMatch(/vsw-[a-z0-9]+/);
    expect(text).toContain('*Filter rules*');
    expect(text).toMatch(/Ingress/);
    expect(text).toMatch(/accept|drop/);
    expect(text).not.toContain('Mirrors nothing');
  });

  it('flags a session whose source ENI is gone and whose filter has no rules: it mirrors nothing', async () => {
    const text = await details(WELL_KNOWN.LEGACY_UNTAGGED);
    expect(text).toContain('Mirrors nothing');
    expect(text).toContain('its only source ENI no longer exists');
    expect(text).toContain('its filter has no rules');
  });

  it('without the ECS and filter permissions, shows the ids and says which permission adds the rest', async () => {
    for (const action of ['DescribeNetworkInterfaces', 'ListTrafficMirrorFilters'])
      standIn.faults.push({ kind: 'forbidden', action, times: 1000 });
    const text = await details(WELL_KNOWN.FINANCE_TAP);
    expect(text).toContain(WELL_KNOWN.FINANCE_SOURCE_ENI);
    expect(text).not.toContain(E.FINANCE_INSTANCE_NAME);
    expect(text).not.toContain('Filter rules');
    expect(text).not.toContain('Mirrors nothing');
    expect(text).toContain('ecs:DescribeNetworkInterfaces');
    expect(text).toContain('vpc:ListTrafficMirrorFilters');
    expect(text).not.toMatch(/Permission denied|isn't allowed/);
  });
});

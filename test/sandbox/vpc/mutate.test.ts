import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVpcStandIn, type VpcStandIn } from '../../../src/sandbox/vpc';
import { KEY, popClient, popList } from './helpers';

let standIn: VpcStandIn;

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [KEY] });
});

afterAll(async () => {
  await standIn.close();
});

function mutate(body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(`${standIn.url}/__mutate`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
}

async function financeTap(): Promise<{ Enabled: boolean; TrafficMirrorSessionBusinessStatus: string } | undefined> {
  const page = await popList(popClient(standIn.url), {
    RegionId: 'cn-hongkong',
    TrafficMirrorSessionName: 'finance-ids-tap',
  });
  return page.TrafficMirrorSessions[0];
}

describe('POST /__mutate', () => {
  it('changes what the API answers from then on', async () => {
    expect((await financeTap())?.Enabled).toBe(true);
    const response = await mutate({
      region: 'cn-hongkong',
      session: 'finance-ids-tap',
      enabled: false,
      businessStatus: 'FinancialLocked',
    });
    expect(response.status).toBe(200);
    expect(await financeTap()).toMatchObject({ Enabled: false, TrafficMirrorSessionBusinessStatus: 'FinancialLocked' });
  });

  it('removes a session', async () => {
    const response = await mutate({ region: 'cn-hongkong', session: 'finance-ids-tap', remove: true });
    expect(response.status).toBe(200);
    expect(await financeTap()).toBeUndefined();
  });

  it.each([
    [{ region: 'xx-nowhere', session: 'a' }, /region must be one of/],
    [{ region: 'cn-hongkong', session: 'no-such-session' }, /No session with id or name "no-such-session"/],
    [{ region: 'cn-hongkong', session: 'payments-slb-mirror', enabled: 'no' }, /enabled must be true or false/],
  ])('refuses %o with the reason', async (body, reason) => {
    const response = await mutate(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
  });

  it('takes JSON only, so a cross-site form cannot change the data', async () => {
    expect((await mutate({}, 'text/plain')).status).toBe(415);
  });
});

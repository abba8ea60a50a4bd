import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CLOUD_CONCURRENCY } from '../../../src/cloud/limiter';
import { composeDeps } from '../../../src/compose';
import type { HttpConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { firstState } from '../../../src/paging';
import { startVpcStandIn, type VpcStandIn } from '../../../src/sandbox/vpc';
import { createSlackApp, type SlackApp } from '../../../src/slack/app';
import type { AppDeps } from '../../../src/slack/deps';
import { inTeam } from '../../../src/slack/guard/team-scope';
import { BOT_SCOPES } from '../../../src/slack/oauth';
import { SqliteInstallationStore } from '../../../src/slack/oauth/sqlite-installations';
import { ActionId } from '../../../src/views/action-ids';
import { SqliteWatchStore } from '../../../src/watch/sqlite-store';
import { FAKE_KEY_ID, FAKE_SECRET } from '../../cloud/helpers';
import { blockActionsBody, commandBody, eventBody, postSigned } from '../../helpers/signed';
import { captureResponse, HOOKS, SIGNING_SECRET, SLACK_API, textOf } from '../harness';

/**
 * Distribution end to end over loopback: a browser walks /slack/install and /slack/oauth_redirect (the state
 * cookie included) against a stand-in for oauth.v2.access, then each workspace's requests are answered with that
 * workspace's own token, uninstalls forget what they name, and a workspace that never installed gets nothing.
 */
const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'oauth-client-secret-000';
const STATE_SECRET = 'oauth-state-secret-000';
const TEAM_A = 'T0WORKSPACEA';
const TEAM_B = 'T0WORKSPACEB';
const TEAM_C = 'T0NEVERINSTALLED';
const GRID = 'E0GRIDORG';
const GRID_TEAM = 'T0GRIDMEMBER';
const TOKEN = { [TEAM_A]: 'xoxb-workspace-a-token', [TEAM_B]: 'xoxb-workspace-b-token', [GRID]: 'xoxb-grid-token' };

/** What oauth.v2.access answers for each code the stand-in hands out. */
const GRANTS: Record<string, Record<string, unknown>> = {
  'code-a': grant({ team: { id: TEAM_A, name: 'A' }, access_token: TOKEN[TEAM_A] }),
  'code-b': grant({ team: { id: TEAM_B, name: 'B' }, access_token: TOKEN[TEAM_B] }),
  'code-grid': grant({
    team: null,
    enterprise: { id: GRID, name: 'Grid' },
    is_enterprise_install: true,
    access_token: TOKEN[GRID],
  }),
};

function grant(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    ok: true,
    app_id: 'A0MIRRORS',
    authed_user: { id: 'U0INSTALLER' },
    scope: 'commands,chat:write,app_mentions:read',
    token_type: 'bot',
    bot_user_id: 'U0BOT',
    enterprise: null,
    is_enterprise_install: false,
    ...fields,
  };
}

let slack: SlackApp;
let store: SqliteInstallationStore;
let deps: AppDeps;
let base: string;
let lines: string[];
let exchanged: URLSearchParams[];
let vpc: VpcStandIn;
let dir: string;

beforeEach(async () => {
  vpc = await startVpcStandIn({ keys: [{ accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET }] });
  dir = mkdtempSync(join(tmpdir(), 'mirrors-oauth-test-'));
  const config: HttpConfig = {
    mode: 'http',
    slack: {
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET },
      signingSecret: SIGNING_SECRET,
      apiUrl: `${SLACK_API}/api/`,
    },
    port: 0,
    vpcEndpoint: vpc.url,
    ecsEndpoint: vpc.url,
    regions: ['cn-hongkong'],
    defaultRegion: undefined,
    watchIntervalSeconds: 300,
    dataDir: ':memory:',
    logLevel: 'debug',
    cloudConcurrency: DEFAULT_CLOUD_CONCURRENCY,
    userRate: undefined,
  };
  lines = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  deps = composeDeps(config, {
    credentials: { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET },
    buttonSecretSource: SIGNING_SECRET,
    logger,
    placeholderAfterMs: 60_000,
    watches: { store: SqliteWatchStore.open(dir), intervalSeconds: 1 },
  });
  store = SqliteInstallationStore.open(':memory:');
  slack = createSlackApp(
    {
      signingSecret: SIGNING_SECRET,
      apiUrl: config.slack.apiUrl,
      logLevel: 'debug',
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET, installationStore: store },
    },
    deps,
  );
  base = `http://127.0.0.1:${await slack.start(0)}`;
  exchanged = [];
  nock(SLACK_API)
    .post('/api/oauth.v2.access')
    .times(10)
    .reply((_uri, body) => {
      const params = new URLSearchParams(String(body));
      exchanged.push(params);
      return [200, GRANTS[params.get('code') ?? ''] ?? { ok: false, error: 'invalid_code' }];
    });
  nock(SLACK_API)
    .post('/api/auth.test')
    .times(10)
    .reply(200, { ok: true, bot_id: 'B0BOT', user_id: 'U0BOT', url: 'https://grid.example/' });
});

afterEach(async () => {
  await slack.stop();
  store.close();
  await vpc.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A browser: opens /slack/install, follows Slack's consent back to the redirect with the code and its cookie. */
async function install(code: string, options: { cookie?: boolean } = {}): Promise<Response> {
  const page = await fetch(`${base}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const cookie = page.headers.get('set-cookie') ?? '';
  const authorize = new URL((/<a href="([^"]+)"/.exec(html)?.[1] ?? '').replaceAll('&amp;', '&'));
  expect(authorize.origin + authorize.pathname).toBe('https://slack.com/oauth/v2/authorize');
  expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
  const state = authorize.searchParams.get('state') ?? '';
  expect(cookie).toContain(state);
  return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: options.cookie === false ? {} : { cookie: cookie.split(';')[0] ?? '' },
  });
}

function withTeam(body: string, team: string, enterprise?: string): string {
  let out = body.replaceAll('T0MIRRORS', team);
  if (enterprise) {
    out = out
      .replace('is_enterprise_install=false', `is_enterprise_install=true&enterprise_id=${enterprise}`)
      .replace(
        '"authorizations":[{',
        `"enterprise_id":"${enterprise}","authorizations":[{"enterprise_id":"${enterprise}","is_enterprise_install":true,`,
      );
  }
  return out;
}

let sent = 0;
/** A signed /mirrors command from `team`; `path` is its response_url's. */
async function command(team: string, text: string, enterprise?: string, path = `/commands/${team}/${++sent}`) {
  const response = await postSigned(
    `${base}/slack/events`,
    withTeam(commandBody({ text, response_url: `${HOOKS}${path}` }), team, enterprise),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  );
  return { response, path };
}

function event(team: string, inner: Record<string, unknown>, enterprise?: string): Promise<Response> {
  return postSigned(`${base}/slack/events`, withTeam(eventBody(inner), team, enterprise), 'application/json', {
    secret: SIGNING_SECRET,
  });
}

let mentions = 0;
function mention(): Record<string, unknown> {
  mentions += 1;
  const ts = `1732600100.${String(mentions).padStart(6, '0')}`;
  return { type: 'app_mention', user: 'U0ONCALL', text: '<@U0BOT>', channel: 'C0INCIDENT', ts, event_ts: ts };
}

/** Every chat.postEphemeral with the token it carried. */
function ephemerals(): Array<{ token: string; user: string }> {
  const seen: Array<{ token: string; user: string }> = [];
  nock(SLACK_API)
    .post('/api/chat.postEphemeral')
    .times(20)
    .reply(function (_uri, body) {
      const auth = String(this.req.headers.authorization ?? '');
      const fields = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body;
      seen.push({ token: auth.replace(/^Bearer /, ''), user: String((fields as Record<string, unknown>).user) });
      return { ok: true, message_ts: '1732600300.000100' };
    });
  return seen;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('installing', () => {
  it('installs a workspace through /slack/install and /slack/oauth_redirect, keeping its token', async () => {
    const done = await install('code-a');
    expect(done.status).toBe(200);
    expect(exchanged).toHaveLength(1);
    expect(exchanged[0]?.get('client_id')).toBe(CLIENT_ID);
    const installation = await store.fetchInstallation({
      teamId: TEAM_A,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(installation.bot?.token).toBe(TOKEN[TEAM_A]);
  });

  it('refuses a redirect without the state cookie: no code exchanged, nothing installed', async () => {
    const done = await install('code-a', { cookie: false });
    expect(done.status).toBeGreaterThanOrEqual(400);
    expect(exchanged).toHaveLength(0);
    expect(await store.count()).toBe(0);
  });

  it('asks for exactly the bot scopes of the manifest', async () => {
    const html = await (await fetch(`${base}/slack/install`)).text();
    const scopes = new URL((/<a href="([^"]+)"/.exec(html)?.[1] ?? '').replaceAll('&amp;', '&')).searchParams.get(
      'scope',
    );
    expect(scopes?.split(',')).toEqual([...BOT_SCOPES]);
  });
});

describe('two workspaces and an Enterprise Grid org', () => {
  beforeEach(async () => {
    expect((await install('code-a')).status).toBe(200);
    expect((await install('code-b')).status).toBe(200);
  });

  it('answers a command from each workspace', async () => {
    for (const team of [TEAM_A, TEAM_B]) {
      // help comes back in the ack itself.
      const { response } = await command(team, 'help');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('cn-hongkong tag:FinanceDept');
    }
  });

  it("answers each workspace with that workspace's own token", async () => {
    const seen = ephemerals();
    expect((await event(TEAM_A, mention())).status).toBe(200);
    await until(() => seen.length === 1, 'the answer in A');
    expect((await event(TEAM_B, mention())).status).toBe(200);
    await until(() => seen.length === 2, 'the answer in B');
    expect(seen.map((s) => s.token)).toEqual([TOKEN[TEAM_A], TOKEN[TEAM_B]]);
  });

  it('answers a workspace of an org-wide Grid install with the org token', async () => {
    expect((await install('code-grid')).status).toBe(200);
    const installation = await store.fetchInstallation({
      teamId: undefined,
      enterpriseId: GRID,
      isEnterpriseInstall: true,
    });
    expect(installation.bot?.token).toBe(TOKEN[GRID]);
    const seen = ephemerals();
    await event(GRID_TEAM, mention(), GRID);
    await until(() => seen.length === 1, 'the answer in the Grid workspace');
    expect(seen[0]?.token).toBe(TOKEN[GRID]);
  });

  it('gives a workspace that never installed no answer, and keeps answering the others', async () => {
    const seen = ephemerals();
    const response = await event(TEAM_C, mention());
    expect(response.status).toBeLessThan(500);
    let answered = false;
    nock(HOOKS)
      .post(/.*/)
      .reply(() => {
        answered = true;
        return [200, { ok: true }];
      });
    const stray = await command(TEAM_C, 'help');
    expect(stray.response.status).toBeLessThan(500);
    expect(await stray.response.text()).not.toContain('FinanceDept');
    await settle();
    expect(seen).toHaveLength(0);
    expect(answered).toBe(false);
    expect(lines.some((l) => l.includes('Authorization of incoming event did not succeed'))).toBe(true);
    await event(TEAM_A, mention());
    await until(() => seen.length === 1, 'the answer in A');
    expect(seen[0]?.token).toBe(TOKEN[TEAM_A]);
  });

  it('forgets a workspace on app_uninstalled, and only that one', async () => {
    await event(TEAM_A, { type: 'app_uninstalled', event_ts: '1732600200.000100' });
    await until(() => lines.some((l) => l.includes('installation removed')), 'the removal');
    await expect(
      store.fetchInstallation({ teamId: TEAM_A, enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow();
    const seen = ephemerals();
    await event(TEAM_A, mention());
    await event(TEAM_B, mention());
    await until(() => seen.length === 1, 'the answer in B');
    await settle();
    expect(seen.map((s) => s.token)).toEqual([TOKEN[TEAM_B]]);
  });

  it("forgets a workspace on tokens_revoked naming its bot, but not for a user's token alone", async () => {
    await event(TEAM_B, { type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] }, event_ts: '1732600200.000200' });
    await settle();
    expect(await store.count()).toBe(2);
    await event(TEAM_B, { type: 'tokens_revoked', tokens: { bot: ['U0BOT'] }, event_ts: '1732600200.000300' });
    await until(() => lines.some((l) => l.includes('installation removed')), 'the removal');
    expect(await store.count()).toBe(1);
    await expect(
      store.fetchInstallation({ teamId: TEAM_B, enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow();
  });

  it('forgets an org-wide install on its app_uninstalled', async () => {
    await install('code-grid');
    await event(GRID_TEAM, { type: 'app_uninstalled', event_ts: '1732600200.000400' }, GRID);
    await until(() => lines.some((l) => l.includes('installation removed')), 'the removal');
    expect(await store.count()).toBe(2);
  });

  it("refuses workspace A's button clicked in workspace B", async () => {
    const vpcCalls = () => vpc.requests.length;
    const query = {
      scope: { kind: 'region' as const, region: 'cn-hongkong' },
      filters: { tags: [], sessionIds: [] },
      limit: 10,
    };
    const value = inTeam(TEAM_A, () => deps.codec.encode(firstState(query, 'cn-hongkong')));
    const path = '/actions/oauth/cross/1';
    const reply = captureResponse(path);
    const response = await postSigned(
      `${base}/slack/events`,
      withTeam(blockActionsBody({ actionId: ActionId.NextPage, value, responseUrl: `${HOOKS}${path}` }), TEAM_B),
      'application/x-www-form-urlencoded',
      { secret: SIGNING_SECRET },
    );
    expect(response.status).toBe(200);
    expect(textOf(await reply)).toMatch(/isn't valid/);
    expect(vpcCalls()).toBe(0);
  });

  it("posts a watch's change messages with its own workspace's token, and none once it is uninstalled", async () => {
    const posts: Array<{ token: string; channel: string }> = [];
    nock(SLACK_API)
      .persist()
      .post('/api/chat.postMessage')
      .reply(function (_uri, body) {
        const fields = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body;
        const token = String(this.req.headers.authorization ?? '').replace(/^Bearer /, '');
        posts.push({ token, channel: String((fields as Record<string, unknown>).channel) });
        return [200, { ok: true, channel: 'C0INCIDENT', ts: `1732600000.${String(posts.length).padStart(6, '0')}` }];
      });
    const polls = () => vpc.requests.filter((r) => r.action === 'ListTrafficMirrorSessions').length;
    const { response } = await command(TEAM_B, 'watch cn-hongkong tag:FinanceDept');
    expect(await response.text()).toContain('tag:FinanceDept');
    await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 50 });
    const finance = vpc.dataset.regions['cn-hongkong']?.find((x) => x.TrafficMirrorSessionName === 'finance-ids-tap');
    if (!finance) throw new Error('the stand-in has no finance-ids-tap');
    finance.Enabled = false;
    await vi.waitFor(() => expect(posts).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(posts[0]?.token).toBe(TOKEN[TEAM_B]);

    await event(TEAM_B, { type: 'app_uninstalled', event_ts: '1732600200.000500' });
    await until(() => lines.some((l) => l.includes('installation removed')), 'the removal');
    finance.Enabled = true;
    await vi.waitFor(() => expect(lines.some((l) => l.includes('the workspace has no installation'))).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
    expect(posts).toHaveLength(1);
  });

  it('never writes a token or secret to the log', async () => {
    const seen = ephemerals();
    await event(TEAM_A, mention());
    await until(() => seen.length === 1, 'the answer in A');
    for (const secret of [...Object.values(TOKEN), CLIENT_SECRET, STATE_SECRET])
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});

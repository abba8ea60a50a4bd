import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { composeDeps } from '../../../src/compose';
import type { SocketConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { createSlackApp, type SlackApp } from '../../../src/slack/app';
import { SqliteInstallationStore } from '../../../src/slack/oauth/sqlite-installations';
import { FAKE_KEY_ID, FAKE_SECRET } from '../../cloud/helpers';

/**
 * Socket Mode distributed: Bolt serves /slack/install and /slack/oauth_redirect on the same small HTTP server as
 * /healthz, and events over the socket are answered with the installing workspace's token. The local "Slack" is
 * reached through SLACK_API_URL: apps.connections.open, oauth.v2.access and auth.test, all on loopback.
 */
const TOKEN = 'xoxb-socket-workspace-token';
const TEAM = 'T0SOCKETWS';

interface Call {
  method: string;
  auth: string;
  body: string;
}

async function fakeSlack() {
  const calls: Call[] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const wsPort = (wss.address() as AddressInfo).port;
  const socket = new Promise<WebSocket>((resolve) => {
    wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0MIRRORS' } }));
      resolve(ws);
    });
  });
  const answers: Record<string, unknown> = {
    'apps.connections.open': { ok: true, url: `ws://127.0.0.1:${wsPort}/link` },
    'oauth.v2.access': {
      ok: true,
      app_id: 'A0MIRRORS',
      authed_user: { id: 'U0INSTALLER' },
      scope: 'commands,chat:write',
      token_type: 'bot',
      access_token: TOKEN,
      bot_user_id: 'U0BOT',
      team: { id: TEAM, name: 'Socket' },
      enterprise: null,
      is_enterprise_install: false,
    },
    'auth.test': { ok: true, bot_id: 'B0BOT', user_id: 'U0BOT' },
    'chat.postEphemeral': { ok: true, message_ts: '1732600300.000100' },
  };
  const api: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      calls.push({ method, auth: String(req.headers.authorization ?? ''), body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answers[method] ?? { ok: false, error: 'unknown_method' }));
    });
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  return {
    apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`,
    socket,
    calls,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((r) => wss.close(r));
      await new Promise((r) => api.close(r));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let slack: SlackApp | undefined;
let fake: Awaited<ReturnType<typeof fakeSlack>> | undefined;
let store: SqliteInstallationStore | undefined;
afterEach(async () => {
  await slack?.stop().catch(() => undefined);
  await fake?.close();
  store?.close();
});

describe('Socket Mode with OAuth', () => {
  it('installs through the health port and answers over the socket with the installed token', async () => {
    fake = await fakeSlack();
    const oauth = { clientId: '1.2', clientSecret: 'socket-client-secret', stateSecret: 'socket-state-secret' };
    const config: SocketConfig = {
      mode: 'socket',
      slack: { oauth, signingSecret: undefined, appToken: 'xapp-socket-test', apiUrl: fake.apiUrl },
      port: 0,
      vpcEndpoint: undefined,
      regions: ['cn-hongkong'],
      defaultRegion: undefined,
      watchIntervalSeconds: 300,
      dataDir: ':memory:',
      logLevel: 'debug',
      cloudConcurrency: 16,
      userRate: undefined,
    };
    const deps = composeDeps(config, {
      credentials: { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET },
      buttonSecretSource: oauth.clientSecret,
      logger: createLogger('debug', () => undefined),
    });
    store = SqliteInstallationStore.open(':memory:');
    const port = await freePort();
    slack = createSlackApp(
      {
        appToken: 'xapp-socket-test',
        apiUrl: fake.apiUrl,
        logLevel: 'debug',
        healthPort: port,
        oauth: { ...oauth, installationStore: store },
      },
      deps,
    );
    await slack.start(0);
    const ws = await fake.socket;

    const page = await fetch(`http://127.0.0.1:${port}/slack/install`);
    expect(page.status).toBe(200);
    const link = new URL((/<a href="([^"]+)"/.exec(await page.text())?.[1] ?? '').replaceAll('&amp;', '&'));
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const done = await fetch(
      `http://127.0.0.1:${port}/slack/oauth_redirect?code=c1&state=${encodeURIComponent(link.searchParams.get('state') ?? '')}`,
      { headers: { cookie } },
    );
    expect(done.status).toBe(200);
    expect(fake.calls.map((c) => c.method)).toContain('oauth.v2.access');

    ws.send(
      JSON.stringify({
        envelope_id: 'env-mention',
        type: 'events_api',
        accepts_response_payload: false,
        payload: {
          team_id: TEAM,
          api_app_id: 'A0MIRRORS',
          type: 'event_callback',
          event_id: 'Ev0SOCKET1',
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: TEAM, user_id: 'U0BOT', is_bot: true }],
          event: {
            type: 'app_mention',
            user: 'U0ONCALL',
            text: '<@U0BOT>',
            channel: 'C0INCIDENT',
            ts: '1732600100.000001',
            event_ts: '1732600100.000001',
          },
        },
      }),
    );
    await vi.waitFor(() => expect(fake?.calls.some((c) => c.method === 'chat.postEphemeral')).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
    expect(fake.calls.find((c) => c.method === 'chat.postEphemeral')?.auth).toBe(`Bearer ${TOKEN}`);
  });
});

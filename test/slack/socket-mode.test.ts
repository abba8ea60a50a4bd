import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { composeDeps } from '../../src/compose';
import type { SocketConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import { FAKE_KEY_ID, FAKE_SECRET, pageBody, rawSession } from '../cloud/helpers';
import { captureResponse, HK, textOf } from './harness';

/**
 * Socket Mode end to end on loopback: a local "Slack" answers apps.connections.open with a ws:// URL of its own,
 * says hello, and sends a slash command envelope; the bot must ack the envelope and answer on response_url.
 */
interface FakeSlack {
  apiUrl: string;
  socket: Promise<WebSocket>;
  close(): Promise<void>;
}

async function fakeSocketSlack(): Promise<FakeSlack> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const wsPort = (wss.address() as AddressInfo).port;
  const socket = new Promise<WebSocket>((resolve) => {
    wss.on('connection', (ws) => {
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'local' },
          connection_info: { app_id: 'A0MIRRORS' },
        }),
      );
      resolve(ws);
    });
  });
  const api: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/api/apps.connections.open'))
      res.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${wsPort}/link` }));
    else res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  return {
    apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`,
    socket,
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
let fake: FakeSlack | undefined;
afterEach(async () => {
  await slack?.stop().catch(() => undefined);
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects through SLACK_API_URL, acks a slash command envelope and answers on response_url', async () => {
    fake = await fakeSocketSlack();
    const config: SocketConfig = {
      mode: 'socket',
      slack: {
        botToken: 'xoxb-socket-test',
        signingSecret: undefined,
        appToken: 'xapp-socket-test',
        apiUrl: fake.apiUrl,
      },
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
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    const deps = composeDeps(config, {
      credentials: { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET },
      buttonSecretSource: 'xoxb-socket-test',
      logger,
    });
    const healthPort = await freePort();
    slack = createSlackApp(
      {
        botToken: 'xoxb-socket-test',
        appToken: 'xapp-socket-test',
        apiUrl: fake.apiUrl,
        logLevel: 'debug',
        healthPort,
        botIdentity: { botId: 'B0', botUserId: 'U0BOT' },
      },
      deps,
    );
    await slack.start(0);
    const ws = await fake.socket;
    // Socket Mode has no events endpoint, but orchestrators still probe /healthz on PORT.
    expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
    // The same probes as HTTP mode, on the same small server: ready once the WebSocket is up.
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text()).toContain('mirrors_requests_total');
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);

    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'over-the-socket' })]));
    const reply = captureResponse('/commands/T0MIRRORS/socket/cmd');
    const acked = new Promise<Record<string, unknown>>((resolve) =>
      ws.on('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
    );
    ws.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'x',
          team_id: 'T0MIRRORS',
          channel_id: 'C0INCIDENT',
          user_id: 'U0ONCALL',
          command: '/mirrors',
          text: 'cn-hongkong',
          response_url: 'https://hooks.slack.com/commands/T0MIRRORS/socket/cmd',
          trigger_id: '1.2.3',
          api_app_id: 'A0MIRRORS',
        },
      }),
    );
    expect((await acked).envelope_id).toBe('env-1');
    expect(textOf(await reply)).toContain('over-the-socket');
    expect(lines.join('\n')).not.toContain('xapp-socket-test');
    expect(lines.join('\n')).not.toContain('xoxb-socket-test');
  });

  it('drops a null frame or an events_api envelope with a null payload, and keeps serving', async () => {
    fake = await fakeSocketSlack();
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    const config: SocketConfig = {
      mode: 'socket',
      slack: {
        botToken: 'xoxb-socket-test',
        signingSecret: undefined,
        appToken: 'xapp-socket-test',
        apiUrl: fake.apiUrl,
      },
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
      buttonSecretSource: 'xoxb-socket-test',
      logger,
    });
    slack = createSlackApp(
      {
        botToken: 'xoxb-socket-test',
        appToken: 'xapp-socket-test',
        apiUrl: fake.apiUrl,
        logLevel: 'debug',
        healthPort: await freePort(),
        botIdentity: { botId: 'B0', botUserId: 'U0BOT' },
      },
      deps,
    );
    await slack.start(0);
    const ws = await fake.socket;
    ws.send('null');
    ws.send(JSON.stringify({ envelope_id: 'env-null', type: 'events_api', payload: null }));
    ws.send(JSON.stringify({ envelope_id: 'env-null-event', type: 'events_api', payload: { event: null } }));

    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'after-null' })]));
    const reply = captureResponse('/commands/T0MIRRORS/socket-null/cmd');
    ws.send(
      JSON.stringify({
        envelope_id: 'env-2',
        type: 'slash_commands',
        payload: {
          team_id: 'T0MIRRORS',
          channel_id: 'C0INCIDENT',
          user_id: 'U0ONCALL',
          command: '/mirrors',
          text: 'cn-hongkong',
          response_url: 'https://hooks.slack.com/commands/T0MIRRORS/socket-null/cmd',
          trigger_id: '1.2.3',
        },
      }),
    );
    expect(textOf(await reply)).toContain('after-null');
    expect(lines.filter((l) => l.includes('dropped a malformed Socket Mode message'))).toHaveLength(3);
  });
});

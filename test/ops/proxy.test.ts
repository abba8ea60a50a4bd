import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudAgent, proxyFor, slackTransport } from '../../src/ops/proxy';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/** A CONNECT proxy on loopback that records every host:port it is asked for and tunnels to it. */
async function connectProxy(): Promise<{ url: string; requested: string[]; server: Server }> {
  const requested: string[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    requested.push(target);
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requested, server };
}

describe('which requests go through the proxy', () => {
  it('uses HTTPS_PROXY for https, HTTP_PROXY for http, and nothing without them', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://plain:8080' };
    expect(proxyFor('https://vpc.cn-hongkong.aliyuncs.com', env)).toBe('http://proxy:3128');
    expect(proxyFor('http://vpc.cn-hongkong.aliyuncs.com', env)).toBe('http://plain:8080');
    expect(proxyFor('https://slack.com/api/', {})).toBeUndefined();
    expect(proxyFor('https://slack.com/api/', { https_proxy: 'http://lower:1' })).toBe('http://lower:1');
  });

  it('goes direct to hosts and domains NO_PROXY names, with or without a port', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost, 127.0.0.1,.internal,aliyuncs.com:443' };
    expect(proxyFor('https://127.0.0.1:8443/', env)).toBeUndefined();
    expect(proxyFor('https://localhost/', env)).toBeUndefined();
    expect(proxyFor('https://redis.internal/', env)).toBeUndefined();
    expect(proxyFor('https://vpc.cn-hongkong.aliyuncs.com', env)).toBeUndefined();
    expect(proxyFor('https://vpc.cn-hongkong.aliyuncs.com:8443', env)).toBe('http://proxy:3128');
    expect(proxyFor('https://slack.com/api/', env)).toBe('http://proxy:3128');
    expect(proxyFor('https://slack.com/api/', { ...env, NO_PROXY: '*' })).toBeUndefined();
  });
});

describe('requests through a CONNECT proxy', () => {
  let proxy: Awaited<ReturnType<typeof connectProxy>>;
  let target: Server;
  let targetUrl: string;

  beforeAll(async () => {
    proxy = await connectProxy();
    target = createServer((_req, res) => res.end('reached'));
    target.listen(0, '127.0.0.1');
    await once(target, 'listening');
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    // Every tunnel asked for went to loopback.
    for (const host of proxy.requested) expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
    proxy.server.closeAllConnections();
    target.closeAllConnections();
    await new Promise((r) => proxy.server.close(r));
    await new Promise((r) => target.close(r));
  });

  it('carries an Alibaba Cloud request (pop-core agent) to its target', async () => {
    expect(cloudAgent(targetUrl, { HTTP_PROXY: proxy.url })).toBeDefined();
    // In a child process: nock's interceptor, active in every test worker, cannot hand a socket through an
    // agent-base agent, and production has no interceptor.
    const script = `
      const { get } = require('node:http');
      const { cloudAgent } = require('./src/ops/proxy.ts');
      const agent = cloudAgent(process.env.TARGET, process.env);
      get(process.env.TARGET, { agent }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => { process.stdout.write(text); agent.destroy(); });
      }).on('error', (e) => { process.stderr.write(e.code || e.name); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TARGET: targetUrl, HTTP_PROXY: proxy.url },
      timeout: 20_000,
    });
    expect(stdout).toBe('reached');
    expect(proxy.requested.at(-1)).toBe(new URL(targetUrl).host);
  });

  it('builds no agent for a host NO_PROXY names: loopback stays direct', () => {
    expect(cloudAgent(targetUrl, { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })).toBeUndefined();
  });

  it('carries Slack traffic (fetch) through the proxy, and not when NO_PROXY names the host', async () => {
    const before = proxy.requested.length;
    const transport = slackTransport({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    expect(transport).toBeDefined();
    const answer = await transport?.fetch(targetUrl);
    expect(await answer?.text()).toBe('reached');
    expect(proxy.requested.slice(before)).toContain(new URL(targetUrl).host);

    const direct = slackTransport({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    const count = proxy.requested.length;
    expect(await (await direct?.fetch(targetUrl))?.text()).toBe('reached');
    expect(proxy.requested.length).toBe(count);
    await transport?.dispatcher.close();
    await direct?.dispatcher.close();
  });

  it('changes nothing without a proxy variable', () => {
    expect(slackTransport({})).toBeUndefined();
    expect(cloudAgent(targetUrl, {})).toBeUndefined();
  });
});

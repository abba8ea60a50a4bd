import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudErrorCode } from '../../src/cloud/errors';
import { noFilters, pageBody, rawSession, service } from './helpers';

/** A real loopback server (no nock), reached through the endpoint override, to check pop-core end to end. */
let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

const request = { region: 'cn-hongkong', filters: noFilters(), maxResults: 10 };

describe('through the endpoint override, against a real socket', () => {
  it('calls {region}-substituted override paths and parses the page', async () => {
    const paths: string[] = [];
    const origin = await serve((req, res) => {
      paths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(pageBody([rawSession()])));
    });
    const page = await service({ endpointOverride: `${origin}/{region}` }).listPage(request);
    expect(page.sessions).toHaveLength(1);
    expect(paths[0]).toMatch(/^\/cn-hongkong\/\?/);
  });

  it('a hanging server gives Timeout within the budget and the socket is closed', async () => {
    let closed = 0;
    const origin = await serve((req) => {
      req.socket.on('close', () => (closed += 1));
    });
    const error = await service({ endpointOverride: origin, budgetMs: 300 })
      .listPage(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CloudErrorCode.Timeout });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(1);
  });

  it('a 502 HTML page and a 500 without Code are retried, then answered', async () => {
    let n = 0;
    const origin = await serve((_req, res) => {
      n += 1;
      if (n === 1) {
        res.statusCode = 502;
        res.setHeader('content-type', 'text/html');
        res.end('<html><h1>502 Bad Gateway</h1></html>');
      } else if (n === 2) {
        res.statusCode = 500;
        res.end('{"RequestId":"rq"}');
      } else {
        res.end(JSON.stringify(pageBody([])));
      }
    });
    await expect(service({ endpointOverride: origin }).listPage(request)).resolves.toMatchObject({ sessions: [] });
    expect(n).toBe(3);
  });

  it('connection refused is a Network error', async () => {
    const origin = await serve(() => undefined);
    const closing = server!;
    server = undefined;
    await new Promise((resolve) => closing.close(resolve));
    const error = await service({ endpointOverride: origin, retry: { maxAttempts: 2 } })
      .listPage(request)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CloudErrorCode.Network, details: { attempts: 2 } });
  });
});

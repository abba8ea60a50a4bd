/**
 * A local stand-in for Slack, for the sandbox and for tests. One HTTP server on 127.0.0.1 serves:
 *
 *   POST /api/<method>     the Web API the bot's WebClient calls (SLACK_API_URL = apiUrl)
 *   POST /response/<id>    response_urls handed out with commands and button clicks
 *   GET  /healthz
 *   /, /console/…          the web console (src/sandbox/console)
 *
 * and plays Slack towards the bot: slash commands, global shortcuts, block_actions, app_mention, app_home_opened and
 * view payloads, signed with the app's signing secret and POSTed to botEventsUrl (Bolt's HTTP receiver, /slack/events).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsole } from '../console/routes';
import { Interactions } from './interactions';
import { handleResponseUrl } from './response-url';
import { CHANNEL_IDS, DEFAULT_SHORTCUTS, DEFAULT_USER_ID, OTHER_USER_ID, SlackState } from './state';
import type { InjectedApiError, SlackStandIn, SlackStandInOptions, StoredMessage, TransportFault } from './types';
import { handleWebApi, type WebApiContext } from './web-api';

const BODY_LIMIT = 5 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new BodyTooLarge('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

const HANG_MS = 60_000;

/** Queued transport faults per target ('response_url' or a Web API method). */
class Faults {
  private queues = new Map<string, Array<{ fault: TransportFault; remaining: number }>>();
  private timers = new Set<NodeJS.Timeout>();

  add(target: string, fault: TransportFault, times: number): void {
    const queue = this.queues.get(target) ?? [];
    queue.push({ fault, remaining: times });
    this.queues.set(target, queue);
  }

  take(target: string): TransportFault | undefined {
    const queue = this.queues.get(target);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next.fault;
  }

  /** Answers as `fault` says; `run` does the real work and gives the answer to send. */
  apply(
    fault: TransportFault | undefined,
    response: ServerResponse,
    run: () => Answer,
    log: (line: string) => void,
  ): void {
    const send = (answer: Answer): void => sendJson(response, answer.status, answer.body, answer.headers);
    if (fault === undefined) {
      send(run());
      return;
    }
    log(`injected fault: ${fault.kind}`);
    const later = (ms: number, then: () => void): void => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        then();
      }, ms);
      this.timers.add(timer);
    };
    switch (fault.kind) {
      case 'status':
        sendJson(
          response,
          fault.status,
          { ok: false, error: fault.status === 429 ? 'ratelimited' : 'injected_fault' },
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
        );
        return;
      case 'delay': {
        const answer = run();
        later(fault.ms, () => send(answer));
        return;
      }
      case 'hang':
        later(fault.ms ?? HANG_MS, () => response.socket?.destroy());
        return;
      case 'reset':
        response.socket?.destroy();
        return;
      case 'reset-after-delivery':
        run();
        response.socket?.destroy();
        return;
    }
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const commandName = options.commandName ?? '/mirrors';
  const state = new SlackState({
    userId: options.botUserId ?? 'U0MIRRORSBOT',
    botId: options.botId ?? 'B0MIRRORSBOT',
    appId: options.appId ?? 'A0MIRRORS',
    name: options.botName ?? 'mirrors',
  });
  for (let n = 1; n <= (options.extraUsers ?? 0); n++) {
    const id = `U0PERSON${String(n).padStart(4, '0')}`;
    state.users.set(id, {
      id,
      name: `person${n}`,
      realName: `Person ${n}`,
      tz: 'UTC',
      tzLabel: 'Coordinated Universal Time',
      tzOffset: 0,
      isBot: false,
      color: '#4a154b',
    });
  }
  const log = (line: string): void => options.logger?.(`[slack] ${line}`);
  let botEventsUrl = options.botEventsUrl;
  const injected = new Map<string, InjectedApiError & { remaining: number }>();
  const faults = new Faults();
  const api: WebApiContext = {
    state,
    botToken: options.botToken,
    ...(options.validateBlocks ? { validateBlocks: options.validateBlocks } : {}),
    baseUrl: 'http://127.0.0.1/',
    log,
    injected,
  };
  const shortcuts = (options.shortcuts ?? DEFAULT_SHORTCUTS).map((s) => ({ ...s }));
  const interactions = new Interactions({
    state,
    api,
    commandName,
    shortcuts,
    log,
    endpoint: () => ({
      url: botEventsUrl,
      signingSecret: options.signingSecret,
      timeoutMs: options.ackTimeoutMs ?? 3000,
    }),
  });
  const consoleHandler = createConsole({
    state,
    interactions,
    commandName,
    defaultUserId: DEFAULT_USER_ID,
    botEventsUrl: () => botEventsUrl,
    log,
  });

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const body = (): Promise<string> => readBody(request);
    const failed = (error: unknown): void => {
      if (error instanceof BodyTooLarge) sendJson(response, 413, { ok: false, error: 'request_too_large' });
      else sendJson(response, 500, { ok: false, error: 'fatal_error' });
    };
    if (path.startsWith('/api/')) {
      const method = decodeURIComponent(path.slice('/api/'.length));
      body()
        .then((text) => {
          faults.apply(
            faults.take(method),
            response,
            () =>
              handleWebApi(api, {
                method,
                contentType: request.headers['content-type'] ?? '',
                authorization: request.headers.authorization,
                body: text,
                query: url.searchParams,
              }),
            log,
          );
        })
        .catch(failed);
      return;
    }
    if (path.startsWith('/response/') && request.method === 'POST') {
      const id = path.slice('/response/'.length);
      body()
        .then((text) => {
          faults.apply(faults.take('response_url'), response, () => handleResponseUrl(api, id, text), log);
        })
        .catch(failed);
      return;
    }
    if (path === '/healthz') {
      sendJson(response, 200, { ok: true });
      return;
    }
    if (consoleHandler.handle(request, response, url, body)) return;
    sendJson(response, 404, { ok: false, error: 'not_found' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  api.baseUrl = url;
  log(`Slack stand-in on ${url} (Web API ${url}api/, console ${url}); requests go to ${botEventsUrl}`);

  const waitFor = <T>(
    probe: () => T | undefined | null | false,
    timeoutMs = 5000,
    description = 'condition',
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value === undefined || value === null || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      const unsubscribe = state.on(() => {
        check();
      });
      const cleanup = (): void => {
        clearTimeout(timer);
        unsubscribe();
      };
      check();
    });

  const standIn: SlackStandIn = {
    url,
    apiUrl: `${url}api/`,
    consoleUrl: url,
    port,
    teamId: 'T0SANDBOX01',
    botUserId: state.bot.userId,
    botId: state.bot.botId,
    appId: state.bot.appId,
    commandName,
    defaultUserId: DEFAULT_USER_ID,
    otherUserId: OTHER_USER_ID,
    channels: { incidents: CHANNEL_IDS.incidents, general: CHANNEL_IDS.general, notMember: CHANNEL_IDS.notMember },
    shortcuts,
    setBotEventsUrl(next) {
      botEventsUrl = next;
      log(`requests now go to ${next}`);
    },
    sendCommand: (text, commandOptions) => interactions.command(text, commandOptions),
    sendMention: (text, mentionOptions) => interactions.mention(text, mentionOptions),
    postUserMessage: (text, messageOptions) => interactions.postUserMessage(text, messageOptions),
    clickButton: (ref, actionId, value, actor) => interactions.click(ref, actionId, value, actor),
    openHome: (userId) => interactions.openHome(userId),
    sendShortcut: (callbackId, shortcutOptions) => interactions.shortcut(callbackId, shortcutOptions),
    submitModal: (values, actor) => interactions.submitModal(values, actor),
    closeModal: (closeOptions) => interactions.closeModal(closeOptions),
    messages: (filter) => state.messages(filter),
    message: (channel, ts) => state.message(channel, ts),
    homeView: (userId) => state.home(userId ?? DEFAULT_USER_ID),
    modals: (userId) => state.modalStack(userId ?? DEFAULT_USER_ID),
    deliveries: () => state.deliveries(),
    apiCalls: (method) => state.apiCalls(method),
    responseUrlUses: () => state.responseUses(),
    notices: () => state.notices(),
    on: (listener) => state.on(listener),
    waitFor,
    waitForMessage: (predicate: (message: StoredMessage) => boolean, timeoutMs?: number) =>
      waitFor(() => state.messages().find(predicate), timeoutMs, 'a matching message'),
    advanceTime: (ms) => state.advance(ms),
    injectApiError(method, failure) {
      injected.set(method, { ...failure, remaining: failure.times ?? 1 });
    },
    injectFault(target, fault, times = 1) {
      faults.add(target, fault, times);
    },
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        consoleHandler.close();
        faults.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return standIn;
}

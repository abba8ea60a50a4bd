/**
 * The console's HTTP side, mounted on the Slack stand-in's server:
 *
 *   GET  /, /archives/…        the page (permalinks land here too)
 *   GET  /console/{app.js,app.css}
 *   GET  /console/state?user=  one snapshot (JSON)
 *   GET  /console/events?user= Server-Sent Events: a `snapshot` event on connect and after every change
 *   POST /console/action       what the person did: compose, click, shortcut, open_home, modal_submit, modal_close,
 *                              reset
 *
 * Only same-origin JSON POSTs are accepted (a page elsewhere cannot drive the sandbox), and the Host must be this
 * loopback address (no DNS rebinding).
 *
 * The page itself is built from ./web by `npm run build` (scripts/build-console.mjs) into dist/sandbox/console/web
 * and read from disk on each request, so a rebuild shows on reload.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Interactions } from '../slack/interactions';
import { asString, isRecord, type JsonObject } from '../slack/json';
import type { SlackState } from '../slack/state';
import type { ApiCallRecord, ModalInputValue, ModalInputValues } from '../slack/types';
import { conversationChoices } from '../slack/view-state';
import type { ActionResult, Snapshot } from './wire';

export interface ConsoleDeps {
  state: SlackState;
  interactions: Interactions;
  commandName: string;
  defaultUserId: string;
  botEventsUrl: () => string;
  log: (line: string) => void;
}

interface Client {
  response: ServerResponse;
  userId: string;
}

const PAGE = { file: 'index.html', type: 'text/html; charset=utf-8' };
const ASSETS: Record<string, { file: string; type: string }> = {
  '/console/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/console/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * Where the built page is: beside this file when it runs from dist/, else (vitest runs src/) in the repo's dist/.
 * The first that holds app.js wins.
 */
function consoleWebDir(): string {
  const beside = path.join(__dirname, 'web');
  const built = path.resolve(__dirname, '..', '..', '..', 'dist', 'sandbox', 'console', 'web');
  return [beside, built].find((dir) => existsSync(path.join(dir, 'app.js'))) ?? beside;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

export interface ConsoleHandler {
  /** Handles the request if it is the console's; returns false otherwise. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL, body: () => Promise<string>): boolean;
  close(): void;
}

export function createConsole(deps: ConsoleDeps): ConsoleHandler {
  const webDir = consoleWebDir();
  const clients = new Set<Client>();
  let timer: NodeJS.Timeout | undefined;
  const heartbeat = setInterval(() => {
    for (const client of clients) client.response.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  const flush = (): void => {
    timer = undefined;
    for (const client of clients) sendSnapshot(client);
  };
  const unsubscribe = deps.state.on(() => {
    if (timer === undefined && clients.size > 0) timer = setTimeout(flush, 15);
  });

  const userOf = (url: URL): string => {
    const wanted = url.searchParams.get('user');
    const user = wanted === null ? undefined : deps.state.user(wanted);
    return user && !user.isBot ? user.id : deps.defaultUserId;
  };

  const sendSnapshot = (client: Client): void => {
    client.response.write(`event: snapshot\ndata: ${JSON.stringify(snapshot(deps, client.userId))}\n\n`);
  };

  const sendFile = (response: ServerResponse, file: string, type: string): void => {
    readFile(path.join(webDir, file)).then(
      (body) => {
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
        response.end(body);
      },
      () => {
        deps.log(`console page missing: ${file} (run npm run build)`);
        sendJson(response, 500, { ok: false, error: 'console_not_built: run npm run build' });
      },
    );
  };

  const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    });
    response.end(JSON.stringify(body));
  };

  return {
    handle(request, response, url, readBody) {
      const path = url.pathname;
      const method = request.method ?? 'GET';
      const isConsolePath =
        path === '/' || path === '/index.html' || path.startsWith('/archives/') || path.startsWith('/console/');
      if (!isConsolePath) return false;
      const host = request.headers.host ?? '';
      if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) {
        sendJson(response, 421, { ok: false, error: 'wrong_host' });
        return true;
      }
      const isPage = path === '/' || path === '/index.html' || path.startsWith('/archives/');
      const asset = isPage ? PAGE : ASSETS[path];
      if (method === 'GET' && asset) {
        sendFile(response, asset.file, asset.type);
        return true;
      }
      if (method === 'GET' && path === '/console/state') {
        sendJson(response, 200, snapshot(deps, userOf(url)));
        return true;
      }
      if (method === 'GET' && path === '/console/events') {
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        response.write('retry: 1000\n\n');
        const client: Client = { response, userId: userOf(url) };
        clients.add(client);
        sendSnapshot(client);
        request.on('close', () => clients.delete(client));
        return true;
      }
      if (method === 'POST' && path === '/console/action') {
        const type = request.headers['content-type'] ?? '';
        const origin = request.headers.origin;
        if (!type.startsWith('application/json') || (origin !== undefined && origin !== `http://${host}`)) {
          sendJson(response, 403, { ok: false, error: 'forbidden' });
          return true;
        }
        readBody()
          .then(async (text) => {
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              sendJson(response, 400, { ok: false, error: 'invalid_json' });
              return;
            }
            if (!isRecord(parsed)) {
              sendJson(response, 400, { ok: false, error: 'invalid_json' });
              return;
            }
            const result = await act(deps, parsed);
            sendJson(response, result.ok ? 200 : 400, result);
          })
          .catch((error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            deps.log(`console action failed: ${message}`);
            if (!response.headersSent) sendJson(response, 500, { ok: false, error: message });
          });
        return true;
      }
      sendJson(response, 404, { ok: false, error: 'not_found' });
      return true;
    },
    close() {
      unsubscribe();
      clearInterval(heartbeat);
      if (timer !== undefined) clearTimeout(timer);
      for (const client of clients) client.response.end();
      clients.clear();
    },
  };
}

/** Everything one person's console shows. */
function snapshot(deps: ConsoleDeps, userId: string): Snapshot {
  const { state } = deps;
  const users: Snapshot['users'] = {};
  for (const user of state.users.values())
    users[user.id] = { id: user.id, name: user.name, realName: user.realName, isBot: user.isBot, color: user.color };
  const channels = [...state.channels.values()]
    .filter((c) => !c.isIm || c.imUser === userId)
    .map((c) => ({ id: c.id, name: c.name, topic: c.topic, isMember: c.isMember, isIm: c.isIm }));
  const channelsById: Snapshot['channelsById'] = {};
  for (const c of channels) channelsById[c.id] = c;
  const home = state.home(userId);
  return {
    version: state.version,
    me: userId,
    team: { id: 'T0SANDBOX01', name: 'Sandbox' },
    bot: {
      userId: state.bot.userId,
      botId: state.bot.botId,
      appId: state.bot.appId,
      name: state.bot.name,
      commandName: deps.commandName,
    },
    users,
    humans: [...state.users.values()]
      .filter((u) => !u.isBot)
      .map((u) => ({ id: u.id, name: u.name, realName: u.realName })),
    channels,
    channelsById,
    dmChannel: state.imChannel(userId).id,
    messages: state.messages({ visibleTo: userId }).slice(-1000),
    notices: state
      .notices()
      .filter((n) => n.userId === userId)
      .slice(-100),
    home: home ? { id: home.id, hash: home.hash, blocks: home.blocks } : null,
    modals: state.modalStack(userId).map((v) => ({
      id: v.id,
      hash: v.hash,
      callbackId: v.callbackId,
      title: v.title ?? null,
      submit: v.submit ?? null,
      close: v.close ?? null,
      blocks: v.blocks,
      errors: v.errors,
      errorsFrom: v.errorsFrom,
      conversation: v.conversation ?? null,
    })),
    // The app's global shortcuts (the composer's shortcuts menu) and what a conversations_select can offer this person.
    shortcuts: deps.interactions.shortcuts.map((s) => ({
      name: s.name,
      callbackId: s.callbackId,
      description: s.description,
    })),
    conversations: conversationChoices(state.channels.values(), state.users, userId, state.bot.userId, state.bot.name),
    deliveries: state.deliveries().slice(-100),
    apiCalls: state
      .apiCalls()
      .slice(-100)
      .map((c) => ({ method: c.method, ok: c.ok, error: c.error ?? null, at: c.at, note: apiCallNote(c) })),
    responseUses: state.responseUses().slice(-100),
    botEventsUrl: deps.botEventsUrl(),
  };
}

/** A few words on what a Web API call did, for the Activity pane (views.update: was the hash checked?). */
function apiCallNote(call: ApiCallRecord): string | null {
  const { args } = call;
  const has = (key: string): boolean => typeof args[key] === 'string' && args[key] !== '';
  switch (call.method) {
    case 'views.update':
    case 'views.publish':
      return has('hash') ? 'hash checked' : 'no hash';
    case 'chat.postMessage':
    case 'chat.postEphemeral':
      return has('thread_ts') ? 'in a thread' : null;
    default:
      return null;
  }
}

/** One input value from the page: text or an id, several (checkboxes), or null (cleared). */
function inputValue(value: unknown): ModalInputValue | undefined {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => asString(v) ?? '');
  return asString(value);
}

/** block_id -> action_id -> value, as the page collects it from the modal's inputs. */
function inputValues(body: unknown): ModalInputValues {
  const values: ModalInputValues = {};
  if (!isRecord(body)) return values;
  for (const [blockId, actions] of Object.entries(body)) {
    if (!isRecord(actions)) continue;
    const entry: Record<string, ModalInputValue> = {};
    for (const [actionId, raw] of Object.entries(actions)) {
      const value = inputValue(raw);
      if (value !== undefined) entry[actionId] = value;
    }
    values[blockId] = entry;
  }
  return values;
}

/** One thing the person did in the console. */
async function act(deps: ConsoleDeps, body: JsonObject): Promise<ActionResult> {
  const { state, interactions } = deps;
  const requested = asString(body.user);
  const user = requested === undefined ? undefined : state.user(requested);
  const userId = user && !user.isBot ? user.id : deps.defaultUserId;
  try {
    switch (body.type) {
      case 'compose':
        return await compose(
          deps,
          userId,
          asString(body.channel) ?? '',
          asString(body.threadTs),
          asString(body.text) ?? '',
        );
      case 'click': {
        const surface = isRecord(body.surface) ? body.surface : {};
        const actionId = asString(body.actionId);
        if (actionId === undefined) return { ok: false, error: 'missing actionId' };
        const value = asString(body.value);
        const blockId = asString(body.blockId);
        const actor = { userId, ...(blockId !== undefined && blockId !== '' ? { blockId } : {}) };
        if (surface.kind === 'message') {
          const channel = asString(surface.channel) ?? '';
          const ts = asString(surface.ts) ?? '';
          return { ok: true, delivery: await interactions.click({ channel, ts }, actionId, value, actor) };
        }
        if (surface.kind === 'home')
          return { ok: true, delivery: await interactions.click({ home: true, userId }, actionId, value, actor) };
        if (surface.kind === 'modal') {
          return {
            ok: true,
            delivery: await interactions.click({ viewId: asString(surface.viewId) ?? '' }, actionId, value, {
              ...actor,
              values: inputValues(body.values),
            }),
          };
        }
        return { ok: false, error: 'unknown surface' };
      }
      case 'shortcut': {
        const callbackId = asString(body.callbackId);
        if (callbackId === undefined) return { ok: false, error: 'missing callbackId' };
        const channel = asString(body.channel);
        return {
          ok: true,
          delivery: await interactions.shortcut(callbackId, {
            userId,
            ...(channel !== undefined && channel !== '' ? { channel } : {}),
          }),
        };
      }
      case 'open_home':
        return { ok: true, delivery: await interactions.openHome(userId) };
      case 'modal_submit': {
        // Undefined: Slack's client kept the submission back (a required input is empty); the modal shows why.
        const delivery = await interactions.submitModal(inputValues(body.values), { userId });
        return delivery ? { ok: true, delivery } : { ok: true };
      }
      case 'modal_close': {
        const delivery = await interactions.closeModal({ userId, all: body.all === true });
        return delivery ? { ok: true, delivery } : { ok: true };
      }
      case 'reset':
        state.reset();
        return { ok: true };
      default:
        return { ok: false, error: `unknown action ${String(body.type)}` };
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** What typing into a composer does, as in Slack. */
async function compose(
  deps: ConsoleDeps,
  userId: string,
  channelRef: string,
  threadTs: string | undefined,
  text: string,
): Promise<ActionResult> {
  const { state, interactions } = deps;
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty message' };
  const channel = state.resolveChannel(channelRef);
  if (!channel) return { ok: false, error: `unknown channel ${channelRef}` };
  const thread = threadTs !== undefined && threadTs !== '' ? { threadTs } : {};
  if (trimmed.startsWith('/')) {
    const space = trimmed.search(/\s/);
    const command = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
    const args = space < 0 ? '' : trimmed.slice(space + 1).trim();
    if (threadTs !== undefined && threadTs !== '') {
      state.addNotice({
        userId,
        channel: channel.id,
        threadTs,
        surface: 'channel',
        text: `${command} is not supported in threads. Sorry! (Slack runs custom slash commands only from the message box of a channel; mention @${state.bot.name} instead.)`,
      });
      return { ok: true };
    }
    if (command !== deps.commandName) {
      state.addNotice({
        userId,
        channel: channel.id,
        surface: 'channel',
        text: `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands. This sandbox knows ${deps.commandName}.`,
      });
      return { ok: true };
    }
    return { ok: true, delivery: await interactions.command(args, { channel: channel.id, userId }) };
  }
  const mention = new RegExp(`(^|\\s)@${state.bot.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  if (mention.test(trimmed))
    return { ok: true, delivery: await interactions.mention(trimmed, { channel: channel.id, userId, ...thread }) };
  interactions.postUserMessage(trimmed, { channel: channel.id, userId, ...thread });
  return { ok: true };
}

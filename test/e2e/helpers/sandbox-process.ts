/**
 * The BUILT bot (`node dist/main.js`) as a child process, for end-to-end tests of the sandbox as a user gets it.
 *
 *   assertBuilt()            fails with a clear message when dist/main.js is missing (npm test builds it first)
 *   startSandboxProcess()    PORT and PORT+1 free, an env with no Slack/Alibaba settings, waits for the console URL
 *   spawnMain(env)           any other run of dist/main.js (e.g. a half configuration)
 *   killAllChildren()        SIGKILL whatever is still running: call it in afterAll, it never throws
 *   ConsoleClient            the console's own HTTP routes (/console/state, /console/action), as the page uses them
 *
 * Every child is registered and killed on afterAll and, as a last resort, when the test worker exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Delivery, Notice, StoredMessage } from '../../../src/sandbox/slack/types';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');

/** Generous: two cores, a browser and other test files starting bots at the same time. */
const START_TIMEOUT_MS = 45_000;
const WAIT_TIMEOUT_MS = 25_000;

/** What must never be written by the bot: stack frames, the sandbox's made-up AccessKeyId, bot tokens. */
export const STACK_FRAME = '    at ';
export const SANDBOX_KEY_PREFIX = 'LTAI5tSandbox';
/** A real-looking token (`xoxb-…` in a hint such as "the bot token (xoxb-…)" is not one). */
export const BOT_TOKEN_PATTERN = /xoxb-[0-9A-Za-z]/;

let warnedStale = false;

/** dist/main.js must exist; a stale build is reported (once) but tested anyway (npm test always builds first). */
export function assertBuilt(): void {
  if (!existsSync(MAIN)) {
    throw new Error(
      `${path.relative(ROOT, MAIN)} is missing: these end-to-end tests run the BUILT bot. Run \`npm run build\` first (\`npm test\` does it before vitest).`,
    );
  }
  if (warnedStale) return;
  const built = statSync(MAIN).mtimeMs;
  const newer = newestSource(path.join(ROOT, 'src'));
  if (newer && newer.mtimeMs > built) {
    warnedStale = true;
    process.stderr.write(
      `warning: ${path.relative(ROOT, newer.file)} is newer than dist/main.js; testing the last build. Run \`npm run build\` to test your changes.\n`,
    );
  }
}

function newestSource(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(file)
      : entry.name.endsWith('.ts')
        ? { file, mtimeMs: statSync(file).mtimeMs }
        : undefined;
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

function listen(port: number): Promise<{ port: number; close: () => Promise<void> } | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    // No host: the bot listens on every interface, so the port must be free on all of them.
    server.listen(port, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ port: bound, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** A port P with P+1 free too (the sandbox puts its console on PORT+1). */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = await listen(0);
    if (!first) continue;
    if (first.port >= 65535) {
      await first.close();
      continue;
    }
    const second = await listen(first.port + 1);
    await first.close();
    if (second) {
      await second.close();
      return first.port;
    }
  }
  throw new Error('found no free pair of adjacent ports');
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedMain {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** stdout and stderr together (for hygiene checks). */
  output(): string;
  exited: Promise<ExitInfo>;
  isRunning(): boolean;
}

const children = new Set<SpawnedMain>();

process.once('exit', () => {
  for (const spawned of children) if (spawned.isRunning()) spawned.child.kill('SIGKILL');
});

/** An environment with nothing of the developer's: no SLACK_*, no ALIBABA_CLOUD_* (except the metadata switch), no MIRRORS_*. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: tmpdir(),
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** `node dist/main.js [args]` with exactly this environment. */
export function spawnMain(env: Record<string, string>, args: string[] = []): SpawnedMain {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let all = '';
  let running = true;
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
    all += chunk;
  });
  child.stderr?.on('data', (chunk: string) => {
    err += chunk;
    all += chunk;
  });
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      err += `spawn failed: ${error.message}\n`;
      running = false;
      resolve({ code: null, signal: null });
    });
    // 'close' rather than 'exit': every byte of stdout/stderr has been read by then.
    child.once('close', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const spawned: SpawnedMain = {
    child,
    stdout: () => out,
    stderr: () => err,
    output: () => all,
    exited,
    isRunning: () => running,
  };
  children.add(spawned);
  void exited.then(() => children.delete(spawned));
  return spawned;
}

/** Resolves with the exit, or undefined if the process is still running after timeoutMs. */
export async function exitWithin(spawned: SpawnedMain, timeoutMs: number): Promise<ExitInfo | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([spawned.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL every child still running and wait for them. Never throws: meant for afterAll. */
export async function killAllChildren(): Promise<void> {
  const running = [...children].filter((c) => c.isRunning());
  for (const spawned of running) spawned.child.kill('SIGKILL');
  await Promise.all(running.map((c) => exitWithin(c, 10_000)));
}

export interface SandboxProcess extends SpawnedMain {
  /** PORT: the bot's HTTP receiver (/slack/events, /healthz). */
  port: number;
  botUrl: string;
  /** As printed on stdout (PORT+1). */
  consoleUrl: string;
  /** SIGTERM, then wait; SIGKILL if it is still running after timeoutMs. Reports how long the stop took. */
  stop(timeoutMs?: number): Promise<ExitInfo & { ms: number; killed: boolean }>;
}

const URL_PATTERN = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)\/?/;

/** Starts `node dist/main.js` with nothing configured and waits for the console URL it prints. */
export async function startSandboxProcess(): Promise<SandboxProcess> {
  assertBuilt();
  let lastFailure = '';
  // A port found free can be taken before the child binds it: then start over on another pair.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePortPair();
    const spawned = spawnMain(cleanEnv({ PORT: String(port) }));
    const started = Date.now();
    let consoleUrl: string | undefined;
    while (Date.now() - started < START_TIMEOUT_MS && spawned.isRunning()) {
      const match = URL_PATTERN.exec(spawned.stdout());
      if (match) {
        consoleUrl = match[0].endsWith('/') ? match[0] : `${match[0]}/`;
        break;
      }
      await delay(50);
    }
    if (consoleUrl !== undefined) {
      return {
        ...spawned,
        port,
        botUrl: `http://127.0.0.1:${port}`,
        consoleUrl,
        async stop(timeoutMs = 10_000) {
          const begin = Date.now();
          if (!spawned.isRunning()) return { ...(await spawned.exited), ms: 0, killed: false };
          spawned.child.kill('SIGTERM');
          const exit = await exitWithin(spawned, timeoutMs);
          if (exit) return { ...exit, ms: Date.now() - begin, killed: false };
          spawned.child.kill('SIGKILL');
          return { ...(await spawned.exited), ms: Date.now() - begin, killed: true };
        },
      };
    }
    const stillRunning = spawned.isRunning();
    if (stillRunning) spawned.child.kill('SIGKILL');
    const exit = await spawned.exited;
    lastFailure = stillRunning
      ? `printed no console URL within ${START_TIMEOUT_MS} ms`
      : `exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before printing a console URL`;
    lastFailure += `\n--- stdout ---\n${spawned.stdout()}\n--- stderr ---\n${spawned.stderr()}`;
    if (!/EADDRINUSE/.test(spawned.output())) break;
  }
  throw new Error(`node dist/main.js (sandbox) ${lastFailure}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls probe until it returns a value (not undefined); fails with the description and the last state seen. */
async function pollFor<T>(
  probe: () => Promise<T | undefined>,
  description: string,
  timeoutMs = WAIT_TIMEOUT_MS,
  explain?: () => string,
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}${why}${explain ? `\n${explain()}` : ''}`,
      );
    }
    await delay(150);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The console's HTTP routes
// ---------------------------------------------------------------------------------------------------------------

export interface ConsoleSnapshot {
  me: string;
  bot: { userId: string; name: string; commandName: string };
  dmChannel: string;
  messages: StoredMessage[];
  notices: Notice[];
  home: { id: string; blocks: unknown[] } | null;
  deliveries: Delivery[];
}

export type ActResult = { ok: true; delivery?: Delivery } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asSnapshot(value: unknown): ConsoleSnapshot {
  if (
    !isRecord(value) ||
    typeof value.me !== 'string' ||
    !isRecord(value.bot) ||
    typeof value.bot.userId !== 'string' ||
    !Array.isArray(value.messages) ||
    !Array.isArray(value.deliveries)
  ) {
    throw new Error(`/console/state answered something that is not a snapshot: ${JSON.stringify(value).slice(0, 300)}`);
  }
  // Shape checked where the tests rely on it; the rest is the stand-in's own typed data.
  return value as unknown as ConsoleSnapshot;
}

export class ConsoleClient {
  readonly origin: string;

  constructor(readonly consoleUrl: string) {
    this.origin = new URL(consoleUrl).origin;
  }

  async state(): Promise<ConsoleSnapshot> {
    const response = await fetch(`${this.origin}/console/state`);
    if (response.status !== 200) throw new Error(`GET /console/state: ${response.status}`);
    return asSnapshot(await response.json());
  }

  /** One POST /console/action, same-origin JSON like the page's. */
  async act(body: Record<string, unknown>): Promise<ActResult> {
    const response = await fetch(`${this.origin}/console/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin },
      body: JSON.stringify(body),
    });
    const parsed: unknown = await response.json();
    if (!isRecord(parsed) || typeof parsed.ok !== 'boolean')
      throw new Error(`POST /console/action answered ${response.status} ${JSON.stringify(parsed)}`);
    return parsed as unknown as ActResult;
  }

  async compose(text: string, channel = 'C0INCIDENTS'): Promise<ActResult> {
    return this.act({ type: 'compose', channel, text });
  }

  /** Clicks a button of a message as the page does (surface, action_id, block_id, value). */
  async clickMessageButton(message: StoredMessage, actionId: string, value?: string): Promise<ActResult> {
    const button = findButton(message.blocks, actionId, value);
    if (!button)
      throw new Error(
        `message ${message.ts} has no ${actionId} button; it has: ${
          buttonsOf(message.blocks)
            .map((b) => b.actionId)
            .join(', ') || 'none'
        }`,
      );
    return this.act({
      type: 'click',
      surface: { kind: 'message', channel: message.channel, ts: message.ts },
      actionId,
      blockId: button.blockId,
      value: button.value,
    });
  }

  async clickHomeButton(blocks: unknown[], actionId: string, value?: string): Promise<ActResult> {
    const button = findButton(blocks, actionId, value);
    if (!button)
      throw new Error(`the home view has no ${actionId} button${value === undefined ? '' : ` with value ${value}`}`);
    return this.act({
      type: 'click',
      surface: { kind: 'home' },
      actionId,
      blockId: button.blockId,
      value: button.value,
    });
  }

  /** Polls /console/state until probe returns something. */
  async waitFor<T>(
    probe: (snapshot: ConsoleSnapshot) => T | undefined,
    description: string,
    timeoutMs = WAIT_TIMEOUT_MS,
  ): Promise<T> {
    let last: ConsoleSnapshot | undefined;
    return pollFor(
      async () => {
        last = await this.state();
        return probe(last);
      },
      description,
      timeoutMs,
      () =>
        last
          ? `last messages:\n${last.messages
              .slice(-4)
              .map((m) => `  ${m.ts} ${m.via} ${m.text.slice(0, 160)}`)
              .join('\n')}\nlast notices: ${last.notices
              .slice(-3)
              .map((n) => n.text)
              .join(' | ')}`
          : 'no snapshot',
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Block Kit, read loosely (the bot's wording changes; ids, action ids and numbers do not)
// ---------------------------------------------------------------------------------------------------------------

/** Every `text` string anywhere in the blocks (header, sections, fields, context, buttons). */
function blockTexts(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'text' && typeof child === 'string') found.push(child);
      else walk(child);
    }
  };
  walk(value);
  return found;
}

/** The message's fallback text and every text in its blocks, as one string. */
export function messageText(message: Pick<StoredMessage, 'text' | 'blocks'>): string {
  return [message.text, ...blockTexts(message.blocks)].join('\n');
}

/**
 * The sessions a message lists, in order, without repeats: named in its text, or (in the default rows, which show
 * names) behind each row's Details button, whose value is `region/tms-…`.
 */
/**
 * The session id a Details button names. Its value is sealed (`s1.<expiry>.<base64url of region/id>.<mac>`): signed,
 * not secret, so a test can read which session a row is for without the key.
 */
export function detailsSessionId(value: string | undefined): string {
  const parts = (value ?? '').split('.');
  const payload = parts.length === 4 ? Buffer.from(parts[2] ?? '', 'base64url').toString('utf8') : (value ?? '');
  return payload.split('/')[1] ?? '';
}

export function sessionIds(message: Pick<StoredMessage, 'text' | 'blocks'>): string[] {
  const behindDetails = buttonsOf(message.blocks)
    .filter((b) => b.actionId === 'mirrors_details')
    .map((b) => detailsSessionId(b.value));
  const named =
    blockTexts(message.blocks)
      .join('\n')
      .match(/\btms-[a-z0-9]+/g) ?? [];
  return [...new Set([...behindDetails, ...named].filter((id) => /^tms-[a-z0-9]+$/.test(id)))];
}

export interface ButtonRef {
  actionId: string;
  value: string | undefined;
  blockId: string | undefined;
  text: string;
}

function buttonsOf(blocks: unknown[]): ButtonRef[] {
  const buttons: ButtonRef[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item);
        return;
      }
      if (!isRecord(node)) return;
      if (node.type === 'button' && typeof node.action_id === 'string') {
        buttons.push({
          actionId: node.action_id,
          value: typeof node.value === 'string' ? node.value : undefined,
          blockId,
          text: blockTexts(node.text).join(''),
        });
        return;
      }
      for (const child of Object.values(node)) walk(child);
    };
    walk(block);
  }
  return buttons;
}

/**
 * The button for the section whose text mentions `text` (for signed, opaque values such as Home's List sessions):
 * its accessory, or the actions block right below it.
 */
export function findButtonBeside(blocks: unknown[], actionId: string, text: string): ButtonRef | undefined {
  for (const [i, block] of blocks.entries()) {
    if (!isRecord(block) || block.type !== 'section' || !blockTexts(block.text).join('').includes(text)) continue;
    const next = blocks[i + 1];
    const candidates = isRecord(next) && next.type === 'actions' ? [block, next] : [block];
    const found = buttonsOf(candidates).find((b) => b.actionId === actionId);
    if (found) return found;
  }
  return undefined;
}

export function findButton(blocks: unknown[], actionId: string, value?: string): ButtonRef | undefined {
  return buttonsOf(blocks).find((b) => b.actionId === actionId && (value === undefined || b.value === value));
}

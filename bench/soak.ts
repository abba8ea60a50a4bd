/**
 * npm run soak [-- --seconds 180 --rate 5]: the built bot (dist/main.js, production HTTP mode) as a child process,
 * against the Slack and VPC stand-ins on loopback, under steady traffic (commands, `all`, mentions, Next page
 * clicks) with faults injected on both sides. Reports every request's answer as lost, late (> 15 s) or duplicated,
 * and the bot's RSS every 10 s. Figures to read, no assertions; it never leaves 127.0.0.1.
 *
 * Each conversation gets a person of its own from a pool, so every answer the stand-in sees can be traced to the
 * request it answers: an ephemeral to that person, a post in the thread they started, or an update of the list
 * they clicked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type SlackStandIn, type StoredMessage, startSlackStandIn } from '../src/sandbox/slack';
import type { TransportFault } from '../src/sandbox/slack/types';
import { type Fault, startVpcStandIn } from '../src/sandbox/vpc';
import { ActionId } from '../src/views/action-ids';

const LATE_MS = 15_000;
const REGIONS = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1', 'cn-hangzhou', 'eu-central-1'];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const SECONDS = option('seconds', 180);
const RATE = option('rate', 5);
/** After the last request: time for late answers, and for duplicates to show. */
const DRAIN_MS = 25_000;

type Kind = 'command' | 'all' | 'mention' | 'click';

interface Request {
  id: number;
  kind: Kind;
  user: string;
  sentAt: number;
  /** A mention: the thread its answer goes to. A click: the list it replaces. */
  threadTs?: string;
  clickedTs?: string;
  /** One per message the person sees: a replace that lands twice still shows one message. */
  answers: Array<{ at: number; via: string; key: string }>;
  /** A command whose list should be clicked once it has arrived. */
  thenClick?: boolean;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the bot did not become healthy');
}

/** Faults in turn, one every FAULT_EVERY_MS, on both sides. */
const FAULT_EVERY_MS = 1_500;
type Injection =
  | { side: 'vpc'; fault: Fault; label: string }
  | { side: 'slack'; target: string; fault: TransportFault; times: number; label: string };
const INJECTIONS: Injection[] = [
  { side: 'vpc', fault: { kind: 'throttle', times: 3 }, label: 'VPC throttling ×3' },
  {
    side: 'slack',
    target: 'response_url',
    fault: { kind: 'status', status: 500 },
    times: 1,
    label: 'response_url 500',
  },
  { side: 'vpc', fault: { kind: '503', times: 2 }, label: 'VPC 503 ×2' },
  {
    side: 'slack',
    target: 'response_url',
    fault: { kind: 'status', status: 404 },
    times: 1,
    label: 'response_url 404',
  },
  { side: 'vpc', fault: { kind: 'latency', ms: 3_000, times: 5 }, label: 'VPC latency 3 s ×5' },
  { side: 'slack', target: 'response_url', fault: { kind: 'hang' }, times: 1, label: 'response_url hang' },
  {
    side: 'slack',
    target: 'response_url',
    fault: { kind: 'reset-after-delivery' },
    times: 1,
    label: 'response_url reset after delivery',
  },
  {
    side: 'slack',
    target: 'chat.postMessage',
    fault: { kind: 'status', status: 429, retryAfterSeconds: 3 },
    times: 1,
    label: 'chat.postMessage 429 (3 s)',
  },
  {
    side: 'slack',
    target: 'chat.postMessage',
    fault: { kind: 'status', status: 500 },
    times: 1,
    label: 'chat.postMessage 500',
  },
  {
    side: 'slack',
    target: 'chat.postMessage',
    fault: { kind: 'reset-after-delivery' },
    times: 1,
    label: 'chat.postMessage reset after delivery',
  },
  {
    side: 'slack',
    target: 'response_url',
    fault: { kind: 'status', status: 500 },
    times: 3,
    label: 'response_url 500 ×3',
  },
];
/** Once a minute: the long rate limit that used to stall everyone. */
const LONG_LIMIT: Injection = {
  side: 'slack',
  target: 'chat.postMessage',
  fault: { kind: 'status', status: 429, retryAfterSeconds: 30 },
  times: 1,
  label: 'chat.postMessage 429 (30 s)',
};

async function main(): Promise<void> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-soak-${randomBytes(8).toString('hex')}`;
  const keys = {
    accessKeyId: `LTAI5tSoak${randomBytes(6).toString('hex')}`,
    accessKeySecret: randomBytes(18).toString('base64url'),
  };
  const pool = Math.ceil(RATE * 60) + 50;

  const vpc = await startVpcStandIn({ keys: [keys], maxRequestLog: 1_000 });
  const slack: SlackStandIn = await startSlackStandIn({
    signingSecret,
    botToken,
    botEventsUrl: 'http://127.0.0.1:1/slack/events',
    extraUsers: pool,
  });
  const port = await freePort();
  const bot = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret,
      ALIBABA_CLOUD_VPC_ENDPOINT: vpc.url,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      MIRRORS_REGIONS: REGIONS.join(','),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const warnings = new Map<string, number>();
  let stderrTail = '';
  bot.stderr?.setEncoding('utf8');
  bot.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4_000);
    for (const line of chunk.split('\n')) {
      const msg = /"msg":"([^"]+)"/.exec(line)?.[1];
      if (msg) warnings.set(msg, (warnings.get(msg) ?? 0) + 1);
    }
  });
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, bot);
  slack.setBotEventsUrl(`http://127.0.0.1:${port}/slack/events`);

  const free: string[] = Array.from({ length: pool }, (_, i) => `U0PERSON${String(i + 1).padStart(4, '0')}`);
  const busy = new Map<string, Request[]>();
  const byThread = new Map<string, Request>();
  const byClicked = new Map<string, Request>();
  const all: Request[] = [];
  const firstList = new Map<Request, StoredMessage>();
  let nextId = 0;
  let sendErrors = 0;

  const answer = (request: Request | undefined, via: string, message: StoredMessage, key: string): void => {
    if (!request || request.answers.some((a) => a.key === key)) return;
    request.answers.push({ at: performance.now(), via, key });
    if (request.thenClick && request.answers.length === 1 && message.ephemeralTo !== undefined)
      firstList.set(request, message);
  };
  const latest = (user: string | undefined): Request | undefined => {
    const list = user === undefined ? undefined : busy.get(user);
    return list?.[list.length - 1];
  };
  slack.on((event) => {
    if (event.type === 'message_posted') {
      const m = event.message;
      if (m.user !== slack.botUserId) return;
      const thread = m.threadTs !== undefined ? byThread.get(m.threadTs) : undefined;
      answer(thread ?? latest(m.ephemeralTo), m.via, m, `post ${m.ts}`);
    } else if (event.type === 'message_updated') {
      answer(byClicked.get(event.message.ts), 'replace_original', event.message, `update ${event.message.ts}`);
    }
  });

  const release = (request: Request): void => {
    setTimeout(() => {
      const list = busy.get(request.user) ?? [];
      const rest = list.filter((r) => r !== request);
      if (rest.length > 0) busy.set(request.user, rest);
      else {
        busy.delete(request.user);
        free.push(request.user);
      }
    }, LATE_MS + 10_000).unref();
  };

  const start = (kind: Kind, user: string, extra: Partial<Request> = {}): Request => {
    const request: Request = { id: nextId++, kind, user, sentAt: performance.now(), answers: [], ...extra };
    all.push(request);
    busy.set(user, [...(busy.get(user) ?? []), request]);
    release(request);
    return request;
  };

  const send = async (): Promise<void> => {
    const user = free.shift();
    if (user === undefined) return;
    const roll = Math.random();
    const region = pick(REGIONS);
    try {
      if (roll < 0.45) {
        start('command', user, { thenClick: roll < 0.2 });
        await slack.sendCommand(`${region} limit:${1 + Math.floor(Math.random() * 10)}`, { userId: user });
      } else if (roll < 0.55) {
        start('all', user);
        await slack.sendCommand('all limit:3', { userId: user });
      } else {
        // The thread is the mention itself, known only once it is posted: register it before the bot can answer.
        const request: Request = { id: nextId++, kind: 'mention', user, sentAt: performance.now(), answers: [] };
        const unsubscribe = slack.on((event) => {
          if (event.type === 'message_posted' && event.message.user === user && event.message.threadTs === undefined) {
            request.threadTs = event.message.ts;
            byThread.set(event.message.ts, request);
            unsubscribe();
          }
        });
        all.push(request);
        busy.set(user, [...(busy.get(user) ?? []), request]);
        release(request);
        await slack.sendMention(`${region} limit:${1 + Math.floor(Math.random() * 5)}`, { userId: user });
      }
    } catch {
      sendErrors += 1;
    }
  };

  // Clicks: Next page on a list that arrived, by the person who asked, a second after it arrived.
  const clicker = setInterval(() => {
    for (const [request, message] of firstList) {
      firstList.delete(request);
      const list = slack.message(message.channel, message.ts);
      if (!list || !JSON.stringify(list.blocks).includes(ActionId.NextPage)) continue;
      const click = start('click', request.user, { clickedTs: list.ts });
      byClicked.set(list.ts, click);
      slack.clickButton(list, ActionId.NextPage, undefined, { userId: request.user }).catch(() => {
        sendErrors += 1;
      });
    }
  }, 1_000);

  const injected = new Map<string, number>();
  let turn = 0;
  const inject = (injection: Injection): void => {
    if (injection.side === 'vpc') vpc.faults.push(injection.fault);
    else slack.injectFault(injection.target, injection.fault, injection.times);
    injected.set(injection.label, (injected.get(injection.label) ?? 0) + 1);
  };
  const faults = setInterval(() => {
    inject(INJECTIONS[turn % INJECTIONS.length] as Injection);
    turn += 1;
  }, FAULT_EVERY_MS);
  const longLimit = setInterval(() => inject(LONG_LIMIT), 60_000);

  const began = performance.now();
  const samples: string[] = [];
  const sample = (): void => {
    const t = Math.round((performance.now() - began) / 1000);
    const answered = all.filter((r) => r.answers.length > 0).length;
    const open = all.length - answered;
    samples.push(
      `${String(t).padStart(5)} s  ${String(all.length).padStart(8)}  ${String(answered).padStart(8)}  ${String(open).padStart(8)}  ${rssMb(bot.pid).toFixed(1).padStart(8)} MB`,
    );
    console.log(samples.at(-1));
  };
  console.log(`soak: ${SECONDS} s at ${RATE} requests/s, faults every ${FAULT_EVERY_MS / 1000} s on both sides\n`);
  console.log('      t  requests  answered  waiting       RSS');
  sample();
  const sampler = setInterval(sample, 10_000);

  const interval = 1000 / RATE;
  const until = began + SECONDS * 1000;
  while (performance.now() < until) {
    void send();
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  clearInterval(faults);
  clearInterval(longLimit);
  console.log(`  (traffic stopped; ${DRAIN_MS / 1000} s for late answers and duplicates)`);
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  clearInterval(clicker);
  clearInterval(sampler);
  sample();

  report(all, injected, warnings, sendErrors);
  bot.kill('SIGTERM');
  const stopStarted = performance.now();
  await new Promise((resolve) => bot.once('exit', resolve));
  console.log(
    `\nSIGTERM to exit: ${((performance.now() - stopStarted) / 1000).toFixed(1)} s, exit code ${bot.exitCode}`,
  );
  if (bot.exitCode !== 0) console.log(stderrTail);
  await slack.close();
  await vpc.close();
}

function report(
  all: Request[],
  injected: Map<string, number>,
  warnings: Map<string, number>,
  sendErrors: number,
): void {
  console.log('\n  kind       requests  answered      lost  late>15s       dup      p50      p95      max');
  for (const kind of ['command', 'all', 'mention', 'click', 'total'] as const) {
    const requests = kind === 'total' ? all : all.filter((r) => r.kind === kind);
    const latencies = requests
      .filter((r) => r.answers.length > 0)
      .map((r) => (r.answers[0]?.at ?? 0) - r.sentAt)
      .sort((a, b) => a - b);
    const q = (p: number): string =>
      latencies.length === 0
        ? '-'
        : `${((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) / 1000).toFixed(2)}s`;
    const lost = requests.filter((r) => r.answers.length === 0).length;
    const late = latencies.filter((l) => l > LATE_MS).length;
    const dup = requests.filter((r) => r.answers.length > 1).length;
    console.log(
      `  ${kind.padEnd(9)} ${[requests.length, latencies.length, lost, late, dup].map((n) => String(n).padStart(9)).join(' ')} ${[q(0.5), q(0.95), q(1)].map((s) => s.padStart(8)).join(' ')}`,
    );
  }
  const via = new Map<string, number>();
  for (const r of all) {
    const first = r.answers[0]?.via;
    if (first) via.set(first, (via.get(first) ?? 0) + 1);
  }
  console.log(`\n  answered by: ${[...via].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`  requests the stand-in could not send: ${sendErrors}`);
  console.log(
    `\n  faults injected:\n${[...injected].map(([k, n]) => `    ${String(n).padStart(4)}  ${k}`).join('\n')}`,
  );
  console.log(
    `\n  the bot's warnings and errors:\n${[...warnings].map(([k, n]) => `    ${String(n).padStart(4)}  ${k}`).join('\n')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

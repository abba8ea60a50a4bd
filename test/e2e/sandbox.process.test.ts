/**
 * The sandbox as a user starts it: the BUILT bot (`node dist/main.js`) with nothing configured, driven over HTTP
 * through the console's own routes (/console/state, /console/action), exactly as the console page drives it.
 * Asserts on stable facts only (dataset ids and names, page numbers, region names, action ids), not on sentences.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rule } from '../../src/query/rules';
import type { StoredMessage } from '../../src/sandbox/slack/types';
import { SANDBOX_REGIONS } from '../../src/sandbox/start';
import { DATASET_REGIONS, WELL_KNOWN } from '../../src/sandbox/vpc/dataset';
import { ActionId } from '../../src/views/action-ids';
import {
  assertBuilt,
  BOT_TOKEN_PATTERN,
  ConsoleClient,
  type ConsoleSnapshot,
  cleanEnv,
  exitWithin,
  findButton,
  findButtonBeside,
  freePortPair,
  killAllChildren,
  messageText,
  SANDBOX_KEY_PREFIX,
  type SandboxProcess,
  type SpawnedMain,
  STACK_FRAME,
  sessionIds,
  spawnMain,
  startSandboxProcess,
} from './helpers/sandbox-process';

/** Stop must be graceful, not the 5 s "go regardless" fallback in main.ts. */
const CLEAN_STOP_MS = 4_500;
const SLOW = 90_000;

let sandbox: SandboxProcess;
let client: ConsoleClient;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  client = new ConsoleClient(sandbox.consoleUrl);
}, 120_000);

afterAll(async () => {
  await killAllChildren();
});

/** Sends a slash command the way the composer does and waits for the bot's new message that satisfies `wanted`. */
async function command(
  text: string,
  wanted: (m: StoredMessage) => boolean,
  description: string,
): Promise<{ message: StoredMessage; snapshot: ConsoleSnapshot }> {
  const before = new Set((await client.state()).messages.map((m) => `${m.channel}/${m.ts}`));
  const result = await client.compose(text);
  expect(result, `POST /console/action compose ${text}`).toMatchObject({ ok: true });
  if (result.ok)
    expect(
      result.delivery?.ok,
      `the bot answered the signed request for ${text}: ${result.delivery?.error ?? ''}`,
    ).toBe(true);
  return client.waitFor((snapshot) => {
    const message = snapshot.messages.find(
      (m) => !before.has(`${m.channel}/${m.ts}`) && m.user === snapshot.bot.userId && wanted(m),
    );
    return message ? { message, snapshot } : undefined;
  }, description);
}

function current(snapshot: ConsoleSnapshot, ref: StoredMessage): StoredMessage | undefined {
  return snapshot.messages.find((m) => m.channel === ref.channel && m.ts === ref.ts);
}

describe('the built bot, started with nothing configured (sandbox)', () => {
  it('prints its console URL on PORT+1 and answers GET /healthz on PORT', async () => {
    expect(new URL(sandbox.consoleUrl).port).toBe(String(sandbox.port + 1));
    const health = await fetch(`${sandbox.botUrl}/healthz`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    const page = await fetch(sandbox.consoleUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('composer-input');
  });

  it('answers /mirrors cn-hongkong tag:FinanceDept with finance-ids-tap, visible only to the user', async () => {
    const { message, snapshot } = await command(
      '/mirrors cn-hongkong tag:FinanceDept',
      (m) => messageText(m).includes(WELL_KNOWN.FINANCE_TAP_NAME),
      `an answer naming ${WELL_KNOWN.FINANCE_TAP_NAME}`,
    );
    expect(message.ephemeralTo).toBe(snapshot.me);
    expect(message.channel).toBe('C0INCIDENTS');
    const ids = sessionIds(message);
    expect(ids).toContain(WELL_KNOWN.FINANCE_TAP);
    expect(messageText(message)).toContain(WELL_KNOWN.region);
    // Every session listed is one of the region's (the zone prefix of cn-hongkong ids).
    const prefix = DATASET_REGIONS.find((r) => r.regionId === WELL_KNOWN.region)?.prefix ?? '?';
    for (const id of ids) expect(id.startsWith(`tms-${prefix}`), id).toBe(true);
    // Details values are signed (opaque): the button sits beside the session's row, which shows its name.
    expect(findButtonBeside(message.blocks, ActionId.Details, WELL_KNOWN.FINANCE_TAP_NAME)).toBeDefined();
  });

  it(
    'pages /mirrors cn-shanghai limit:5 in place: Next page replaces the message with page 2, Previous brings page 1 back',
    async () => {
      const { message: first } = await command(
        '/mirrors cn-shanghai limit:5',
        (m) => findButton(m.blocks, ActionId.NextPage) !== undefined && messageText(m).includes('cn-shanghai'),
        'page 1 of cn-shanghai with a Next page button',
      );
      const page1 = sessionIds(first);
      expect(page1).toHaveLength(5);
      expect(messageText(first)).toMatch(/page 1\b/i);
      expect(findButton(first.blocks, ActionId.PreviousPage)).toBeUndefined();
      const count = (s: ConsoleSnapshot): number => s.messages.filter((m) => m.user === s.bot.userId).length;
      const botMessages = count(await client.state());

      const next = await client.clickMessageButton(first, ActionId.NextPage);
      expect(next).toMatchObject({ ok: true, delivery: { ok: true } });
      const second = await client.waitFor((s) => {
        const m = current(s, first);
        return m && m.edits > first.edits && /page 2\b/i.test(messageText(m)) ? m : undefined;
      }, 'the same message showing page 2');
      const page2 = sessionIds(second);
      expect(page2).toHaveLength(5);
      expect(page2.filter((id) => page1.includes(id))).toEqual([]);
      expect(second.ephemeralTo).toBe(first.ephemeralTo);
      expect(findButton(second.blocks, ActionId.PreviousPage)).toBeDefined();
      expect(findButton(second.blocks, ActionId.NextPage)).toBeDefined();
      expect(count(await client.state())).toBe(botMessages);

      const previous = await client.clickMessageButton(second, ActionId.PreviousPage);
      expect(previous).toMatchObject({ ok: true, delivery: { ok: true } });
      const back = await client.waitFor((s) => {
        const m = current(s, first);
        return m && m.edits > second.edits ? m : undefined;
      }, 'the same message replaced again');
      expect(messageText(back)).toMatch(/page 1\b/i);
      expect(sessionIds(back)).toEqual(page1);
      expect(count(await client.state())).toBe(botMessages);
    },
    SLOW,
  );

  it('answers a bad term (/mirrors cn-hongkong vni:abc) with the term quoted and the rule', async () => {
    const { message, snapshot } = await command(
      '/mirrors cn-hongkong vni:abc',
      (m) => messageText(m).includes('vni:abc'),
      'an answer quoting vni:abc',
    );
    expect(message.ephemeralTo).toBe(snapshot.me);
    const text = messageText(message);
    expect(text).toContain(Rule.vni);
    expect(text).toContain('16777215');
    expect(sessionIds(message)).toEqual([]);
    expect(findButton(message.blocks, ActionId.NextPage)).toBeUndefined();
  });

  it(
    'publishes an App Home that names all five sandbox regions, and List sessions sends the region to the DM',
    async () => {
      expect(SANDBOX_REGIONS).toHaveLength(5);
      const opened = await client.act({ type: 'open_home' });
      expect(opened).toMatchObject({ ok: true, delivery: { ok: true } });
      const home = await client.waitFor((s) => {
        if (!s.home) return undefined;
        const text = messageText({ text: '', blocks: s.home.blocks });
        // A cold Home shows "Scanning…" (naming the regions) first: wait for the overview with its buttons.
        // A region with no sessions is named without a button: there is nothing to list.
        const listed = (r: string) => findButtonBeside(s.home!.blocks, ActionId.HomeListRegion, r) !== undefined;
        return SANDBOX_REGIONS.every((r) => text.includes(r) && (r === WELL_KNOWN.emptyRegion || listed(r)))
          ? s.home
          : undefined;
      }, 'a home view naming every sandbox region');
      for (const region of SANDBOX_REGIONS.filter((r) => r !== WELL_KNOWN.emptyRegion))
        expect(
          findButtonBeside(home.blocks, ActionId.HomeListRegion, region),
          `List sessions for ${region}`,
        ).toBeDefined();
      expect(findButtonBeside(home.blocks, ActionId.HomeListRegion, WELL_KNOWN.emptyRegion)).toBeUndefined();

      const before = await client.state();
      const clicked = await client.clickHomeButton(
        home.blocks,
        ActionId.HomeListRegion,
        findButtonBeside(home.blocks, ActionId.HomeListRegion, WELL_KNOWN.region)?.value,
      );
      expect(clicked).toMatchObject({ ok: true, delivery: { ok: true } });
      const prefix = DATASET_REGIONS.find((r) => r.regionId === WELL_KNOWN.region)?.prefix ?? '?';
      const dm = await client.waitFor(
        (s) =>
          s.messages.find(
            (m) =>
              m.channel === before.dmChannel &&
              m.user === s.bot.userId &&
              !before.messages.some((b) => b.ts === m.ts) &&
              sessionIds(m).length > 0,
          ),
        'the region list in the DM',
      );
      expect(messageText(dm)).toContain(WELL_KNOWN.region);
      for (const id of sessionIds(dm)) expect(id.startsWith(`tms-${prefix}`), id).toBe(true);
    },
    SLOW,
  );

  it('delivered every request and showed no failure notice', async () => {
    const snapshot = await client.state();
    expect(snapshot.deliveries.length).toBeGreaterThanOrEqual(6);
    expect(snapshot.deliveries.filter((d) => !d.ok).map((d) => `${d.label}: ${d.error ?? ''}`)).toEqual([]);
    expect(snapshot.notices.map((n) => n.text)).toEqual([]);
  });

  it(
    'stops cleanly on SIGTERM (exit 0, within a few seconds) with the console page still connected',
    async () => {
      // Hold a Server-Sent Events stream open, as an open console tab does.
      const events = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const request = http.get(`${client.origin}/console/events`, resolve);
        request.once('error', reject);
      });
      expect(events.statusCode).toBe(200);
      const streamClosed = new Promise<void>((resolve) => {
        events.once('close', () => resolve());
        events.once('end', () => resolve());
        events.once('error', () => resolve());
        events.resume();
      });

      const stopped = await sandbox.stop(15_000);
      expect(stopped.killed, 'needed SIGKILL').toBe(false);
      expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(CLEAN_STOP_MS);
      await streamClosed;
      await expect(fetch(`${sandbox.botUrl}/healthz`)).rejects.toThrow();
    },
    SLOW,
  );

  it('never wrote a stack trace, the sandbox keys or a bot token, and logged no error', () => {
    const output = sandbox.output();
    expect(output).toContain(sandbox.consoleUrl.replace(/\/$/, ''));
    expect(output).not.toContain(STACK_FRAME);
    expect(output).not.toContain(SANDBOX_KEY_PREFIX);
    expect(output).not.toMatch(BOT_TOKEN_PATTERN);
    const logLines = sandbox
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    const errors = logLines.filter((line) => {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null && 'level' in parsed && parsed.level === 'error';
    });
    expect(errors).toEqual([]);
  });
});

describe('the built bot, half configured', () => {
  async function runHalfConfigured(
    extra: Record<string, string>,
  ): Promise<{ spawned: SpawnedMain; code: number | null; ms: number }> {
    assertBuilt();
    const port = await freePortPair();
    const started = Date.now();
    const spawned = spawnMain(cleanEnv({ PORT: String(port), ...extra }));
    const exit = await exitWithin(spawned, 20_000);
    if (!exit)
      throw new Error(`still running 20 s after start: a half configuration must exit at once\n${spawned.output()}`);
    return { spawned, code: exit.code, ms: Date.now() - started };
  }

  function expectOneCleanMessage(spawned: SpawnedMain): string {
    const stderr = spawned.stderr().trim();
    expect(stderr.length).toBeGreaterThan(0);
    expect(spawned.output()).not.toContain(STACK_FRAME);
    expect(spawned.output()).not.toMatch(BOT_TOKEN_PATTERN);
    // No sandbox, no bot: nothing printed on stdout and no JSON log lines, only the one message.
    expect(spawned.stdout().trim()).toBe('');
    expect(stderr.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
    return stderr;
  }

  it(
    'exits non-zero at once with only SLACK_SIGNING_SECRET set, naming what is missing',
    async () => {
      const secret = 'half-configured-signing-secret-0451';
      const { spawned, code, ms } = await runHalfConfigured({ SLACK_SIGNING_SECRET: secret });
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(ms).toBeLessThan(15_000);
      const message = expectOneCleanMessage(spawned);
      expect(message).toContain('SLACK_BOT_TOKEN');
      expect(spawned.output()).not.toContain(secret);
    },
    SLOW,
  );

  it(
    'lists every problem in one message',
    async () => {
      const { spawned, code } = await runHalfConfigured({
        SLACK_SIGNING_SECRET: 'half-configured-signing-secret-0452',
        SLACK_BOT_TOKEN: 'xoxp-not-a-bot-token-0452',
        PORT: 'eighty',
        LOG_LEVEL: 'chatty',
      });
      expect(code).not.toBe(0);
      const message = expectOneCleanMessage(spawned);
      for (const variable of ['SLACK_BOT_TOKEN', 'PORT', 'LOG_LEVEL']) expect(message).toContain(variable);
      expect(spawned.output()).not.toContain('xoxp-not-a-bot-token-0452');
      expect(spawned.output()).not.toContain('half-configured-signing-secret-0452');
    },
    SLOW,
  );
});

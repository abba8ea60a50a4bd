/**
 * The sandbox as a user sees it: the BUILT bot (`node dist/main.js`, nothing configured) in a child process, and
 * its console page in headless Chromium (Debian's, through playwright-core; fails loudly without it, never skips).
 *
 * Set SCREENSHOT_DIR (e.g. docs/images) to also write the README's pictures there:
 *   console.png  #incidents with the answer to /mirrors cn-hongkong tag:FinanceDept (1280x960, scale 1)
 *   home.png     the App Home tab
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SANDBOX_REGIONS } from '../../src/sandbox/start';
import { DATASET_REGIONS, WELL_KNOWN } from '../../src/sandbox/vpc/dataset';
import { ActionId } from '../../src/views/action-ids';
import { needs } from '../support/system-parts';
import { launchChromium, loopbackOnly } from './helpers/browser';
import {
  BOT_TOKEN_PATTERN,
  detailsSessionId,
  killAllChildren,
  ROOT,
  SANDBOX_KEY_PREFIX,
  type SandboxProcess,
  STACK_FRAME,
  startSandboxProcess,
} from './helpers/sandbox-process';

/** ~1280x900: just tall enough for the whole tag:FinanceDept answer (three cards and its buttons) in the pane. */
const VIEWPORT = { width: 1280, height: 960 };
/** Playwright waits: generous, a loaded 2-core machine runs other bots and browsers at the same time. */
const WAIT_MS = 25_000;
const SLOW = 90_000;

let sandbox: SandboxProcess;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let blocked: string[] = [];
const pageErrors: string[] = [];
/** Set when Chromium could not start: every test then fails with it (never skipped). */
let launchError: Error | undefined;

const screenshotDir =
  process.env.SCREENSHOT_DIR !== undefined && process.env.SCREENSHOT_DIR !== ''
    ? path.resolve(ROOT, process.env.SCREENSHOT_DIR)
    : undefined;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error instanceof Error ? error : new Error(String(error));
    return;
  }
  context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    timezoneId: 'Asia/Hong_Kong',
    locale: 'en-US',
  });
  blocked = await loopbackOnly(context);
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(sandbox.consoleUrl);
  await live().waitFor();
}, 120_000);

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await killAllChildren();
  }
}, 60_000);

function live(): Locator {
  return page.getByTestId('connection').and(page.locator('[data-state="live"]'));
}

/** The bot's messages in the channel list, newest last. */
function botMessages(): Locator {
  return page.getByTestId('channel-messages').locator('[data-testid="message"][data-from="bot"]');
}

function messageAt(ts: string): Locator {
  return page.getByTestId('channel-messages').locator(`[data-testid="message"][data-ts="${ts}"]`);
}

async function tsOf(message: Locator): Promise<string> {
  const ts = await message.getAttribute('data-ts');
  if (ts === null) throw new Error('message without data-ts');
  return ts;
}

/** The sessions a message on screen lists, in order: each row's Details button names one (`region/tms-…`). */
async function listedIds(message: Locator): Promise<string[]> {
  const values = await message
    .locator(`[data-testid="button-${ActionId.Details}"]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-value') ?? ''));
  return [...new Set(values.map(detailsSessionId))];
}

async function screenshot(name: string): Promise<void> {
  if (screenshotDir === undefined) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, name) });
}

needs('chromium')('the sandbox console in Chromium, against the built bot', () => {
  beforeEach(() => {
    if (launchError) throw launchError;
  });

  it(
    'answers /mirrors cn-hongkong tag:FinanceDept in the channel with a Block Kit list',
    async () => {
      const input = page.getByTestId('composer-input');
      await input.fill('/mirrors cn-hongkong tag:FinanceDept');
      await input.press('Enter');
      const message = botMessages().filter({ hasText: WELL_KNOWN.FINANCE_TAP_NAME }).last();
      await message.waitFor();
      expect(await message.getAttribute('data-ephemeral')).toBe('true');
      await expect.poll(() => message.getByTestId('header').textContent()).toContain(WELL_KNOWN.region);
      expect(await message.getByTestId('context').count()).toBeGreaterThanOrEqual(1);
      // One row per session, each with its own Details button, the position right above the buttons.
      expect(await listedIds(message)).toContain(WELL_KNOWN.FINANCE_TAP);
      expect(await message.getByTestId('message-body').innerText()).toMatch(/1–\d+ of \d+ · page 1/);
      expect(await message.getByTestId('unsupported-block').count()).toBe(0);
      expect(await message.getByTestId('unsupported-element').count()).toBe(0);
      // The answer is about as tall as the channel pane: show it from its top ("Only visible to you", author, header).
      await message.evaluate((el: { scrollIntoView(options: { block: 'start' }): void }) =>
        el.scrollIntoView({ block: 'start' }),
      );
      await screenshot('console.png');
    },
    SLOW,
  );

  it(
    'pages /mirrors cn-shanghai limit:5 in place with Next page and Previous page',
    async () => {
      const input = page.getByTestId('composer-input');
      await input.fill('/mirrors cn-shanghai limit:5');
      await page.getByTestId('composer-send').click();
      const latest = botMessages()
        .filter({ hasText: 'cn-shanghai' })
        .filter({ has: page.getByTestId(`button-${ActionId.NextPage}`) })
        .last();
      await latest.waitFor();
      const ts = await tsOf(latest);
      // Pin the message by its ts: the console re-renders on every change, the ts is the message's identity.
      const message = messageAt(ts);
      expect(await message.getAttribute('data-ephemeral')).toBe('true');
      expect(await message.getByTestId('header').textContent()).toContain('cn-shanghai');
      expect(await message.getByTestId('section-text').count()).toBeGreaterThanOrEqual(5);
      expect(await message.getByTestId('context').count()).toBeGreaterThanOrEqual(1);
      const body = message.getByTestId('message-body');
      const page1Text = await body.innerText();
      expect(page1Text).toMatch(/page 1\b/i);
      const page1 = await listedIds(message);
      expect(page1).toHaveLength(5);
      expect(await message.getByTestId(`button-${ActionId.PreviousPage}`).count()).toBe(0);
      const count = await botMessages().count();
      const edits = Number(await message.getAttribute('data-edits'));

      await message.getByTestId(`button-${ActionId.NextPage}`).click();
      await expect.poll(() => body.innerText(), { timeout: WAIT_MS }).toMatch(/page 2\b/i);
      const page2 = await listedIds(message);
      expect(page2).toHaveLength(5);
      expect(page2.filter((id) => page1.includes(id))).toEqual([]);
      expect(Number(await message.getAttribute('data-edits'))).toBe(edits + 1);
      expect(await botMessages().count()).toBe(count);
      expect(await message.getAttribute('data-ephemeral')).toBe('true');

      await message.getByTestId(`button-${ActionId.PreviousPage}`).click();
      await expect.poll(() => body.innerText(), { timeout: WAIT_MS }).toMatch(/page 1\b/i);
      expect(await listedIds(message)).toEqual(page1);
      expect(Number(await message.getAttribute('data-edits'))).toBe(edits + 2);
      expect(await botMessages().count()).toBe(count);
      expect(await message.getByTestId(`button-${ActionId.PreviousPage}`).count()).toBe(0);
    },
    SLOW,
  );

  it(
    'opens App Home: an overview with every sandbox region, and List sessions posts to the DM',
    async () => {
      await page.getByTestId('app-mirrors').click();
      expect(await page.getByTestId('app-home-tab').getAttribute('aria-selected')).toBe('true');
      const home = page.getByTestId('home-view');
      await home.getByTestId('header').first().waitFor();
      // A cold Home shows "Scanning…" first; the overview replaces it.
      // A region with no sessions is named, but gets no List button: there is nothing to list.
      await home
        .getByTestId('section-text')
        .filter({ hasText: `${WELL_KNOWN.emptyRegion} — no sessions` })
        .waitFor();
      expect(await listButton(home, WELL_KNOWN.emptyRegion).count()).toBe(0);
      for (const region of SANDBOX_REGIONS.filter((r) => r !== WELL_KNOWN.emptyRegion)) {
        await listButton(home, region).waitFor();
        expect(
          await home.getByTestId('section-text').filter({ hasText: region }).count(),
          `a section for ${region}`,
        ).toBeGreaterThan(0);
        expect(await listButton(home, region).count(), `List sessions for ${region}`).toBe(1);
      }
      expect(await home.getByTestId(`button-${ActionId.HomeRefresh}`).count()).toBe(1);
      expect(await home.getByTestId('unsupported-block').count()).toBe(0);
      await screenshot('home.png');

      await listButton(home, WELL_KNOWN.region).click();
      // Home says where the list went.
      await home.getByText(`Sent the sessions in ${WELL_KNOWN.region} to your DM`).waitFor();
      await page.getByTestId('app-messages-tab').click();
      const dm = page
        .getByTestId('channel-messages')
        .locator('[data-testid="message"][data-from="bot"]')
        .filter({ hasText: WELL_KNOWN.region })
        .last();
      await dm.waitFor();
      const prefix = DATASET_REGIONS.find((r) => r.regionId === WELL_KNOWN.region)?.prefix ?? '?';
      const ids = await listedIds(dm);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id.startsWith(`tms-${prefix}`), id).toBe(true);
      expect(await dm.getAttribute('data-ephemeral')).toBe('false');
    },
    SLOW,
  );

  it('made no request beyond loopback and hit no script error', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(page.url().startsWith(sandbox.consoleUrl)).toBe(true);
  });

  it(
    'stops cleanly on SIGTERM with the page connected, having written no stack trace, key or token',
    async () => {
      const stopped = await sandbox.stop(15_000);
      expect(stopped.killed, 'needed SIGKILL').toBe(false);
      expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(4_500);
      await page.getByTestId('connection').and(page.locator('[data-state="offline"]')).waitFor();
      const output = sandbox.output();
      expect(output).not.toContain(STACK_FRAME);
      expect(output).not.toContain(SANDBOX_KEY_PREFIX);
      expect(output).not.toMatch(BOT_TOKEN_PATTERN);
    },
    SLOW,
  );
});

/** A region's "List sessions" button: the one beside the section naming it (its value is signed, so opaque). */
function listButton(home: Locator, region: string): Locator {
  // Beside the region's text (many regions), or in the row of buttons right below it.
  // Each block is wrapped in its own .sk-block, so "right below" is the next wrapper.
  const section = `.sk-block:has(.sk-section [data-testid="section-text"]:has-text("${region}"))`;
  const button = `[data-testid="button-${ActionId.HomeListRegion}"]`;
  return home.locator(`${section} ${button}, ${section} + .sk-block-actions ${button}`);
}

/**
 * The sandbox console at phone width (390 × 844, an iPhone's CSS pixels): the BUILT bot (`node dist/main.js`) in a
 * child process and its console in headless Chromium (Debian's, through playwright-core; fails loudly without it,
 * never skips). The sidebar folds away behind the top bar's Channels button, so messages get the whole width.
 *
 * Set SCREENSHOT_DIR (e.g. docs/images) to also write phone.png: a /mirrors answer at phone width.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WELL_KNOWN } from '../../src/sandbox/vpc/dataset';
import { ActionId } from '../../src/views/action-ids';
import { launchChromium, loopbackOnly } from './helpers/browser';
import { killAllChildren, ROOT, type SandboxProcess, startSandboxProcess } from './helpers/sandbox-process';

const PHONE = { width: 390, height: 844 };
const WAIT_MS = 25_000;
const SLOW = 90_000;

let sandbox: SandboxProcess;
let browser: Browser | undefined;
let page: Page;
let blocked: string[] = [];
const pageErrors: string[] = [];
/** Set when Chromium could not start: every test then fails with it (never skipped). */
let launchError: Error | undefined;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error instanceof Error ? error : new Error(String(error));
    return;
  }
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Asia/Hong_Kong',
    locale: 'en-US',
  });
  blocked = await loopbackOnly(context);
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(sandbox.consoleUrl);
  await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor();
}, 120_000);

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await killAllChildren();
  }
}, 60_000);

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box');
  return b;
}

/** Wholly on screen horizontally: nothing to scroll sideways to reach it. */
async function expectWithinWidth(locator: Locator): Promise<void> {
  const b = await box(locator);
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width + 0.5);
}

describe('the sandbox console at phone width', () => {
  beforeEach(() => {
    if (launchError) throw launchError;
  });

  it('gives the messages the whole width and keeps the channels one tap away', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Workspace' });
    expect(await sidebar.isVisible()).toBe(false);
    expect((await box(page.getByTestId('channel-messages'))).width).toBeGreaterThanOrEqual(360);
    await expectWithinWidth(page.getByTestId('composer-input'));

    const toggle = page.getByTestId('sidebar-toggle');
    await toggle.click();
    await sidebar.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('channel-general').click();
    await sidebar.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('channel-title').textContent()).toBe('# general');

    await toggle.click();
    await page.getByTestId('channel-incidents').click();
    await sidebar.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('channel-title').textContent()).toBe('# incidents');
  });

  it(
    'renders a /mirrors answer at full width, and its buttons work',
    async () => {
      const input = page.getByTestId('composer-input');
      await input.fill(`/mirrors ${WELL_KNOWN.region}`);
      await input.press('Enter');
      const answer = page
        .getByTestId('message')
        .and(page.locator('[data-from="bot"]'))
        .filter({ has: page.getByTestId('header') });
      await answer.waitFor();
      expect(await answer.getByTestId('header').textContent()).toContain(WELL_KNOWN.region);
      expect((await box(page.getByTestId('channel-messages'))).width).toBeGreaterThanOrEqual(360);
      await expectWithinWidth(answer);
      const details = answer.getByTestId(`button-${ActionId.Details}`);
      expect(await details.count()).toBeGreaterThan(0);
      await expectWithinWidth(details.first());

      const dir = process.env.SCREENSHOT_DIR;
      if (dir !== undefined && dir !== '') {
        const out = path.resolve(ROOT, dir);
        mkdirSync(out, { recursive: true });
        await answer.getByTestId('header').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(out, 'phone.png') });
      }

      // A tap on Details opens the modal, which fits the screen too.
      await details.first().tap();
      const modal = page.getByTestId('modal');
      await modal.waitFor();
      await expect.poll(() => modal.getByTestId('header').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
      await expectWithinWidth(modal);
      await expectWithinWidth(modal.getByTestId('modal-close'));
      await modal.getByTestId('modal-close').tap();
      await modal.waitFor({ state: 'detached' });

      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    SLOW,
  );
});

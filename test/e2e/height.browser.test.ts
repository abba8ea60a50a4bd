/**
 * How tall the default answer is, in the sandbox console as a person sees it: the BUILT bot (`node dist/main.js`)
 * in a child process and its console in headless Chromium (Debian's, through playwright-core; fails loudly without
 * it, never skips).
 *
 * The figure that matters is the default page (10 sessions of cn-shanghai, which has 350) posted in an incident
 * thread: the thread pane is 420 px wide, so every wrapped line costs. Before the compact default (issue 8) the
 * same answer measured 3,915 px in the thread pane and 2,091 px in a channel; the compact page must take less than
 * half of that. Both heights are logged, for the closing note of a change; a height is a layout fact, not a timing.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { WELL_KNOWN } from '../../src/sandbox/vpc/dataset';
import { needs } from '../support/system-parts';
import { launchChromium, loopbackOnly } from './helpers/browser';
import { killAllChildren, type SandboxProcess, startSandboxProcess } from './helpers/sandbox-process';

/** Measured on main before the compact default (the card layout), with this same test. */
const CARDS_THREAD_PX = 3915;
const CARDS_CHANNEL_PX = 2091;

const VIEWPORT = { width: 1280, height: 960 };
const WAIT_MS = 25_000;
const SLOW = 90_000;

let sandbox: SandboxProcess;
let browser: Browser | undefined;
let page: Page;
let blocked: string[] = [];
let launchError: Error | undefined;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error instanceof Error ? error : new Error(String(error));
    return;
  }
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US' });
  blocked = await loopbackOnly(context);
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
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

async function send(input: Locator, text: string): Promise<void> {
  await input.fill(text);
  await input.press('Enter');
}

async function heightOf(message: Locator): Promise<number> {
  const box = await message.boundingBox();
  if (!box) throw new Error('the answer has no box');
  return Math.round(box.height);
}

function answerIn(container: Locator): Locator {
  return container
    .locator('[data-testid="message"][data-from="bot"]')
    .filter({ has: page.getByTestId('header').filter({ hasText: WELL_KNOWN.bigRegion }) })
    .last();
}

needs('chromium')('the default page, measured', () => {
  beforeEach(() => {
    if (launchError) throw launchError;
  });

  it(
    'takes less than half the height the card layout took, in a thread pane and in a channel',
    async () => {
      await page.getByTestId('channel-incidents').click();
      await send(page.getByTestId('composer-input'), 'Which sessions does the Shanghai collector see?');
      const parent = page
        .getByTestId('channel-messages')
        .locator('[data-testid="message"][data-from="user"]')
        .filter({ hasText: 'Shanghai collector' });
      await parent.waitFor();
      await parent.hover();
      await parent.getByTestId('reply-in-thread').click();
      const thread = page.getByTestId('thread-pane');
      await thread.waitFor();
      await send(page.getByTestId('thread-composer-input'), `@mirrors ${WELL_KNOWN.bigRegion}`);
      const inThread = answerIn(thread);
      await inThread.waitFor();
      const threadPx = await heightOf(inThread);
      await page.getByTestId('thread-close').click();

      await send(page.getByTestId('composer-input'), `/mirrors ${WELL_KNOWN.bigRegion}`);
      const inChannel = answerIn(page.getByTestId('channel-messages'));
      await inChannel.waitFor();
      const channelPx = await heightOf(inChannel);

      process.stdout.write(
        `default page of ${WELL_KNOWN.bigRegion}: ${threadPx} px in a 420 px thread pane (cards: ${CARDS_THREAD_PX}), ` +
          `${channelPx} px in a channel (cards: ${CARDS_CHANNEL_PX})\n`,
      );
      expect(threadPx).toBeLessThan(CARDS_THREAD_PX / 2);
      expect(channelPx).toBeLessThan(CARDS_CHANNEL_PX / 2);
      expect(blocked).toEqual([]);
    },
    SLOW,
  );
});

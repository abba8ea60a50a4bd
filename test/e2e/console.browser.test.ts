/**
 * The sandbox console in headless Chromium, against the Slack stand-in and a minimal real Bolt app (the stub bot).
 * Needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium); fails loudly without it.
 * Set SCREENSHOT_DIR (e.g. docs/images) to also save console-test.png there.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from '../../src/sandbox/slack';
import { needs } from '../support/system-parts';
import { launchChromium, loopbackOnly } from './helpers/browser';
import { STUB_BOT_TOKEN, STUB_SIGNING_SECRET, type StubBot, startStubBot } from './helpers/stub-bot';

/** Runs in the page (evaluate callbacks are serialised); declared here because the project compiles without lib.dom. */
declare function getComputedStyle(element: unknown): {
  fontSize: string;
  fontWeight: string;
  color: string;
  backgroundColor: string;
};

let slack: SlackStandIn;
let bot: StubBot;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let blocked: string[];
/** Set when Chromium could not start: every test then fails with it (never skipped). */
let launchError: Error | undefined;

beforeAll(async () => {
  slack = await startSlackStandIn({
    signingSecret: STUB_SIGNING_SECRET,
    botToken: STUB_BOT_TOKEN,
    botEventsUrl: 'http://127.0.0.1:9/slack/events',
  });
  bot = await startStubBot({ slackApiUrl: slack.apiUrl });
  slack.setBotEventsUrl(bot.eventsUrl);
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error instanceof Error ? error : new Error(String(error));
    return;
  }
  context = await browser.newContext({
    timezoneId: 'Asia/Hong_Kong',
    locale: 'en-US',
    viewport: { width: 1360, height: 900 },
  });
  blocked = await loopbackOnly(context);
  page = await context.newPage();
  page.setDefaultTimeout(8000);
  await page.goto(slack.consoleUrl);
  await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await bot?.close();
  await slack?.close();
});

async function send(input: Locator, text: string): Promise<void> {
  await input.fill(text);
  await input.press('Enter');
}

/** Center-to-center facts about an element's box. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box');
  return b;
}

needs('chromium')('the sandbox console', () => {
  beforeEach(() => {
    if (launchError) throw launchError;
  });

  it('runs /mirrors and renders the Block Kit answer faithfully', async () => {
    await send(page.getByTestId('composer-input'), '/mirrors cn-hongkong tag:FinanceDept');
    const message = page.getByTestId('message').filter({ has: page.getByTestId('header') });
    await message.waitFor();

    // Ephemeral: tinted and labelled.
    await expect.poll(() => message.getAttribute('data-ephemeral')).toBe('true');
    expect(await message.getByTestId('ephemeral-note').textContent()).toContain('Only visible to you');

    // Header: large and bold.
    const header = message.getByTestId('header');
    expect(await header.textContent()).toBe('Traffic mirror sessions · cn-hongkong (page 1)');
    const headerStyle = await header.evaluate((el) => ({
      size: parseFloat(getComputedStyle(el).fontSize),
      weight: Number(getComputedStyle(el).fontWeight),
    }));
    expect(headerStyle.size).toBeGreaterThanOrEqual(18);
    expect(headerStyle.weight).toBeGreaterThanOrEqual(700);

    // Section: mrkdwn text (escaped cloud text shown literally), fields in two columns, accessory button on the right.
    const sections = message.getByTestId('block-section');
    expect(await sections.count()).toBe(2);
    const second = sections.nth(1);
    expect(await second.getByTestId('section-text').textContent()).toContain('web & <edge> tms-hk0002');
    expect(await second.locator('b').first().textContent()).toBe('web & <edge>');
    expect(await second.locator('code').first().textContent()).toBe('tms-hk0002');
    const fields = second.getByTestId('section-field');
    expect(await fields.count()).toBe(4);
    const [f0, f1, f2] = [await box(fields.nth(0)), await box(fields.nth(1)), await box(fields.nth(2))];
    expect(Math.abs(f0.y - f1.y)).toBeLessThan(2);
    expect(f1.x).toBeGreaterThan(f0.x + f0.width - 1);
    expect(f2.y).toBeGreaterThan(f0.y);
    expect(await fields.nth(3).locator('i').textContent()).toBe('Disabled');
    const accessory = await box(second.getByTestId('button-stub_details'));
    expect(accessory.x).toBeGreaterThan(f1.x);
    expect(await second.locator('[data-emoji="white_circle"]').count()).toBe(1);

    // Context: small grey, inline, date in the viewer's time zone, emoji and an image square.
    const contextBlock = message.getByTestId('context');
    const contextStyle = await contextBlock.evaluate((el) => ({
      size: parseFloat(getComputedStyle(el).fontSize),
      color: getComputedStyle(el).color,
    }));
    expect(contextStyle.size).toBeLessThan(14);
    expect(contextStyle.color).toBe('rgb(97, 96, 97)');
    expect(await contextBlock.getByTestId('date-token').textContent()).toBe('Nov 26, 2024 at 2:00 PM');
    expect(await contextBlock.locator('[data-emoji="mag"] svg').count()).toBe(1);
    const image = await box(contextBlock.getByTestId('context-image'));
    expect(Math.round(image.width)).toBe(Math.round(image.height));

    // Actions: primary green, danger red.
    const colour = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await colour(message.getByTestId('button-stub_next'))).toBe('rgb(0, 122, 90)');
    expect(await colour(message.getByTestId('button-stub_delete'))).toBe('rgb(224, 30, 90)');
  });

  it('replaces the message in place when Next page is clicked', async () => {
    const message = page.getByTestId('message').filter({ has: page.getByTestId('header') });
    const ts = await message.getAttribute('data-ts');
    await message.getByTestId('button-stub_next').click();
    await expect
      .poll(() => message.getByTestId('header').textContent())
      .toBe('Traffic mirror sessions · cn-hongkong (page 2)');
    expect(await message.getAttribute('data-ts')).toBe(ts);
    expect(
      await page
        .getByTestId('message')
        .filter({ has: page.getByTestId('header') })
        .count(),
    ).toBe(1);
    expect(await message.getByTestId('button-stub_previous').count()).toBe(1);
  });

  it('answers a mention inside a thread, in the thread', async () => {
    await send(page.getByTestId('composer-input'), 'packet loss on the db tier');
    const parent = page.getByTestId('message').filter({ hasText: 'packet loss on the db tier' });
    await parent.hover();
    await parent.getByTestId('reply-in-thread').click();
    const thread = page.getByTestId('thread-pane');
    await thread.waitFor();
    await send(page.getByTestId('thread-composer-input'), '@mirrors which sessions copy eni-hk0001?');
    await thread.getByTestId('message').filter({ hasText: 'asked: which sessions copy eni-hk0001?' }).waitFor();
    expect(await thread.getByTestId('mention').first().textContent()).toBe('@mirrors');
    await expect.poll(() => parent.getByTestId('thread-summary').textContent()).toBe('2 replies');
    await page.getByTestId('thread-close').click();
  });

  it('opens App Home, renders the published view and runs its buttons', async () => {
    await page.getByTestId('app-mirrors').click();
    const home = page.getByTestId('home-view');
    await home.getByTestId('header').filter({ hasText: 'mirrors overview' }).waitFor();
    expect(await page.getByTestId('app-home-tab').getAttribute('aria-selected')).toBe('true');
    expect(await home.getByTestId('section-field').count()).toBe(2);
    await home.getByTestId('button-stub_home_list').click();
    await page.getByTestId('channel-incidents').click();
    await page.getByTestId('message').filter({ hasText: 'listed cn-hongkong from App Home' }).waitFor();
  });

  it('shows a failing app inline', async () => {
    slack.setBotEventsUrl('http://127.0.0.1:9/slack/events');
    try {
      await send(page.getByTestId('composer-input'), '/mirrors cn-shanghai');
      const notice = page.getByTestId('delivery-error').last();
      await notice.waitFor();
      expect(await notice.textContent()).toContain("the app didn't respond");
    } finally {
      slack.setBotEventsUrl(bot.eventsUrl);
    }
    const other = await startSlackStandIn({
      signingSecret: 'wrong-secret',
      botToken: STUB_BOT_TOKEN,
      botEventsUrl: bot.eventsUrl,
    });
    const otherPage = await context.newPage();
    try {
      await otherPage.goto(other.consoleUrl);
      await send(otherPage.getByTestId('composer-input'), '/mirrors cn-hongkong');
      await otherPage.getByTestId('delivery-error').filter({ hasText: "the app didn't respond: 401" }).waitFor();
    } finally {
      await otherPage.close();
      await other.close();
    }
  });

  it('made no request beyond loopback', async () => {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir !== undefined && dir !== '') {
      slack.reset();
      await send(page.getByTestId('composer-input'), '/mirrors cn-hongkong tag:FinanceDept');
      await page
        .getByTestId('message')
        .filter({ has: page.getByTestId('header') })
        .waitFor();
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, 'console-test.png') });
    }
    expect(blocked).toEqual([]);
  });
});

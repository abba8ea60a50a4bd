/**
 * The on-call surfaces in the sandbox console, as a person uses them: the BUILT bot (`node dist/main.js`, nothing
 * configured) in a child process, its console in headless Chromium (Debian's, through playwright-core; fails loudly
 * without it, never skips).
 *
 *   @mirrors in a thread · /mirrors all · a bare eni-… · Details (a modal: views.open, then views.update with the
 *   hash) · Share in channel · the "Find mirror sessions" global shortcut and App Home's "Build a query" (a modal
 *   with static_select, plain_text_input, number_input, radio_buttons and conversations_select; errors answered
 *   under the input that caused them)
 *
 * Set SCREENSHOT_DIR (e.g. docs/images) to also write:
 *   thread.png   a mention answered in its thread, for everyone (1280x960)
 *   details.png  the Details modal of finance-ids-tap (1280x960)
 *   builder.png  the query builder, filled in, opened from #incidents (1280x1480: the whole form)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/slack/types';
import { SANDBOX_REGIONS } from '../../src/sandbox/start';
import { WELL_KNOWN } from '../../src/sandbox/vpc/dataset';
import { ActionId, CallbackId } from '../../src/views/action-ids';
import { BuilderBlock } from '../../src/views/query-builder';
import { needs } from '../support/system-parts';
import { launchChromium, loopbackOnly } from './helpers/browser';
import {
  BOT_TOKEN_PATTERN,
  ConsoleClient,
  type ConsoleSnapshot,
  detailsSessionId,
  killAllChildren,
  messageText,
  ROOT,
  SANDBOX_KEY_PREFIX,
  type SandboxProcess,
  STACK_FRAME,
  sessionIds,
  startSandboxProcess,
} from './helpers/sandbox-process';

const VIEWPORT = { width: 1280, height: 960 };
/** Tall enough for the whole query builder form, for its picture. */
const TALL_VIEWPORT = { width: 1280, height: 1480 };
const WAIT_MS = 25_000;
const SLOW = 90_000;
const INCIDENTS = 'C0INCIDENTS';
const SAM = 'U0SANDBOX02';
const FINANCE_QUERY = `${WELL_KNOWN.region} tag:${WELL_KNOWN.FINANCE_TAG.Key}`;
/** The three cn-hongkong sessions that mirror from the shared ENI, and only those. */
const SHARED_ENI_SESSIONS = [WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.FINANCE_TAP_STANDBY, WELL_KNOWN.PAYMENTS_SLB];

let sandbox: SandboxProcess;
let client: ConsoleClient;
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
  client = new ConsoleClient(sandbox.consoleUrl);
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
  await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor();
}, 120_000);

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await killAllChildren();
  }
}, 60_000);

async function screenshot(name: string): Promise<void> {
  if (screenshotDir === undefined) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, name) });
}

/** The sessions a message on screen lists, in order: each row's Details button names one (`region/tms-…`). */
async function listedIds(message: Locator): Promise<string[]> {
  const values = await message
    .locator(`[data-testid="button-${ActionId.Details}"]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-value') ?? ''));
  return [...new Set(values.map(detailsSessionId))];
}

function channelBotMessages(): Locator {
  return page.getByTestId('channel-messages').locator('[data-testid="message"][data-from="bot"]');
}

async function send(input: Locator, text: string): Promise<void> {
  await input.fill(text);
  await input.press('Enter');
}

async function openChannel(name: string): Promise<void> {
  await page.getByTestId(`channel-${name}`).click();
  await expect.poll(() => page.getByTestId('channel-title').textContent()).toBe(`# ${name}`);
}

/** What another person in the workspace sees (their own console snapshot). */
async function snapshotOf(userId: string): Promise<ConsoleSnapshot> {
  const response = await fetch(`${client.origin}/console/state?user=${userId}`);
  return (await response.json()) as ConsoleSnapshot;
}

function modal(): Locator {
  return page.getByTestId('modal');
}

/** The input block with this block_id in the open modal. */
function inputBlock(blockId: string): Locator {
  return modal().locator(`[data-testid="block-input"][data-block-id="${blockId}"]`);
}

async function openBuilderFromShortcut(): Promise<void> {
  await page.getByTestId('composer-shortcuts').click();
  const menu = page.getByTestId('shortcut-menu');
  const item = menu.locator(`[data-shortcut="${CallbackId.QueryBuilderShortcut}"]`);
  expect(await item.textContent()).toContain('Find mirror sessions');
  await item.click();
  await expect.poll(() => modal().getByTestId('modal-title').textContent()).toBe('Find mirror sessions');
}

needs('chromium')('the on-call surfaces in the console, against the built bot', () => {
  beforeEach(() => {
    if (launchError) throw launchError;
  });

  it(
    'answers @mirrors in a thread, in the thread, for everyone',
    async () => {
      await openChannel('incidents');
      await send(
        page.getByTestId('composer-input'),
        'Finance IDS is blind since 09:40. Which sessions copy finance traffic?',
      );
      const parent = page
        .getByTestId('channel-messages')
        .locator('[data-testid="message"][data-from="user"]')
        .filter({ hasText: 'Finance IDS is blind' });
      await parent.waitFor();
      const parentTs = await parent.getAttribute('data-ts');
      await parent.hover();
      await parent.getByTestId('reply-in-thread').click();
      const thread = page.getByTestId('thread-pane');
      await thread.waitFor();
      expect(await thread.getAttribute('data-thread-ts')).toBe(parentTs);

      await send(page.getByTestId('thread-composer-input'), `@mirrors ${FINANCE_QUERY}`);
      const mention = thread
        .locator('[data-testid="message"][data-from="user"]')
        .filter({ has: page.getByTestId('mention') });
      await mention.waitFor();
      expect(await mention.getByTestId('mention').textContent()).toBe('@mirrors');
      const reply = thread
        .locator('[data-testid="message"][data-from="bot"]')
        .filter({ hasText: WELL_KNOWN.FINANCE_TAP_NAME });
      await reply.waitFor();
      // For everyone: not ephemeral, no "Only visible to you", and it is a reply in the thread, not in the channel.
      expect(await reply.getAttribute('data-ephemeral')).toBe('false');
      expect(await reply.getByTestId('ephemeral-note').count()).toBe(0);
      expect(await reply.getAttribute('data-via')).toBe('chat.postMessage');
      // One short row per session, each with its Details button; no CLI small print in a reply for everyone.
      const ids = await listedIds(reply);
      expect(ids).toContain(WELL_KNOWN.FINANCE_TAP);
      expect(await reply.getByTestId('message-body').innerText()).not.toContain('aliyun vpc');
      // A list in a thread is for everyone already: no Share button.
      expect(await reply.getByTestId(`button-${ActionId.Share}`).count()).toBe(0);
      expect(await reply.getByTestId('unsupported-block').count()).toBe(0);
      await expect.poll(() => parent.getByTestId('thread-summary').textContent()).toBe('2 replies');
      expect(await channelBotMessages().filter({ hasText: WELL_KNOWN.FINANCE_TAP_NAME }).count()).toBe(0);

      // Sam, another person in #incidents, sees the same answer in the same thread.
      const sam = await snapshotOf(SAM);
      const seen = sam.messages.find((m) => m.threadTs === parentTs && m.user === sam.bot.userId);
      expect(seen?.ephemeralTo).toBeUndefined();
      expect(seen ? sessionIds(seen) : []).toContain(WELL_KNOWN.FINANCE_TAP);

      await mention.evaluate((el: { scrollIntoView(options: { block: 'start' }): void }) =>
        el.scrollIntoView({ block: 'start' }),
      );
      // No hover highlight in the picture.
      await page.mouse.move(1, 1);
      await screenshot('thread.png');
    },
    SLOW,
  );

  it(
    'Details opens a modal (Loading, then views.update with the hash): every field, the tags and console links that stay on loopback',
    async () => {
      const reply = page
        .getByTestId('thread-pane')
        .locator('[data-testid="message"][data-from="bot"]')
        .filter({ hasText: WELL_KNOWN.FINANCE_TAP_NAME });
      // The row shows the name, not the id: the button is the one whose sealed value names the session.
      const details = reply.locator(`[data-testid="button-${ActionId.Details}"]`);
      const values = await details.evaluateAll((els) => els.map((el) => el.getAttribute('data-value') ?? ''));
      const row = values.map(detailsSessionId).indexOf(WELL_KNOWN.FINANCE_TAP);
      expect(row, 'a Details button for finance-ids-tap').toBeGreaterThanOrEqual(0);
      await details.nth(row).click();
      await modal().waitFor();
      expect(await modal().getByTestId('modal-title').textContent()).toBe('Session details');
      await expect
        .poll(() => modal().getByTestId('header').textContent(), { timeout: WAIT_MS })
        .toBe(WELL_KNOWN.FINANCE_TAP_NAME);
      const body = modal().getByTestId('modal-body');
      const text = await body.innerText();
      expect(text).toContain(WELL_KNOWN.FINANCE_TAP);
      for (const field of ['Filter', 'Priority', 'VNI', 'Packet length', 'Resource group', 'Created'])
        expect(text).toContain(field);
      expect(await body.getByTestId('section-field').count()).toBe(6);
      expect(text).toMatch(/Tags \(3\)/);
      expect(text).toContain(`${WELL_KNOWN.FINANCE_TAG.Key} = ${WELL_KNOWN.FINANCE_TAG.Value}`);
      expect(await body.getByTestId('unsupported-block').count()).toBe(0);

      // Console links: shown as links to the Alibaba Cloud console.
      const sessionsUrl = `https://vpc.console.aliyun.com/traffic-mirror/${WELL_KNOWN.region}/sessions`;
      const eniUrl = (eni: string) =>
        `https://ecs.console.aliyun.com/networkInterfaces/region/${WELL_KNOWN.region}/detail/${eni}`;
      expect(await body.locator(`a[href="${sessionsUrl}"]`).count()).toBe(1);
      expect(
        await body
          .locator(`a[href="https://vpc.console.aliyun.com/traffic-mirror/${WELL_KNOWN.region}/filters"]`)
          .count(),
      ).toBe(1);
      for (const eni of [WELL_KNOWN.SHARED_SOURCE_ENI, WELL_KNOWN.FINANCE_SOURCE_ENI, WELL_KNOWN.COLLECTOR_ENI]) {
        expect(await body.locator(`a[href="${eniUrl(eni)}"]`).count(), eni).toBe(1);
      }
      await screenshot('details.png');

      // …that are never followed: a click says where Slack would go and stays here.
      const pages = context.pages().length;
      const url = page.url();
      await body.locator(`a[href="${sessionsUrl}"]`).click();
      const notice = page.getByTestId('link-notice');
      await notice.waitFor();
      expect(await notice.getAttribute('data-href')).toBe(sessionsUrl);
      await page.waitForTimeout(300);
      expect(context.pages().length).toBe(pages);
      expect(page.url()).toBe(url);
      await notice.locator('[data-close-toast]').click();

      await modal().getByTestId('modal-close-x').click();
      await modal().waitFor({ state: 'detached' });
      await page.getByTestId('thread-close').click();

      // The modal was opened at once, then updated in place with the view's hash (the stand-in checks it).
      await page.getByTestId('activity-toggle').click();
      const activity = page.getByTestId('activity');
      await activity.locator('[data-testid="api-call"][data-method="views.open"]').first().waitFor();
      expect(await activity.locator('[data-testid="api-call"][data-method="views.update"]').first().textContent()).toBe(
        'views.update ok · hash checked',
      );
      await page.getByTestId('activity-toggle').click();
    },
    SLOW,
  );

  it(
    '/mirrors all answers with every region grouped, a button for each region that has sessions',
    async () => {
      await send(page.getByTestId('composer-input'), '/mirrors all');
      const message = channelBotMessages()
        .filter({ has: page.getByTestId('header').filter({ hasText: `all ${SANDBOX_REGIONS.length} regions` }) })
        .last();
      await message.waitFor();
      expect(await message.getAttribute('data-ephemeral')).toBe('true');
      const more = message.locator(`[data-testid="button-${ActionId.RegionMore}"]`);
      const buttons = (await more.allTextContents()).map((t) => t.trim());
      const regionsWithButtons = buttons.map((b) => b.replace(/^More in /, ''));
      expect(regionsWithButtons.length).toBeGreaterThanOrEqual(3);
      // In the order of MIRRORS_REGIONS, the empty region named on a line of its own, no region twice.
      expect(regionsWithButtons).toEqual(SANDBOX_REGIONS.filter((r) => regionsWithButtons.includes(r)));
      expect(regionsWithButtons).not.toContain(WELL_KNOWN.emptyRegion);
      const text = await message.getByTestId('message-body').innerText();
      expect(text).toMatch(new RegExp(`No matching sessions in[^\\n]*${WELL_KNOWN.emptyRegion}`));
      let last = -1;
      for (const region of regionsWithButtons) {
        const at = text.indexOf(region);
        expect(at, region).toBeGreaterThan(last);
        last = at;
      }
      // The compact lines' Unicode cues are drawn like Slack's emoji, not left as empty boxes.
      expect(await message.locator('[data-emoji="large_green_circle"]').count()).toBeGreaterThan(0);
      expect(await message.getByTestId('unsupported-block').count()).toBe(0);
    },
    SLOW,
  );

  it(
    `a bare ${WELL_KNOWN.SHARED_SOURCE_ENI} finds every session that mirrors from or to it`,
    async () => {
      await send(page.getByTestId('composer-input'), `/mirrors ${WELL_KNOWN.region} ${WELL_KNOWN.SHARED_SOURCE_ENI}`);
      const message = channelBotMessages()
        .filter({ hasText: `Sessions that mirror from or to ${WELL_KNOWN.SHARED_SOURCE_ENI}` })
        .last();
      await message.waitFor();
      const text = await message.getByTestId('message-body').innerText();
      expect((await listedIds(message)).sort()).toEqual([...SHARED_ENI_SESSIONS].sort());
      expect(text).toContain('3 as source · 0 as target');
      // Each row says what the ENI is to its session: "from" (a source) before the name, then source → target.
      expect((text.match(/\bfrom [^\n]*→/g) ?? []).length).toBe(3);
      // Copy as CLI: both directions, in the list's small print.
      expect(text).toContain(`--TrafficMirrorSourceId=${WELL_KNOWN.SHARED_SOURCE_ENI}`);
      expect(text).toContain(`--TrafficMirrorTargetId=${WELL_KNOWN.SHARED_SOURCE_ENI}`);
    },
    SLOW,
  );

  it(
    'Share in channel posts the page for everyone, marked as shared by the person',
    async () => {
      await send(page.getByTestId('composer-input'), `/mirrors ${FINANCE_QUERY}`);
      // The answer to this command (its tag chip), not the ENI lookup before it, which lists the same session.
      const list = channelBotMessages()
        .filter({ hasText: `tag:${WELL_KNOWN.FINANCE_TAG.Key}` })
        .filter({ hasText: WELL_KNOWN.FINANCE_TAP_NAME })
        .filter({ has: page.getByTestId(`button-${ActionId.Share}`) })
        .last();
      await list.waitFor();
      expect(await list.getAttribute('data-ephemeral')).toBe('true');
      const listTs = await list.getAttribute('data-ts');
      await list.getByTestId(`button-${ActionId.Share}`).click();
      const shared = channelBotMessages().filter({ hasText: 'Shared by' }).last();
      await shared.waitFor();
      expect(await shared.getAttribute('data-ephemeral')).toBe('false');
      expect(await shared.getByTestId('ephemeral-note').count()).toBe(0);
      const lead = shared.getByTestId('context').first();
      expect(await lead.innerText()).toContain('Shared by @alex');
      expect(await lead.getByTestId('mention').textContent()).toBe('@alex');
      expect(await lead.locator('[data-emoji="mega"] svg').count()).toBe(1);
      expect(await listedIds(shared)).toContain(WELL_KNOWN.FINANCE_TAP);
      expect(await shared.getByTestId(`button-${ActionId.Share}`).count()).toBe(0);
      // Shared once: the person's own copy says where it went and has no Share button left; Sam sees the shared copy.
      const original = page.getByTestId('channel-messages').locator(`[data-ts="${listTs}"]`);
      await expect.poll(() => original.innerText(), { timeout: WAIT_MS }).toContain('Shared in #incidents by @alex');
      expect(await original.getByTestId(`button-${ActionId.Share}`).count()).toBe(0);
      const sam = await snapshotOf(SAM);
      const seen = sam.messages.filter((m: StoredMessage) => m.channel === INCIDENTS && m.user === sam.bot.userId);
      expect(
        seen.some((m) => messageText(m).includes('Shared by') && sessionIds(m).includes(WELL_KNOWN.FINANCE_TAP)),
      ).toBe(true);
      expect(seen.every((m) => m.ephemeralTo === undefined)).toBe(true);
    },
    SLOW,
  );

  it(
    'the global shortcut opens the query builder; cn-hongkong, FinanceDept, as a DM lands in the Messages tab',
    async () => {
      await openBuilderFromShortcut();
      // Every input the builder uses is rendered as its element, none as "not rendered".
      expect(await modal().getByTestId('unsupported-element').count()).toBe(0);
      const region = inputBlock(BuilderBlock.region).locator('select');
      expect(await region.inputValue()).toBe(SANDBOX_REGIONS[0]);
      const options = region.locator('option:not([disabled])');
      const offered: Array<string | null> = [];
      for (let i = 0; i < (await options.count()); i += 1) offered.push(await options.nth(i).getAttribute('value'));
      expect(offered).toEqual([...SANDBOX_REGIONS, 'all']);
      await region.selectOption(WELL_KNOWN.region);
      await inputBlock(BuilderBlock.tagKey).locator('input').fill(WELL_KNOWN.FINANCE_TAG.Key);
      expect(await inputBlock(BuilderBlock.enabled).locator('select').inputValue()).toBe('any');
      const destination = inputBlock(BuilderBlock.destination);
      expect(await destination.locator('input[type="radio"]').count()).toBe(2);
      await destination.locator('input[type="radio"][value="dm"]').check();
      expect(await destination.locator('input[type="radio"][value="dm"]').isChecked()).toBe(true);
      // default_to_current_conversation: the builder was opened while #incidents was open.
      const channel = inputBlock(BuilderBlock.channel).locator('select');
      expect(await channel.inputValue()).toBe(INCIDENTS);
      // The filter offers channels only (no DMs): #incidents, #general and #random.
      const channels = await channel.locator('option:not([disabled])').allTextContents();
      expect(channels).toEqual(['# incidents', '# general', '# random']);

      if (screenshotDir !== undefined) {
        await page.setViewportSize(TALL_VIEWPORT);
        await screenshot('builder.png');
        await page.setViewportSize(VIEWPORT);
      }

      await modal().getByTestId('modal-submit').click();
      await modal().waitFor({ state: 'detached' });
      await page.getByTestId('app-mirrors').click();
      await page.getByTestId('app-messages-tab').click();
      const dm = page
        .getByTestId('channel-messages')
        .locator('[data-testid="message"][data-from="bot"]')
        .filter({ hasText: 'From the query builder' })
        .last();
      await dm.waitFor();
      expect(await dm.getAttribute('data-ephemeral')).toBe('false');
      const text = await dm.getByTestId('message-body').innerText();
      expect(text).toContain(`/mirrors ${FINANCE_QUERY}`);
      expect(await listedIds(dm)).toContain(WELL_KNOWN.FINANCE_TAP);
      const snapshot = await client.state();
      expect(
        snapshot.messages.filter(
          (m) => m.channel === snapshot.dmChannel && messageText(m).includes('From the query builder'),
        ),
      ).toHaveLength(1);
      const kinds = snapshot.deliveries.map((d) => `${d.kind} ${String(d.status)}`);
      expect(kinds).toContain('shortcut 200');
      expect(kinds).toContain('view_submission 200');
    },
    SLOW,
  );

  it(
    'from App Home: a bad value is answered under its input, what was typed stays, and the fixed query goes to #incidents',
    async () => {
      await page.getByTestId('app-home-tab').click();
      const home = page.getByTestId('home-view');
      await home.getByTestId(`button-${ActionId.OpenQueryBuilder}`).click();
      await expect.poll(() => modal().getByTestId('modal-title').textContent()).toBe('Find mirror sessions');
      // Opened from App Home the current conversation is the app's DM, which the channel filter leaves out.
      const channel = inputBlock(BuilderBlock.channel).locator('select');
      expect(await channel.inputValue()).toBe('');

      await inputBlock(BuilderBlock.tagKey).locator('input').fill(WELL_KNOWN.FINANCE_TAG.Key);
      await inputBlock(BuilderBlock.limit).locator('input').fill('500');
      await inputBlock(BuilderBlock.destination).locator('input[value="channel"]').check();
      await modal().getByTestId('modal-submit').click();

      const limitError = inputBlock(BuilderBlock.limit).getByTestId('input-error');
      await limitError.waitFor();
      expect(await limitError.textContent()).toMatch(/\b1\b.*\b100\b/);
      expect(await inputBlock(BuilderBlock.channel).getByTestId('input-error').textContent()).toContain(
        'Pick a channel',
      );
      expect(await modal().getByTestId('input-error').count()).toBe(2);
      // The errors sit right under their inputs, above the hints.
      const input = await inputBlock(BuilderBlock.limit).locator('input').boundingBox();
      const error = await limitError.boundingBox();
      const hint = await inputBlock(BuilderBlock.limit).getByTestId('input-hint').boundingBox();
      expect(input && error && hint && input.y < error.y && error.y < hint.y).toBe(true);
      // Nothing typed was lost.
      expect(await inputBlock(BuilderBlock.limit).locator('input').inputValue()).toBe('500');
      expect(await inputBlock(BuilderBlock.tagKey).locator('input').inputValue()).toBe(WELL_KNOWN.FINANCE_TAG.Key);
      expect(await inputBlock(BuilderBlock.destination).locator('input[value="channel"]').isChecked()).toBe(true);

      await inputBlock(BuilderBlock.limit).locator('input').fill('2');
      await channel.selectOption(INCIDENTS);
      await modal().getByTestId('modal-submit').click();
      await modal().waitFor({ state: 'detached' });
      await openChannel('incidents');
      const posted = channelBotMessages().filter({ hasText: 'From the query builder by @alex' }).last();
      await posted.waitFor();
      expect(await posted.getAttribute('data-ephemeral')).toBe('false');
      const text = await posted.getByTestId('message-body').innerText();
      expect(text).toContain(`/mirrors ${FINANCE_QUERY} limit:2`);
      expect(await listedIds(posted)).toHaveLength(2);
    },
    SLOW,
  );

  it('made no request beyond loopback and hit no script error', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(page.url().startsWith(sandbox.consoleUrl)).toBe(true);
  });

  it(
    'stops cleanly on SIGTERM, having written no stack trace, key or token',
    async () => {
      const stopped = await sandbox.stop(15_000);
      expect(stopped.killed, 'needed SIGKILL').toBe(false);
      expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
      const output = sandbox.output();
      expect(output).not.toContain(STACK_FRAME);
      expect(output).not.toContain(SANDBOX_KEY_PREFIX);
      expect(output).not.toMatch(BOT_TOKEN_PATTERN);
    },
    SLOW,
  );
});

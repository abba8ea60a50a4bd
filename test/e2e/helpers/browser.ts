/**
 * Headless Chromium for console tests: Debian's `chromium` package driven by playwright-core (no browser download).
 * Every request that is not to loopback is blocked and recorded, so a test can assert the page made none.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch Chromium, or fail with the command that installs it. Never skips. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the console browser tests need it. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Abort every request that leaves loopback; returns the list of what was blocked. */
export async function loopbackOnly(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (/^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url) || url.startsWith('data:')) {
      await route.continue();
      return;
    }
    blocked.push(url);
    await route.abort('blockedbyclient');
  });
  return blocked;
}

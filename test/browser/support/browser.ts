import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Real Chromium for browser tests: Debian's /usr/bin/chromium (installed by
 * .ci/run), driven by playwright-core, which never downloads a browser. The
 * flags keep it off the network (this machine's network is closed) and
 * start it with a fresh profile every time.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ChromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Harness {
  browser: Browser;
  /** A new page in its own context; every console error and page error on it is recorded. */
  newPage: (options?: { viewport?: { width: number; height: number }; locale?: string }) => Promise<Page>;
  /** Console errors, uncaught page errors and CSP violations seen on any page so far. */
  errors: string[];
  close: () => Promise<void>;
}

export const launchChromium = async (): Promise<Harness> => {
  // playwright-core starts every launch with a fresh, empty --user-data-dir of its own (and deletes it on close).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ChromiumFlags });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    browser,
    errors,
    newPage: async (options = {}) => {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1366, height: 900 },
        locale: options.locale ?? 'en-US',
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()} @ ${m.location().url}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      return page;
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
};

/** Signs in to the console with a key, as a person would. */
export const login = async (page: Page, baseUrl: string, key: string, hash = ''): Promise<void> => {
  await page.goto(`${baseUrl}/console/${hash}`);
  await page.fill('#api-key', key);
  await page.click('#login');
  await page.waitForSelector('#logout');
};

/**
 * Waits until an expression is truthy in the page. page.waitForFunction would
 * compile a string with `new Function`, which the console's CSP (no
 * 'unsafe-eval') rightly refuses; page.evaluate of a string goes through the
 * DevTools protocol instead.
 */
export const waitForExpression = async (page: Page, expression: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_INSTALL_HINT, findChromium } from '../../scripts/setup.js';

// A real browser for the portal: Debian's Chromium (or CHROMIUM_PATH) driven by playwright-core.
// Playwright's own browser downloads are not used; the test toolchain installs Chromium instead.

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots are written only when asked for (SCREENSHOTS=1), so CI never rewrites the committed images. */
export const takingScreenshots = process.env.SCREENSHOTS === '1';
const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Launches headless Chromium; a missing browser fails the test with what to install. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`The browser tests need Chromium and none was found. ${CHROMIUM_INSTALL_HINT}`);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PersonPage {
  context: BrowserContext;
  page: Page;
  /** Script errors, console errors (a CSP violation shows up here) and assets that failed to load. */
  problems: string[];
}

/** A browser context of its own (cookies, session) for one person, at laptop size. */
export async function openPage(browser: Browser, baseUrl: string, viewport = LAPTOP): Promise<PersonPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A page answered with 4xx is the page's answer, which tests check themselves; failed assets are caught below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${page.url()}: ${response.status()} for ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`${page.url()}: ${request.url()} failed (${request.failure()?.errorText})`));
  return { context, page, problems };
}

/** Signs in through the development form, as a person would: pick them in "Person", press "Sign in". */
export async function signIn(page: Page, personId: string, next = '/'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Person').selectOption(personId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/**
 * What a screen-reader or keyboard user would trip over on the current page: form controls without a
 * label, buttons and links without text, images without alt text, not exactly one h1, skipped heading
 * levels. An empty list means none was found.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.getAttribute('name') ? ` name="${el.getAttribute('name')}"` : ''}>`;
    const named = (el: Element) => Boolean(el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby') || el.getAttribute('title'));
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const labels = (el as HTMLInputElement).labels;
      if (!labels?.length && !named(el)) problems.push(`${describe(el)} has no label`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (!el.textContent?.trim() && !named(el)) problems.push(`${describe(el)} has no text`);
    }
    for (const el of document.querySelectorAll('img:not([alt]), svg:not([aria-hidden=true]):not([role=img]):not([aria-label])')) {
      if (el.tagName.toLowerCase() === 'img' || !el.querySelector('title')) problems.push(`${describe(el)} has no text alternative`);
    }
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    if (headings.filter((level) => level === 1).length !== 1) problems.push(`${headings.filter((level) => level === 1).length} h1 headings`);
    headings.forEach((level, i) => {
      const before = headings[i - 1];
      if (before !== undefined && level > before + 1) problems.push(`heading level jumps from h${before} to h${level}`);
    });
    return problems.map((p) => `${location.pathname}: ${p}`);
  });
}

/**
 * With SCREENSHOTS=1, saves docs/screenshots/<name>.png at laptop size and, with `phone`, also
 * <name>-phone.png at phone size: the top of the page, or with `at` the part of it that element
 * starts. Only the viewport is captured, so each image stays small; focus is cleared first.
 */
export async function screenshot(page: Page, name: string, options: { phone?: boolean; at?: Locator } = {}): Promise<void> {
  if (!takingScreenshots) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? LAPTOP;
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const shots: [string, { width: number; height: number }][] = [[name, LAPTOP]];
  if (options.phone) shots.push([`${name}-phone`, PHONE]);
  for (const [file, viewport] of shots) {
    await page.setViewportSize(viewport);
    if (options.at) await options.at.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    else await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOT_DIR}${file}.png`, animations: 'disabled', caret: 'hide' });
  }
  await page.setViewportSize(original);
}

/** Runs one step of a browser story; a failure names the step. */
export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error) error.message = `[${name}] ${error.message}`;
    throw error;
  }
}

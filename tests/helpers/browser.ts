/**
 * Browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser), against the
 * admin bundle that `strapi build` wrote to dist/build and that the app booted by startApp serves at /admin.
 */
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, type TestApp } from './app';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, '.tmp', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** What is missing to run browser tests here, or null when they can run. */
export function browserTestsBlocker(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'build', 'index.html'))) return 'no admin build in dist/build (npx strapi build)';
  return null;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (own cookies and storage), a large viewport so that every column is visible. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** Logs in through the admin's own login form and waits for the home page. */
export async function adminLogin(page: Page, app: TestApp, email: string, password: string): Promise<void> {
  await page.goto(`${app.url}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30_000 });
}

/**
 * A screenshot of the whole page. The admin scrolls inside its own layout (the document is only as tall
 * as the window), so the window is made as tall as the tallest scrolling area for the shot, then restored.
 * Waits for animations (modals fade in) to settle first.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.waitForTimeout(400);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => {
    let max = document.documentElement.scrollHeight;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('*'))) {
      const overflow = getComputedStyle(el).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight) {
        max = Math.max(max, el.scrollHeight + el.getBoundingClientRect().top);
      }
    }
    return Math.ceil(max);
  });
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 6000) });
  try {
    await page.screenshot({ path: file });
  } finally {
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  }
  return file;
}

/** Splits CSV text into rows of cells (RFC 4180: quoted cells, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

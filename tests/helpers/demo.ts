/**
 * Browser tests against the demo seed: the app with the Plivo simulator and `TEXTING_SEED_DEMO`, its admin logged
 * in through the API (a token for checking what the server holds) and in a Chromium page.
 */
import type { Browser, Page } from 'playwright-core';
import { login } from './admin';
import { adminLogin, browserTestsBlocker, launchBrowser, newPage } from './browser';
import { startAppWithSimulator, type PlivoApp } from './plivo';

export const DEMO = { email: 'admin@texting.local', password: 'Texting-Demo-2026' };

/**
 * `describe` for browser tests: skipped with a warning when Chromium or the admin build is missing, except in CI,
 * where that is a failure, not a silent skip.
 */
export function describeWithBrowser(): jest.Describe {
  const blocker = browserTestsBlocker();
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (blocker && !ci) console.warn(`Skipping the browser tests: ${blocker}`);
  if (blocker && ci) test('browser tests can run', () => expect(blocker).toBeNull());
  return blocker ? describe.skip : describe;
}

export interface DemoSession {
  env: PlivoApp;
  browser: Browser;
  page: Page;
  /** GET with the demo admin's token. */
  api: (path: string) => ReturnType<ReturnType<PlivoApp['app']['http']>['get']>;
  stop: () => Promise<void>;
}

export async function startDemoSession(): Promise<DemoSession> {
  const env = await startAppWithSimulator({ TEXTING_SEED_DEMO: 'true' });
  const token = await login(env.app, DEMO.email, DEMO.password);
  const browser = await launchBrowser();
  const page = await newPage(browser);
  await adminLogin(page, env.app, DEMO.email, DEMO.password);
  return {
    env,
    browser,
    page,
    api: (path) => env.app.http().get(path).set('Authorization', `Bearer ${token}`),
    stop: async () => {
      await browser.close();
      await env.stop();
    },
  };
}

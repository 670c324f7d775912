/**
 * The set-up the browser suites on the app and the Plivo simulator share: start both, seed, open Chromium
 * signed in, and close everything after the suite.
 */
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from './admin';
import { adminLogin, launchBrowser, newPage } from './browser';
import { startAppWithSimulator, type PlivoApp } from './plivo';

/** Filled in by the suite's `beforeAll`: read it inside tests, not when the suite is declared. */
export interface BrowserSuite {
  env: PlivoApp;
  browser: Browser;
  page: Page;
}

/**
 * Registers the suite's `beforeAll`/`afterAll`: the app with the simulator (`appEnv` overrides settings), then
 * `seed(env)`, which answers the email of the admin (password `PASSWORD`) the page signs in as.
 */
export function browserSuite(appEnv: Record<string, string>, seed: (env: PlivoApp) => Promise<string>): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.env = await startAppWithSimulator(appEnv);
    const email = await seed(suite.env);
    suite.browser = await launchBrowser();
    suite.page = await newPage(suite.browser);
    await adminLogin(suite.page, suite.env.app, email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.env?.stop();
  });
  return suite;
}

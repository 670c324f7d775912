/**
 * Issue 11 in real Chromium: a campaign's recipients are paged (and searched) on its page, and a long
 * conversation opens on its newest texts with "Load older messages". Screenshots go to .tmp/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { createSuperAdmin, PASSWORD, superAdminSession } from '../helpers/admin';
import { adminLogin, browserTestsBlocker, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { makeNumber, makeOffice, text } from '../helpers/inbound';
import { createCampaign, minutesFromNow } from '../helpers/campaigns';

const blocker = browserTestsBlocker();
if (blocker) console.warn(`Skipping the browser tests: ${blocker}`);
const describeBrowser = blocker ? describe.skip : describe;

describeBrowser('capacity: paged recipients, older messages', () => {
  let env: PlivoApp;
  let browser: Browser;
  let page: Page;
  let campaign: string;

  beforeAll(async () => {
    env = await startAppWithSimulator();
    const s = env.app.strapi;
    const office = await makeOffice(s, 'Admissions', { timezone: 'America/New_York', quietHoursStart: 0, quietHoursEnd: 24 });
    const line = await makeNumber(s, env.sim, '+14155550300', office, { responseType: 'agent', inboxOffices: [office] });
    for (let i = 1; i <= 60; i++) await text(env.sim, { from: '+16175550301', to: line.phoneNumber, text: `Message number ${i}` });
    const { auth } = await superAdminSession(env.app);
    const { data } = await createCampaign(
      { http: () => env.app.http(), auth },
      {
        name: 'Fall visit',
        office: office.documentId,
        phoneNumber: line.documentId,
        message: 'Visit day is Friday!',
        sendAt: minutesFromNow(60),
        archiveAt: minutesFromNow(120),
        responseType: 'bot',
        recipients: Array.from({ length: 60 }, (_, i) => ({ phoneNumber: `+1617200${String(1000 + i)}`, name: `Student ${i + 1}` })),
      }
    );
    campaign = data.documentId;
    const admin = await createSuperAdmin(s);
    browser = await launchBrowser();
    page = await newPage(browser);
    await adminLogin(page, env.app, admin.email, PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('pages and searches a campaign\'s recipients', async () => {
    const firstPage = page.waitForResponse((r) => new URL(r.url()).pathname === `/texting/campaigns/${campaign}/recipients`);
    await page.goto(`${env.app.url}/admin/plugins/texting/campaigns/${campaign}`);
    expect((await firstPage).status()).toBe(200);
    const table = page.getByTestId('campaign-recipients');
    await table.getByText('Student 25', { exact: true }).waitFor();
    expect(await table.getByText('Student 26', { exact: true }).count()).toBe(0);
    await table.getByText('1–25 of 60 recipients').waitFor();
    await screenshot(page, 'capacity-recipients');

    await table.getByRole('button', { name: 'Next page' }).click();
    await table.getByText('Student 26', { exact: true }).waitFor();
    await table.getByText('26–50 of 60 recipients').waitFor();

    await table.getByRole('searchbox').fill('Student 59');
    await table.getByText('Student 59', { exact: true }).waitFor();
    await waitRows(page, 1);
  });

  it('opens a conversation on its newest texts and loads older ones', async () => {
    await page.goto(`${env.app.url}/admin/plugins/texting/inbox`);
    await page.locator('[data-conversation]').first().click();
    const thread = page.getByTestId('thread');
    await thread.getByText('Message number 60', { exact: true }).waitFor();
    await thread.getByText('Message number 11', { exact: true }).waitFor();
    expect(await thread.getByText('Message number 10', { exact: true }).count()).toBe(0);

    await thread.getByRole('button', { name: 'Load older messages' }).click();
    await thread.getByText('Message number 1', { exact: true }).waitFor();
    await thread.getByText('This is the start of the conversation.').waitFor();
    expect(await thread.getByText(/^Message number \d+$/).count()).toBe(60);
    await screenshot(page, 'capacity-older-messages');
  });
});

/** The recipients table shows this many rows (header excluded). */
async function waitRows(page: Page, n: number) {
  const rows = page.getByTestId('campaign-recipients').locator('tbody tr');
  for (let i = 0; i < 100 && (await rows.count()) !== n; i++) await page.waitForTimeout(50);
  expect(await rows.count()).toBe(n);
}

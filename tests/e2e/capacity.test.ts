/**
 * Issue 11 in real Chromium: a campaign's recipients are paged (and searched) on its page, and a long
 * conversation opens on its newest texts with "Load older messages". Screenshots go to .tmp/screenshots.
 */
import type { Page } from 'playwright-core';
import { createSuperAdmin, superAdminSession } from '../helpers/admin';
import { screenshot } from '../helpers/browser';
import { browserSuite } from '../helpers/browser-suite';
import { describeWithBrowser } from '../helpers/demo';
import { makeNumber, makeOffice, text } from '../helpers/inbound';
import { createCampaign, minutesFromNow } from '../helpers/campaigns';

const describeBrowser = describeWithBrowser();

describeBrowser('capacity: paged recipients, older messages', () => {
  let campaign: string;

  const suite = browserSuite({}, async (env) => {
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
    return admin.email;
  });

  it('pages and searches a campaign\'s recipients', async () => {
    const firstPage = suite.page.waitForResponse((r) => new URL(r.url()).pathname === `/texting/campaigns/${campaign}/recipients`);
    await suite.page.goto(`${suite.env.app.url}/admin/plugins/texting/campaigns/${campaign}`);
    expect((await firstPage).status()).toBe(200);
    const table = suite.page.getByTestId('campaign-recipients');
    await table.getByText('Student 25', { exact: true }).waitFor();
    expect(await table.getByText('Student 26', { exact: true }).count()).toBe(0);
    await table.getByText('1–25 of 60 recipients').waitFor();
    await screenshot(suite.page, 'capacity-recipients');

    await table.getByRole('button', { name: 'Next page' }).click();
    await table.getByText('Student 26', { exact: true }).waitFor();
    await table.getByText('26–50 of 60 recipients').waitFor();

    await table.getByRole('searchbox').fill('Student 59');
    await table.getByText('Student 59', { exact: true }).waitFor();
    await waitRows(suite.page, 1);
  });

  it('opens a conversation on its newest texts and loads older ones', async () => {
    await suite.page.goto(`${suite.env.app.url}/admin/plugins/texting/inbox`);
    await suite.page.locator('[data-conversation]').first().click();
    const thread = suite.page.getByTestId('thread');
    await thread.getByText('Message number 60', { exact: true }).waitFor();
    await thread.getByText('Message number 11', { exact: true }).waitFor();
    expect(await thread.getByText('Message number 10', { exact: true }).count()).toBe(0);

    await thread.getByRole('button', { name: 'Load older messages' }).click();
    await thread.getByText('Message number 1', { exact: true }).waitFor();
    await thread.getByText('This is the start of the conversation.').waitFor();
    expect(await thread.getByText(/^Message number \d+$/).count()).toBe(60);
    await screenshot(suite.page, 'capacity-older-messages');
  });
});

/** The recipients table shows this many rows (header excluded). */
async function waitRows(page: Page, n: number) {
  const rows = page.getByTestId('campaign-recipients').locator('tbody tr');
  for (let i = 0; i < 100 && (await rows.count()) !== n; i++) await page.waitForTimeout(50);
  expect(await rows.count()).toBe(n);
}

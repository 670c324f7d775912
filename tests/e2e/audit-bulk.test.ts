/**
 * Issue 13, items 3-5 in Chromium against the demo seed: the impact dialogs (delete, archive), a bulk reassign
 * with a refused row, the Released numbers view, and the opt-out log's CSV export.
 */
import fs from 'fs';
import type { Page } from 'playwright-core';
import { parseCsv, screenshot } from '../helpers/browser';
import { describeWithBrowser, startDemoSession, type DemoSession } from '../helpers/demo';
import { text } from '../helpers/inbound';

// Seeded numbers (server/src/seed/demo.ts): number i is +1<area of office i%5>555<1000 + 37 i>.
// #10: draft "Orientation Welcome", nothing scheduled or active; the demo traffic (seed/activity.ts) left one open
// conversation on it ("Are walk-on tryouts open for soccer?").
const DRAFT_ONLY = '+16175551370';
const describeBrowser = describeWithBrowser();

describeBrowser('Impact, bulk actions and audit (Chromium)', () => {
  let session: DemoSession;
  let page: Page;
  const url = (path: string) => `${session.env.app.url}/admin/plugins/texting${path}`;
  const api = (path: string) => session.api(path);
  const byNumber = async (e164: string) => {
    const res = await api(`/texting/phone-numbers?q=${encodeURIComponent(e164)}`);
    return (res.body.data as Array<{ documentId: string; phoneNumber: string }>).find((r) => r.phoneNumber === e164)!;
  };
  const settled = () => page.locator('main[aria-busy="false"]').waitFor();

  beforeAll(async () => {
    session = await startDemoSession();
    page = session.page;
  }, 180_000);
  afterAll(() => session?.stop());

  test('the delete dialog lists the draft campaign and the open conversations, and what happens to each', async () => {
    await text(session.env.sim, { from: '+16175550711', to: DRAFT_ONLY, text: 'Is the fair still on?' });
    const n = await byNumber(DRAFT_ONLY);
    await page.goto(url(`?_q=${DRAFT_ONLY.slice(2)}`));
    await page.locator(`main tbody tr[data-row="${n.documentId}"]`).waitFor();
    await page.getByRole('button', { name: 'Delete (617) 555-1370' }).click();
    const dialog = page.getByRole('alertdialog');
    const impact = dialog.getByTestId('impact');
    await impact.waitFor();
    await impact.getByText('Campaign “Orientation Welcome” (Draft): stays as a draft without a number').waitFor();
    // The seeded conversation and the one this text opened.
    await impact.getByText('2 open conversations: kept and readable, but replies can no longer be sent from this number').waitFor();
    await screenshot(page, 'impact-delete');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await byNumber(DRAFT_ONLY)).documentId).toBe(n.documentId);
  });

  test('moving a number to another office first lists the campaigns and inboxes it affects', async () => {
    const n = await byNumber(DRAFT_ONLY);
    await page.goto(url(`/numbers/${n.documentId}`));
    await page.getByRole('combobox', { name: /Campus\/Office/ }).click();
    await page.getByRole('option', { name: 'Graduate Admissions' }).first().click();
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('alertdialog');
    const impact = dialog.getByTestId('impact');
    await impact.getByText('Move this number from Undergraduate Admissions to Graduate Admissions?').waitFor();
    await impact.getByText('Campaign “Orientation Welcome” (Draft): stays with the old office and can no longer use this number').waitFor();
    await impact
      .getByText('Inboxes outside Graduate Admissions: Undergraduate Admissions — they keep receiving unsolicited texts until you change them')
      .waitFor();
    await screenshot(page, 'impact-move');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const after = await api(`/texting/phone-numbers/${n.documentId}`);
    expect(after.body.data.office.name).toBe('Undergraduate Admissions');
  });

  test('the archive dialog says how many texts will not go out', async () => {
    const list = await api('/texting/campaigns?q=Spring%20Open%20House');
    const campaign = list.body.data[0] as { documentId: string };
    const recipients = ['+16175550721', '+16175550722'].map((phoneNumber) => ({ phoneNumber }));
    await session.env.app.strapi.db.query('plugin::texting.campaign').update({ where: { documentId: campaign.documentId }, data: { recipients, recipientCount: 2 } });
    await page.goto(url(`/campaigns/${campaign.documentId}`));
    await page.getByRole('button', { name: 'Archive' }).click();
    const impact = page.getByRole('alertdialog').getByTestId('archive-impact');
    await impact.getByText('2 texts are not sent yet and will not go out.').waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await api(`/texting/campaigns/${campaign.documentId}`)).body.data.status).toBe('scheduled');
  });

  test('a bulk reassign moves the free numbers and reports the one an active campaign holds', async () => {
    await page.goto(url('?_q=Financial'));
    await settled();
    const rows = page.locator('main tbody tr[data-row]');
    await rows.first().waitFor();
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.row!));
    expect(ids).toHaveLength(8);
    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByTestId('bulk-bar').waitFor();
    expect(await page.locator('main tbody [role="checkbox"][data-state="checked"]').count()).toBe(8);
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Reassign' }).click();
    await page.getByRole('combobox', { name: 'New office' }).click();
    await page.getByRole('option', { name: 'Athletics' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reassign' }).click();

    const result = page.getByTestId('bulk-result');
    await result.waitFor();
    await page.getByRole('heading', { name: '7 done, 1 refused' }).waitFor();
    const refused = result.locator('tr[data-result="refused"]');
    expect(await refused.count()).toBe(1);
    expect(await refused.innerText()).toMatch(/FAFSA Deadline Reminder.*cannot move to another office/s);
    expect(await result.locator('tr[data-result="done"]').count()).toBe(7);
    await screenshot(page, 'bulk-reassign-result');

    const athletics = await api(`/texting/phone-numbers?q=Financial&pageSize=50`);
    const offices = (athletics.body.data as Array<{ office: { name: string } }>).map((r) => r.office.name).sort();
    expect(offices).toEqual([...Array(7).fill('Athletics'), 'Financial Aid'].sort());
  });

  test('the Released numbers view lists a released number with its history', async () => {
    await page.goto(url('/numbers/released'));
    await page.getByRole('heading', { name: 'Released numbers' }).waitFor();
    const row = page.locator('main tbody tr[data-row]').filter({ has: page.locator('[data-e164="+16175559001"]') });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Undergraduate Fair 2026[\s\S]*Undergraduate Admissions/);
    await row.getByRole('button', { name: 'History' }).click();
    const history = page.getByTestId('released-history');
    await history.getByText('Released', { exact: true }).waitFor();
    expect(await history.innerText()).toMatch(/Edited[\s\S]*Undergraduate Spring fair → Undergraduate Fair 2026/);
    await screenshot(page, 'released-numbers-history');
  });

  test('an opt-out recorded from the inbox thread shows in the contact’s log, reached from the thread', async () => {
    await page.goto(url('/inbox'));
    await page.locator('[data-conversation]').filter({ hasText: 'Is the fair still on?' }).first().click();
    const thread = page.getByTestId('thread');
    await thread.getByText('Is the fair still on?').waitFor();
    await thread.getByRole('button', { name: 'Record opt-out' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('textbox', { name: 'Note (how they asked)' }).fill('Called the office');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await thread.getByText('Opted out', { exact: true }).waitFor();
    await thread.getByRole('button', { name: 'Record opt-in' }).waitFor();

    await thread.getByRole('link', { name: 'Opt-out log' }).click();
    await page.getByRole('heading', { name: 'Opt-out log of (617) 555-0711' }).waitFor();
    const rows = page.locator('main tbody tr[data-row]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td[data-col]').allInnerTexts();
    expect(cells.slice(1).map((c) => c.trim())).toEqual(['(617) 555-0711', 'OPTED OUT', 'Admin', 'Called the office', '(617) 555-1370', 'Undergraduate Admissions', 'Demo Admin']);
    await screenshot(page, 'opt-out-log-contact');
  });

  test('the opt-out log exports a CSV whose cells say who opted out, how and when', async () => {
    await text(session.env.sim, { from: '+16175550733', to: DRAFT_ONLY, text: 'STOP' });
    await page.goto(url('/opt-outs'));
    await page.getByRole('heading', { name: 'Opt-out log' }).waitFor();
    await page.locator('main tbody tr[data-row]').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-opt-outs').click()]);
    expect(download.suggestedFilename()).toMatch(/^opt-out-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = parseCsv(fs.readFileSync((await download.path())!, 'utf8')).filter((r) => r.some((c) => c !== ''));
    expect(csv[0]).toEqual(['Time (UTC)', 'Contact', 'Change', 'Source', 'Detail', 'Our number', 'Office', 'By']);
    const line = csv.find((r) => r[1] === '+16175550733');
    expect(line?.slice(1)).toEqual(['+16175550733', 'Opted out', 'Keyword', 'STOP', DRAFT_ONLY, 'Undergraduate Admissions', '']);
    expect(new Date(line![0]).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
  });
});

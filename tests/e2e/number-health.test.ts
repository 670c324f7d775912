/**
 * Issue 13, item 1 in Chromium: the number's health card, the list's "Needs attention" filter and its column
 * picker (optional Last inbound / Delivery rate columns, kept across reloads, sortable). Texts are seeded with
 * known counts, so every figure on screen is known.
 */
import type { Page } from 'playwright-core';
import { createSuperAdmin } from '../helpers/admin';
import { browserSuite } from '../helpers/browser-suite';
import { screenshot } from '../helpers/browser';
import { describeWithBrowser } from '../helpers/demo';
import { fixtures, type NumberDoc } from '../helpers/fixtures';
import { daysAgo, insertTexts, sent as out, times } from '../helpers/messages';

const describeBrowser = describeWithBrowser();
const CONTACT = (i: number) => `+1617555${String(2000 + i).padStart(4, '0')}`;

let numbers: Record<'busy' | 'broken' | 'fine', NumberDoc>;


describeBrowser('Number health (Chromium)', () => {
  const suite = browserSuite({}, async (env) => {
    const { strapi } = env.app;
    const fx = fixtures(strapi);
    const office = await fx.office({ name: 'Health office' });
    numbers = {
      busy: await fx.number({ phoneNumber: '+12025550801', name: 'Busy line', office: office.documentId }),
      broken: await fx.number({ phoneNumber: '+12025550802', name: 'Broken line', office: office.documentId, providerStatus: 'release_failed' }),
      fine: await fx.number({ phoneNumber: '+12025550803', name: 'Fine line', office: office.documentId }),
    };
    const busy = numbers.busy.phoneNumber;
    await insertTexts(strapi, [
      // 7 days: 40 out, 30 delivered, 6 undelivered (30), 1 failed (200); 30 days adds 10 delivered.
      ...times(30, out(busy, 'delivered', daysAgo(2))),
      ...times(6, out(busy, 'undelivered', daysAgo(1), '30')),
      out(busy, 'failed', 5, '200'),
      ...times(3, out(busy, 'sent', 1)),
      ...times(10, out(busy, 'delivered', daysAgo(20))),
      { direction: 'inbound', from: CONTACT(1), to: busy, body: 'Hello?', hoursAgo: 4 },
      { direction: 'inbound', from: CONTACT(1), to: busy, body: 'Stop', hoursAgo: 3 },
      ...times(25, out(numbers.fine.phoneNumber, 'delivered', daysAgo(1))),
    ]);
    await strapi.plugin('texting').service('numbers').refreshWeekStats();
    // Routing keeps the number's last inbound time (to the minute); these texts were written around it.
    const lastInbound = Date.now() - 3 * 3600 * 1000;
    await strapi.db.connection(strapi.db.metadata.get('plugin::texting.phone-number').tableName)
      .where({ document_id: numbers.busy.documentId })
      .update({ last_inbound_at: strapi.db.dialect.client === 'postgres' ? new Date(lastInbound) : lastInbound });
    const user = await createSuperAdmin(strapi, 'health.e2e@test.local');
    return user.email;
  });

  const listUrl = (search = '') => `${suite.env.app.url}/admin/plugins/texting${search}`;
  const headers = (page: Page) => page.$$eval('main thead th', (ths) => ths.map((th) => (th as HTMLElement).innerText.trim().toLowerCase()).filter(Boolean));
  const rowNames = (page: Page) => page.$$eval('main tbody tr[data-row] td[data-col="name"]', (tds) => tds.map((td) => (td as HTMLElement).innerText.trim()));

  async function openList(page: Page, search = '') {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/texting/phone-numbers');
    await page.goto(listUrl(search));
    expect((await answered).status()).toBe(200);
    await page.locator('main[aria-busy="false"]').waitFor();
  }

  test('the number page shows its health over 7 and 30 days, and why it needs attention', async () => {
    const { page } = suite;
    await page.goto(`${suite.env.app.url}/admin/plugins/texting/numbers/${numbers.busy.documentId}`);
    const card = page.getByTestId('health');
    await card.getByRole('heading', { name: 'Health' }).waitFor();
    const cell = (metric: string, days: number) => card.locator(`td[data-metric="${metric}"][data-days="${days}"]`);
    await cell('outbound', 7).filter({ hasText: /^40$/ }).waitFor();
    expect(await cell('outbound', 30).innerText()).toBe('50');
    expect(await cell('inbound', 7).innerText()).toBe('2');
    // 30 of 37 with an outcome; 40 of 47 over 30 days.
    expect(await cell('deliveryRate', 7).innerText()).toBe('81.1%');
    expect(await cell('deliveryRate', 30).innerText()).toBe('85.1%');
    expect(await cell('failures', 7).innerText()).toBe('error 30: 6, error 200: 1');
    expect(await cell('optOuts', 7).innerText()).toBe('1');
    await card.getByText('Last 7 days').waitFor();
    await card.getByText(/^Last text received /).waitFor();
    const attention = card.getByTestId('health-attention');
    await attention.getByText('Delivery rate below 90 % over 7 days').waitFor();
    await screenshot(page, 'number-health-card');

    await page.goto(`${suite.env.app.url}/admin/plugins/texting/numbers/${numbers.fine.documentId}`);
    await page.getByTestId('health').locator('td[data-metric="deliveryRate"][data-days="7"]').filter({ hasText: '100%' }).waitFor();
    expect(await page.getByTestId('health-attention').count()).toBe(0);
  });

  test('"Needs attention" filters the list to the numbers with a reason, each with a badge that says why', async () => {
    const { page } = suite;
    await openList(page);
    expect((await rowNames(page)).sort()).toEqual(['Broken line', 'Busy line', 'Fine line']);
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByRole('combobox', { name: 'Select field' }).click();
    await page.getByRole('option', { name: 'Needs attention' }).click();
    await page.getByRole('combobox', { name: 'Needs attention' }).click();
    await page.getByRole('option', { name: 'Yes' }).click();
    const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('needsAttention') === 'true');
    await page.getByRole('button', { name: 'Add filter' }).click();
    expect((await answered).status()).toBe(200);
    await page.getByText('Needs attention is Yes').waitFor();
    await page.locator('main[aria-busy="false"]').waitFor();
    expect((await rowNames(page)).sort()).toEqual(['Broken line', 'Busy line']);
    await page.getByText('2 numbers found').waitFor();
    const badge = (id: string) => page.locator(`tr[data-row="${id}"] [data-attention]`);
    expect(await badge(numbers.busy.documentId).getAttribute('data-attention')).toBe('low_delivery_rate');
    expect(await badge(numbers.broken.documentId).getAttribute('data-attention')).toBe('release_failed');
    await badge(numbers.busy.documentId).hover();
    await page.getByRole('tooltip').filter({ hasText: 'Delivery rate below 90 % over 7 days' }).first().waitFor();
    await screenshot(page, 'number-health-needs-attention');
  });

  test('the column picker adds Last inbound and Delivery rate (kept after a reload), which sort', async () => {
    const { page } = suite;
    await page.evaluate(() => window.localStorage.clear());
    await openList(page);
    expect(await headers(page)).not.toContain('delivery rate (7 days)');
    expect(await headers(page)).toContain('description');

    await page.getByTestId('column-picker').click();
    await page.getByRole('checkbox', { name: 'Delivery rate (7 days)' }).click();
    await page.getByRole('checkbox', { name: 'Last inbound' }).click();
    await page.getByRole('checkbox', { name: 'Description' }).click();
    await page.keyboard.press('Escape');
    let shown = await headers(page);
    expect(shown).toContain('delivery rate (7 days)');
    expect(shown).toContain('last inbound');
    expect(shown).not.toContain('description');
    const rate = (id: string) => page.locator(`tr[data-row="${id}"] td[data-col="deliveryRate7d"]`).innerText();
    expect(await rate(numbers.busy.documentId)).toBe('81.1%');
    expect(await rate(numbers.fine.documentId)).toBe('100%');
    expect(await rate(numbers.broken.documentId)).toBe('-');
    const lastInbound = (id: string) => page.locator(`tr[data-row="${id}"] td[data-col="lastInboundAt"]`).innerText();
    expect(await lastInbound(numbers.fine.documentId)).toBe('-');
    expect(await lastInbound(numbers.busy.documentId)).toMatch(/\d{4}/);

    // Kept across a reload (per user, in this browser).
    await openList(page);
    shown = await headers(page);
    expect(shown).toContain('delivery rate (7 days)');
    expect(shown).not.toContain('description');

    // Sortable: lowest rate first, numbers without a rate last.
    const sorted = page.waitForResponse((r) => new URL(r.url()).searchParams.get('sort') === 'deliveryRate7d:asc');
    await page.locator('main thead th').filter({ hasText: /^Delivery rate \(7 days\)$/i }).click();
    expect((await sorted).status()).toBe(200);
    await page.locator('main[aria-busy="false"]').waitFor();
    expect(await rowNames(page)).toEqual(['Busy line', 'Fine line', 'Broken line']);
    await screenshot(page, 'number-health-columns');

    // Reset: back to the page's default columns.
    await page.getByTestId('column-picker').click();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.keyboard.press('Escape');
    shown = await headers(page);
    expect(shown).not.toContain('delivery rate (7 days)');
    expect(shown).toContain('description');
  });
});

/**
 * Texting → Provider and Notifications in real Chromium (issue 13): the page shows the Plivo account's balance,
 * the last sync, a pending number and an unmanaged one; an unmanaged number is imported into an office through the
 * form; "Activate now" makes a notification appear, with the unread count on the Notifications link; Test routing
 * on a number's page is a dry run.
 * Screenshots go to .tmp/screenshots.
 */
import { superAdminSession } from '../helpers/admin';
import { screenshot } from '../helpers/browser';
import { browserSuite } from '../helpers/browser-suite';
import { describeWithBrowser } from '../helpers/demo';
import { fixtures } from '../helpers/fixtures';
import { PLIVO_APP_ID } from '../helpers/plivo';

const describeBrowser = describeWithBrowser();
const PENDING = '+14155550801';
const UNMANAGED = '+14155550802';

describeBrowser('Provider page and notifications (Chromium)', () => {
  const suite = browserSuite({}, async (env) => {
    const session = await superAdminSession(env.app);
    const fx = fixtures(env.app.strapi);
    const office = await fx.office({ name: 'North campus' });
    await fx.number({ phoneNumber: PENDING, office: office.documentId, name: 'North pending', providerStatus: 'pending' });
    env.sim.rent(PENDING, { appId: PLIVO_APP_ID, activated: false });
    env.sim.rent(UNMANAGED, { appId: 'console-app', activated: true });
    await env.app.strapi.plugin('texting').service('provisioning').sync();
    return session.user.email;
  });

  it('shows the balance, the last sync, the pending number and the unmanaged one', async () => {
    const { page, env } = suite;
    await page.goto(`${env.app.url}/admin/plugins/texting/provider`);
    await page.getByTestId('provider-balance').getByText('Balance: $100.00').waitFor();
    await page.getByText(/^Last sync: /).waitFor();
    await page.getByTestId('provider-pending').getByText('(415) 555-0801').waitFor();
    await page.getByTestId('provider-unmanaged').getByText('(415) 555-0802').waitFor();
    await page.getByTestId('provider-missing').getByText('Every number here is on the Plivo account.').waitFor();
    await screenshot(page, 'provider-page');
  });

  it('imports the unmanaged number into an office through the form', async () => {
    const { page, env } = suite;
    await page.getByTestId('provider-unmanaged').getByRole('button', { name: 'Import into an office' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Console line');
    await dialog.getByRole('combobox', { name: /Campus\/Office/ }).click();
    await page.getByRole('option', { name: 'North campus' }).first().click();
    await screenshot(page, 'provider-import');
    const created = page.waitForResponse((r) => r.url().endsWith('/texting/provider/unmanaged/import'));
    await dialog.getByRole('button', { name: 'Import into an office' }).click();
    expect((await created).status()).toBe(201);
    await page.getByText('(415) 555-0802 is now managed here.').waitFor();
    await page.getByText('The last sync found no number on the Plivo account that is not managed here.').waitFor();
    const row = await env.app.strapi.db.query('plugin::texting.phone-number').findOne({ where: { phoneNumber: UNMANAGED }, populate: ['office'] });
    expect(row).toMatchObject({ name: 'Console line', providerStatus: 'active', responseType: 'bot', office: { name: 'North campus' } });
    expect(env.sim.state.getRented(UNMANAGED.slice(1))?.appId).toBe(PLIVO_APP_ID);
  });

  it('"Activate now" makes a notification appear, counted on the Notifications link until read', async () => {
    const { page } = suite;
    const nav = page.getByRole('navigation', { name: 'Texting' });
    await expect(nav.getByTestId('unread-count').count()).resolves.toBe(0);
    await page.getByTestId('provider-pending').getByRole('button', { name: 'Activate now' }).click();
    await page.getByText('(415) 555-0801 is active.').waitFor();
    await nav.getByTestId('unread-count').getByText('1', { exact: true }).waitFor();

    await nav.getByRole('link', { name: /Notifications/ }).click();
    const row = page.getByTestId('notification-row').filter({ hasText: '(415) 555-0801 is active: it can send and receive texts.' });
    await row.waitFor();
    await expect(row.getAttribute('data-read')).resolves.toBe('false');
    await row.getByText('New', { exact: true }).waitFor();
    await screenshot(page, 'notifications');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.locator('[data-testid="notification-row"][data-read="true"]').waitFor();
    await nav.getByTestId('unread-count').waitFor({ state: 'detached' });
  });

  it("Test routing on the imported number's page is a dry run: the bot's reply is shown, nothing is stored or sent", async () => {
    const { page, env } = suite;
    const row = (await env.app.strapi.db.query('plugin::texting.phone-number').findOne({ where: { phoneNumber: UNMANAGED } })) as { documentId: string };
    const before = { messages: await env.app.strapi.db.query('plugin::texting.message').count({}), requests: env.sim.requests().length };
    await page.goto(`${env.app.url}/admin/plugins/texting/numbers/${row.documentId}`);
    const card = page.getByTestId('test-routing-card');
    await card.getByRole('button', { name: 'Try it' }).click();
    const result = card.getByTestId('test-routing-result');
    await result.getByText('Bot · North campus').waitFor();
    await result.getByTestId('test-routing-reply').waitFor();
    await result.getByText(/Dry run from \+12025550199: nothing was stored or sent\./).waitFor();
    await screenshot(page, 'test-routing-dry-run');
    expect(await env.app.strapi.db.query('plugin::texting.message').count({})).toBe(before.messages);
    expect(env.sim.requests().length).toBe(before.requests);
  });
});

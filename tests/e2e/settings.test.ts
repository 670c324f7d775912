/**
 * Settings → Texting in real Chromium, against the built admin: offices (create with a send window, a bad
 * time zone refused in the form, delete refused while the office has numbers), agents (an admin user and
 * offices), bot answers (add one, then "Try the bot", which stores nothing). Screenshots go to .tmp/screenshots.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { PASSWORD, createSuperAdmin, createUser } from '../helpers/admin';
import { adminLogin, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { startApp, type TestApp } from '../helpers/app';
import { fixtures } from '../helpers/fixtures';
import { describeWithBrowser } from '../helpers/demo';

const describeBrowser = describeWithBrowser();

describeBrowser('Settings → Texting', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const settings = (path: string) => `${app.url}/admin/settings/texting/${path}`;
  const office = (name: string) => app.strapi.db.query('plugin::texting.office').findOne({ where: { name } });
  /** Opens one Settings → Texting page and waits for its heading. */
  const openSettingsPage = async (path: string, heading: string) => {
    await page.goto(settings(path));
    await page.getByRole('heading', { name: heading }).waitFor();
  };
  /** Clicks the page's Add button; the form it opens, by its accessible name. */
  const openAddForm = async (button: string, formName: string) => {
    await page.getByRole('button', { name: button }).first().click();
    return page.getByRole('form', { name: formName });
  };
  /** Saves a new row: the form's Save sends POST `path`, which answers 201. */
  const saveNew = async (form: Locator, path: string) => {
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(201);
  };

  beforeAll(async () => {
    app = await startApp();
    const admin = await createSuperAdmin(app.strapi, 'settings.e2e@test.local');
    await createUser(app.strapi, 'counsellor.e2e@test.local', []);
    const fx = fixtures(app.strapi);
    const busy = await fx.office({ name: 'Busy Office' });
    await fx.number({ office: busy.documentId, phoneNumber: '+12025550888' });
    browser = await launchBrowser();
    page = await newPage(browser);
    await adminLogin(page, app, admin.email, PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the Texting section in Settings with its three pages', async () => {
    await page.goto(`${app.url}/admin/settings`);
    for (const name of ['Offices', 'Agents', 'Bot answers']) {
      await page.getByRole('link', { name, exact: true }).first().waitFor();
    }
  });

  it('creates an office with a send window, refusing a bad time zone in the form', async () => {
    await openSettingsPage('offices', 'Offices');
    const form = await openAddForm('Add an office', 'Office');
    await form.getByLabel('Name').fill('Registrar');
    await form.getByLabel('Time zone').fill('Mars/Olympus');
    await form.getByLabel('Campaign texts from').fill('08:30');
    await form.getByLabel('Campaign texts until').fill('20:00');
    await form.getByLabel('HELP reply').fill('Registrar: call 555-0100.');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('must be an IANA time zone such as America/New_York').waitFor();
    expect(await office('Registrar')).toBeNull();

    await form.getByLabel('Time zone').fill('America/Chicago');
    await saveNew(form, '/texting/offices');
    const row = page.locator('tr[data-office="Registrar"]');
    await row.getByText('08:30–20:00').waitFor();
    await row.getByText('America/Chicago').waitFor();
    const stored = await office('Registrar');
    expect([stored.timezone, stored.sendWindowStart, stored.sendWindowEnd, stored.helpText]).toEqual(['America/Chicago', 510, 1200, 'Registrar: call 555-0100.']);
    await screenshot(page, 'settings-offices');
  });

  it('refuses to delete an office that still has numbers, naming them', async () => {
    await page.locator('tr[data-office="Busy Office"]').getByRole('button', { name: 'Delete Busy Office' }).click();
    const answered = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    expect((await answered).status()).toBe(409);
    await page.getByText(/\+12025550888/).first().waitFor();
    expect(await office('Busy Office')).not.toBeNull();
  });

  it('creates an agent for an admin user and offices', async () => {
    await openSettingsPage('agents', 'Agents');
    const form = await openAddForm('Add an agent', 'Agent');
    await form.getByLabel('Display name').fill('Carla Gomez');
    await form.getByRole('combobox', { name: 'Admin user' }).click();
    await page.getByRole('option', { name: /counsellor\.e2e@test\.local/ }).click();
    await form.getByRole('combobox', { name: 'Offices' }).click();
    await page.getByRole('option', { name: 'Registrar' }).click();
    await page.keyboard.press('Escape');
    await saveNew(form, '/texting/agents');
    const row = page.locator('tr[data-agent="Carla Gomez"]');
    await row.getByText('counsellor.e2e@test.local').waitFor();
    await row.getByText('Registrar').waitFor();
    await screenshot(page, 'settings-agents');
  });

  it('adds a bot answer and tries the bot, which stores nothing', async () => {
    await openSettingsPage('bot-answers', 'Bot answers');
    await page.getByRole('combobox', { name: 'Office' }).click();
    await page.getByRole('option', { name: 'Registrar' }).click();
    const form = await openAddForm('Add an answer', 'Bot answer');
    await form.getByLabel('Question').fill('When is the registrar open?');
    await form.getByLabel('Keywords').fill('hours, open');
    await form.getByLabel('Answer').fill('Weekdays from 9 to 5.');
    await saveNew(form, '/texting/bot-answers');
    await page.locator('tr[data-answer="When is the registrar open?"]').waitFor();

    const messagesBefore = await app.strapi.db.query('plugin::texting.message').count({});
    const tryBox = page.getByRole('form', { name: 'Try the bot' });
    await tryBox.getByLabel('A text from a student').fill('is the registrar open today');
    await tryBox.getByRole('button', { name: 'Ask the bot' }).click();
    const preview = page.getByTestId('bot-preview');
    await preview.getByText('Weekdays from 9 to 5.').waitFor();
    await preview.getByText('Bot answer').waitFor();
    await tryBox.getByLabel('A text from a student').fill('HELP');
    await tryBox.getByRole('button', { name: 'Ask the bot' }).click();
    await preview.getByText('Registrar: call 555-0100.').waitFor();
    expect(await app.strapi.db.query('plugin::texting.message').count({})).toBe(messagesBefore);
    await screenshot(page, 'settings-bot-answers');
  });
});

/**
 * Settings → Texting in real Chromium, against the built admin: offices (create with a send window, a bad
 * time zone refused in the form, delete refused while the office has numbers), agents (an admin user and
 * offices), bot answers (add one, then "Try the bot", which stores nothing); each page's Edit (the form opens
 * with the row's values and saves with PUT) and Delete (after its confirmation). Screenshots go to .tmp/screenshots.
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
  /** Saves an edited row: the form's Save sends PUT `path/<documentId>`, which answers 200. */
  const saveEdit = async (form: Locator, path: string) => {
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith(`${path}/`) && r.request().method() === 'PUT');
    await form.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
  };
  /** Confirms the delete dialog; the DELETE's status. */
  const confirmDelete = async (title: string) => {
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(title).waitFor();
    const answered = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    return (await answered).status();
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

  it('edits an office from its row: the form holds its values, Save changes only what was changed', async () => {
    await page.locator('tr[data-office="Registrar"]').getByRole('button', { name: 'Edit Registrar' }).click();
    const form = page.getByRole('form', { name: 'Office' });
    await form.getByRole('heading', { name: 'Edit Registrar' }).waitFor();
    expect(await form.getByLabel('Time zone').inputValue()).toBe('America/Chicago');
    expect(await form.getByLabel('Campaign texts from').inputValue()).toBe('08:30');
    await form.getByLabel('Campaign texts until').fill('21:30');
    await saveEdit(form, '/texting/offices');
    await page.locator('tr[data-office="Registrar"]').getByText('08:30–21:30').waitFor();
    const stored = await office('Registrar');
    expect([stored.timezone, stored.sendWindowStart, stored.sendWindowEnd, stored.helpText]).toEqual(['America/Chicago', 510, 1290, 'Registrar: call 555-0100.']);
  });

  it('deletes an office that has nothing, after confirming', async () => {
    await fixtures(app.strapi).office({ name: 'Spare Office' });
    await page.reload();
    await page.locator('tr[data-office="Spare Office"]').getByRole('button', { name: 'Delete Spare Office' }).click();
    expect(await confirmDelete('Delete Spare Office?')).toBe(200);
    await page.locator('tr[data-office="Spare Office"]').waitFor({ state: 'detached' });
    expect(await office('Spare Office')).toBeNull();
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

  it('renames an agent from its row, keeping its user and offices', async () => {
    await page.locator('tr[data-agent="Carla Gomez"]').getByRole('button', { name: 'Edit Carla Gomez' }).click();
    const form = page.getByRole('form', { name: 'Agent' });
    await form.getByRole('heading', { name: 'Edit Carla Gomez' }).waitFor();
    await form.getByLabel('Display name').fill('Carla G.');
    await saveEdit(form, '/texting/agents');
    await page.locator('tr[data-agent="Carla G."]').getByText('Registrar').waitFor();
    const stored = await app.strapi.db
      .query('plugin::texting.agent')
      .findOne({ where: { name: 'Carla G.' }, populate: { user: { select: ['email'] }, offices: { select: ['name'] } } });
    expect([stored.user?.email, stored.offices.map((o: { name: string }) => o.name)]).toEqual(['counsellor.e2e@test.local', ['Registrar']]);
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

  it('edits a bot answer, then deletes it after confirming', async () => {
    const question = 'When is the registrar open?';
    const answer = () => app.strapi.db.query('plugin::texting.bot-answer').findOne({ where: { question } });
    await page.locator(`tr[data-answer="${question}"]`).getByRole('button', { name: `Edit "${question}"` }).click();
    const form = page.getByRole('form', { name: 'Bot answer' });
    expect(await form.getByLabel('Answer').inputValue()).toBe('Weekdays from 9 to 5.');
    await form.getByLabel('Answer').fill('Weekdays from 9 to 6.');
    await saveEdit(form, '/texting/bot-answers');
    await page.locator(`tr[data-answer="${question}"]`).getByText('Weekdays from 9 to 6.').waitFor();
    expect((await answer()).answer).toBe('Weekdays from 9 to 6.');

    await page.locator(`tr[data-answer="${question}"]`).getByRole('button', { name: `Delete "${question}"` }).click();
    expect(await confirmDelete('Delete this answer?')).toBe(200);
    await page.locator(`tr[data-answer="${question}"]`).waitFor({ state: 'detached' });
    expect(await answer()).toBeNull();
  });
});

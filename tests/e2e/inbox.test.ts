/**
 * Texting → Inbox in real Chromium, against the built admin and the Plivo simulator: an agent sees the
 * texts routed to her office's inbox (and not another office's), reads the thread, replies (the simulator
 * receives the text), and closes the conversation. Screenshots go to .tmp/screenshots.
 */
import { screenshot } from '../helpers/browser';
import { browserSuite } from '../helpers/browser-suite';
import { describeWithBrowser } from '../helpers/demo';
import { makeAgent, makeNumber, makeOffice, sentTo, text, waitFor, type AgentLogin } from '../helpers/inbound';

const describeBrowser = describeWithBrowser();

describeBrowser('Inbox page', () => {
  let ana: AgentLogin;

  const INBOX = () => `${suite.env.app.url}/admin/plugins/texting/inbox`;

  const suite = browserSuite({}, async (env) => {
    const s = env.app.strapi;
    const admissions = await makeOffice(s, 'Admissions');
    const finance = await makeOffice(s, 'Financial Aid');
    ana = await makeAgent(env.app, 'Ana Ruiz', [admissions], [
      'plugin::texting.numbers.read',
      'plugin::texting.inbox.read',
      'plugin::texting.inbox.reply',
    ]);
    const line = await makeNumber(s, env.sim, '+14155550300', admissions, { responseType: 'agent', inboxOffices: [admissions] });
    const other = await makeNumber(s, env.sim, '+14155550301', finance, { responseType: 'agent', inboxOffices: [finance] });
    await text(env.sim, { from: '+16175550301', to: line.phoneNumber, text: 'When does the campus tour start?' });
    await text(env.sim, { from: '+16175550302', to: other.phoneNumber, text: 'Financial aid question (not for Admissions)' });

    return ana.email;
  });

  it('lists only the conversations of the agent\'s inboxes', async () => {
    const listed = suite.page.waitForResponse((r) => new URL(r.url()).pathname === '/texting/conversations');
    await suite.page.goto(INBOX());
    expect((await listed).status()).toBe(200);
    const items = suite.page.locator('[data-conversation]');
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    await expect(items.first().innerText()).resolves.toMatch(/When does the campus tour start\?/);
    await expect(items.first().innerText()).resolves.toMatch(/Office · Admissions/i);
    expect(await suite.page.getByText('Financial aid question').count()).toBe(0);
    await screenshot(suite.page, 'inbox-list');
  });

  it('shows the thread, sends a reply through Plivo, and closes the conversation', async () => {
    await suite.page.locator('[data-conversation]').first().click();
    const thread = suite.page.getByTestId('thread');
    await thread.getByText('When does the campus tour start?').waitFor();
    expect(suite.page.url()).toMatch(/[?&]c=/);

    await thread.getByRole('textbox', { name: 'Reply' }).fill('Tours start at 10 am every Saturday.');
    const sent = suite.page.waitForResponse((r) => /\/texting\/conversations\/[^/]+\/messages$/.test(new URL(r.url()).pathname));
    await thread.getByRole('button', { name: 'Send' }).click();
    expect((await sent).status()).toBe(201);
    await thread.locator('[data-direction="outbound"]').getByText('Tours start at 10 am every Saturday.').waitFor();
    await waitFor(() => sentTo(suite.env.sim, '+16175550301').find((m) => m.text === 'Tours start at 10 am every Saturday.'));
    expect(sentTo(suite.env.sim, '+16175550301')[0].src).toBe('14155550300');
    await screenshot(suite.page, 'inbox-thread');

    // A new text from the contact shows up in the same thread.
    await text(suite.env.sim, { from: '+16175550301', to: '+14155550300', text: 'Great, thanks!' });
    await suite.page.getByRole('button', { name: 'Refresh' }).click();
    await suite.page.locator('[data-conversation]').first().getByText('Great, thanks!').waitFor();

    const closed = suite.page.waitForResponse((r) => /\/close$/.test(new URL(r.url()).pathname));
    await thread.getByRole('button', { name: 'Close' }).click();
    expect((await closed).status()).toBe(200);
    await suite.page.getByText('No conversations here.').waitFor();
  });
});

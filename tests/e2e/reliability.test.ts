/**
 * Sending health in real Chromium: while Plivo refuses every send (503) the Texting pages show
 * "Paused: Plivo unavailable since HH:MM — 503 Service Unavailable"; a campaign with failed texts shows
 * "Retry failed (N)", and clicking it queues them again. Screenshots go to .tmp/screenshots.
 */
import { superAdminSession } from '../helpers/admin';
import { screenshot } from '../helpers/browser';
import { browserSuite } from '../helpers/browser-suite';
import { describeWithBrowser } from '../helpers/demo';
import { makeOffice } from '../helpers/inbound';
import { campaignOnNewNumber, dispatcherService, outboxCounts, waitUntil } from '../helpers/campaigns';

const describeBrowser = describeWithBrowser();

describeBrowser('pause banner and Retry failed', () => {
  let campaign: string;

  const suite = browserSuite({ TEXTING_SEND_RATE: '0', TEXTING_BREAKER_FAILURES: '2', TEXTING_RETRY_BASE_MS: '50' }, async (env) => {
    const s = env.app.strapi;
    const session = await superAdminSession(env.app);
    const api = { http: () => env.app.http(), auth: session.auth };
    const office = await makeOffice(s, 'Admissions', { timezone: 'America/New_York', sendWindowStart: 0, sendWindowEnd: 1440 });
    campaign = await campaignOnNewNumber({ strapi: s, sim: env.sim, api }, office, '+14155550500', 4, 0, { activate: true, name: 'Visit day' });
    // Two texts refused for good (400), then every send 503: two failed rows, and the breaker pauses sending.
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 400, times: 2 });
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 503 });
    await waitUntil(async () => {
      await dispatcherService(s).drain();
      const res = await env.app.http().get('/texting/dispatch-status').set(session.auth);
      return res.body.data.paused === true;
    }, 20_000, 'paused');
    expect(await outboxCounts(s, campaign)).toMatchObject({ failed: 2 });

    return session.user.email;
  });

  it('shows the pause with its cause, time and reason on the campaign suite.page, and Retry failed queues the failed texts', async () => {
    await suite.page.goto(`${suite.env.app.url}/admin/plugins/texting/campaigns/${campaign}`);
    const banner = suite.page.getByText(/Paused: Plivo unavailable since \d{1,2}:\d{2}.* — 503 Service Unavailable/);
    await banner.waitFor();
    const retry = suite.page.getByRole('button', { name: 'Retry failed (2)' });
    await retry.waitFor();
    await screenshot(suite.page, 'reliability-paused-campaign');
    await retry.click();
    await suite.page.getByText('2 texts are queued again.').waitFor();
    // The two failed rows are queued again, beside the two that wait for Plivo to come back.
    expect(await outboxCounts(suite.env.app.strapi, campaign)).toEqual({ queued: 4 });
  });

  it('shows the banner on the other Texting pages too', async () => {
    await suite.page.goto(`${suite.env.app.url}/admin/plugins/texting/campaigns`);
    await suite.page.getByText(/Paused: Plivo unavailable since/).waitFor();
  });
});

/**
 * The dispatcher across processes:
 *  - on PostgreSQL (the production database for several instances), two Strapi instances (child processes)
 *    dispatch one 2,000-recipient campaign: the simulator gets exactly 2,000 texts, one per recipient;
 *  - a dispatcher killed with SIGKILL half-way and started again: every recipient gets the text exactly once;
 *    the rows the dead instance held are settled by asking the provider's message list (see docs/DECISIONS.md,
 *    "Exactly once after a crash: asking Plivo"). On PostgreSQL and on SQLite (both processes on one file).
 * The test's own Strapi (in-process) only prepares the campaign and starts it; it never dispatches.
 */
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { makeNumber, makeOffice, type Doc } from '../helpers/inbound';
import {
  campaignsService,
  createCampaign,
  minutesFromNow,
  outboxCounts,
  recipientNumbers,
  scheduleCampaign,
  startDispatcherChild,
  waitUntil,
  type CampaignApi,
  type DispatcherChild,
} from '../helpers/campaigns';

const onPostgres = process.env.TEST_DB === 'postgres';
/** Several instances on one database is a PostgreSQL deployment; the crash test runs on both databases. */
const onPostgresOnly = onPostgres ? it : it.skip;

let env: PlivoApp;
let api: CampaignApi;
let office: Doc;
const children: DispatcherChild[] = [];

const strapi = () => env.app.strapi;
const sentFrom = (number: string) => env.sim.messages().filter((m) => m.src === number.replace('+', ''));

/** The app's campaign, with `count` recipients, scheduled to start as soon as the scheduler runs. */
async function campaignOf(number: string, count: number, from: number) {
  const n = await makeNumber(strapi(), env.sim, number, office, { responseType: 'bot' });
  const { data } = await createCampaign(api, {
    name: `Dispatch ${number}`,
    office: office.documentId,
    phoneNumber: n.documentId,
    message: 'Orientation starts Monday at 9.',
    sendAt: minutesFromNow(-1),
    archiveAt: minutesFromNow(60),
    recipients: recipientNumbers(count, from),
  });
  await scheduleCampaign(api, data.documentId);
  return data.documentId;
}

const perRecipient = (number: string) => {
  const counts = new Map<string, number>();
  for (const m of sentFrom(number)) counts.set(m.dst, (counts.get(m.dst) ?? 0) + 1);
  return counts;
};

describe(`dispatch across processes (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  beforeAll(async () => {
    env = await startAppWithSimulator({ TEXTING_SEND_RATE: '0' });
    const { auth } = await superAdminSession(env.app);
    api = { http: () => env.app.http(), auth };
    office = await makeOffice(strapi(), 'Orientation', { timezone: 'America/New_York', quietHoursStart: 0, quietHoursEnd: 24 });
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill().catch(() => undefined)));
    await env?.stop();
  });

  onPostgresOnly('two instances send a 2,000-recipient campaign exactly once per recipient', async () => {
    const number = '+14155550300';
    const campaign = await campaignOf(number, 2000, 10_000);
    const settings = { TEXTING_SEND_RATE: '0', TEXTING_SEND_BATCH: '25', TEXTING_DISPATCH_IDLE_MS: '50' };
    const a = startDispatcherChild(settings);
    const b = startDispatcherChild(settings);
    children.push(a, b);
    await Promise.all([a.ready, b.ready]);

    const started = Date.now();
    const { activated } = await campaignsService(strapi()).activateDue();
    expect(activated).toEqual([expect.objectContaining({ documentId: campaign, queued: 2000 })]);
    await waitUntil(async () => (await outboxCounts(strapi(), campaign)).sent === 2000, 90_000, 'all 2,000 sent');
    const elapsed = Date.now() - started;
    const [sa, sb] = await Promise.all([a.stop(), b.stop()]);
    // eslint-disable-next-line no-console
    console.log(`two instances: 2000 texts in ${elapsed} ms (${Math.round(2000 / (elapsed / 1000))}/s); split ${sa?.sent} / ${sb?.sent}`);

    const counts = perRecipient(number);
    expect(sentFrom(number)).toHaveLength(2000);
    expect(counts.size).toBe(2000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: 2000 });
    // Both instances took part, and their tallies add up to what the simulator received.
    expect(sa!.sent).toBeGreaterThan(0);
    expect(sb!.sent).toBeGreaterThan(0);
    expect(sa!.sent + sb!.sent).toBe(2000);
    const byInstance = await strapi().db.connection('texting_outbox').select('claimed_by').count({ n: '*' }).where({ campaign_document_id: campaign }).groupBy('claimed_by');
    expect(byInstance).toHaveLength(2);
  });

  it('a dispatcher killed with SIGKILL half-way and started again sends every recipient exactly once', async () => {
    const number = '+14155550301';
    const total = 1000;
    const campaign = await campaignOf(number, total, 20_000);
    // A short lease (and a provider timeout to match), so the restarted instance settles the dead one's rows
    // within the test; Plivo's message list lags behind a send (here 0.5 s), so the dispatcher waits a
    // grace of 1 s after the dead lease before asking it.
    const settings = {
      TEXTING_SEND_RATE: '0',
      TEXTING_SEND_BATCH: '25',
      TEXTING_DISPATCH_IDLE_MS: '50',
      PLIVO_TIMEOUT_MS: '1000',
      TEXTING_SEND_LEASE_MS: '3000',
      TEXTING_IN_DOUBT_GRACE_MS: '1000',
    };
    env.sim.state.messageListLagMs = 500;
    const first = startDispatcherChild(settings);
    children.push(first);
    await first.ready;
    expect(first.lines.find((l) => l.ready)).toMatchObject({ settings: { inDoubt: 'lookup', leaseMs: 3000, inDoubtGraceMs: 1000 } });
    await campaignsService(strapi()).activateDue();

    // Kill it after 30 % while texts the simulator took are not yet recorded as sent (the window a crash
    // turns into "in doubt").
    await waitUntil(() => sentFrom(number).length >= total * 0.3, 60_000, '30% sent');
    await waitUntil(async () => sentFrom(number).length - ((await outboxCounts(strapi(), campaign)).sent ?? 0) >= 3, 30_000, 'sends not yet recorded');
    await first.kill();

    // What the dead instance left: rows it had claimed without recording an outcome.
    const sentBeforeRestart = perRecipient(number);
    const inDoubt = (await strapi().db.connection('texting_outbox').where({ campaign_document_id: campaign, state: 'sending' }).pluck('to_number')) as string[];
    const inDoubtButSent = inDoubt.filter((to) => sentBeforeRestart.has(to.replace('+', '')));
    expect(sentBeforeRestart.size).toBeLessThan(total);
    expect(inDoubtButSent.length).toBeGreaterThan(0);

    const second = startDispatcherChild(settings);
    children.push(second);
    await second.ready;
    await waitUntil(async () => (await outboxCounts(strapi(), campaign)).sent === total, 60_000, 'all sent after the restart');
    const stats = await second.stop();
    env.sim.state.messageListLagMs = 0;

    const counts = perRecipient(number);
    // eslint-disable-next-line no-console
    console.log(
      `crash: killed after ${sentBeforeRestart.size} of ${total} sent; ${inDoubt.length} rows in doubt, ${inDoubtButSent.length} of them already taken by the provider; ` +
        `the restarted instance settled ${stats?.stale} (found sent by lookup ${stats?.staleFoundSent}, re-queued ${stats?.staleRequeued}, deferred ${stats?.staleDeferred}); ` +
        `simulator received ${sentFrom(number).length} texts for ${counts.size} recipients`
    );
    // Exactly one text per recipient at the provider.
    expect(counts.size).toBe(total);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(sentFrom(number)).toHaveLength(total);
    expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: total });
    // Every in-doubt row was settled by asking the provider: those it had taken were recorded, not resent.
    expect(stats).toMatchObject({ stale: inDoubt.length, staleFoundSent: inDoubtButSent.length, staleRequeued: inDoubt.length - inDoubtButSent.length, staleDeferred: 0 });
    expect(env.sim.requests({ endpoint: 'list_messages' }).length).toBeGreaterThanOrEqual(inDoubt.length);
    // …with the MessageUUID the provider gave the dead instance, so delivery reports find their text.
    const recorded = (await strapi().db.connection('texting_outbox').select('to_number', 'message_uuid').where({ campaign_document_id: campaign }).whereIn('to_number', inDoubtButSent)) as Array<{ to_number: string; message_uuid: string }>;
    const atProvider = new Map(sentFrom(number).map((m) => [m.dst, m.messageUuid]));
    expect(recorded.filter((r) => atProvider.get(r.to_number.replace('+', '')) !== r.message_uuid)).toEqual([]);
    await waitUntil(async () => Number((await strapi().db.connection('texting_messages').whereIn('message_uuid', recorded.map((r) => r.message_uuid)).count({ n: '*' }))[0].n) === recorded.length, 10_000, 'message rows of the settled texts');
  });
});


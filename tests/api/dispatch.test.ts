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
import { makeOffice, type Doc } from '../helpers/inbound';
import {
  campaignOnNewNumber,
  campaignsService,
  dispatcherService,
  outboxCounts,
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
const campaignOf = (number: string, count: number, from: number) =>
  campaignOnNewNumber({ strapi: strapi(), sim: env.sim, api }, office, number, count, from, { name: `Dispatch ${number}` });

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
    office = await makeOffice(strapi(), 'Orientation', { timezone: 'America/New_York', sendWindowStart: 0, sendWindowEnd: 1440 });
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
      PLIVO_TIMEOUT_MS: '3000',
      TEXTING_SEND_LEASE_MS: '5000',
      TEXTING_IN_DOUBT_GRACE_MS: '1000',
    };
    env.sim.state.messageListLagMs = 500;
    const first = startDispatcherChild(settings);
    children.push(first);
    await first.ready;
    expect(first.lines.find((l) => l.ready)).toMatchObject({ settings: { inDoubt: 'lookup', leaseMs: 5000, inDoubtGraceMs: 1000 } });
    await campaignsService(strapi()).activateDue();

    // Kill it after 30 %, while the simulator holds the answers to 5 texts it took: besides whatever else is in
    // flight, at least those 5 are at the provider but not recorded as sent (the window a crash turns into
    // "in doubt"). The kill comes well within the 3 s the dispatcher would wait for an answer.
    await waitUntil(() => sentFrom(number).length >= total * 0.3, 60_000, '30% sent');
    const held = env.sim.addFault({ endpoint: 'send', kind: 'latency', latencyMs: 20_000, after: true, times: 5 });
    await waitUntil(() => !env.sim.faults().some((f) => f.id === held.id), 2000, 'five answers held');
    await first.kill();

    // What the dead instance left: rows it had claimed without recording an outcome.
    const sentBeforeRestart = perRecipient(number);
    const inDoubt = (await strapi().db.connection('texting_outbox').where({ campaign_document_id: campaign, state: 'sending' }).pluck('to_number')) as string[];
    const inDoubtButSent = inDoubt.filter((to) => sentBeforeRestart.has(to.replace('+', '')));
    expect(sentBeforeRestart.size).toBeLessThan(total);
    expect(inDoubtButSent.length).toBeGreaterThanOrEqual(5);

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

  it('settles in-doubt rows by asking the provider: taken → recorded, not taken → sent again, lookup failing → left alone', async () => {
    const number = '+14155550302';
    const campaign = await campaignOf(number, 4, 30_000);
    await campaignsService(strapi()).activateDue();
    const knex = strapi().db.connection;
    const rows = (await knex('texting_outbox').where({ campaign_document_id: campaign }).orderBy('id')) as Array<{ id: number; to_number: string; body: string }>;
    const [taken, notTaken, agentTexted, tooRecent] = rows;
    const provider = strapi().plugin('texting').service('provider') as {
      sendMessage(i: { from: string; to: string; text: string }): Promise<{ messageUuid: string }>;
    };
    // A dead instance's claim: Plivo took the first text; an agent's reply to the third person is on record
    // (it is another text, not the campaign's); the fourth claim ended too recently for Plivo's list.
    const { messageUuid: takenUuid } = await provider.sendMessage({ from: number, to: taken.to_number, text: taken.body });
    const { messageUuid: agentUuid } = await provider.sendMessage({ from: number, to: agentTexted.to_number, text: 'An agent writes' });
    await strapi().db.query('plugin::texting.message').create({
      data: { direction: 'outbound', status: 'queued', body: 'An agent writes', messageUuid: agentUuid, fromNumber: number, toNumber: agentTexted.to_number },
    });
    const now = Date.now();
    await knex('texting_outbox').whereIn('id', rows.map((r) => r.id)).update({ state: 'sending', claimed_by: 'dead-instance', claimed_at: now - 20_000, claimed_until: now - 10_000, attempts: 1 });
    await knex('texting_outbox').where({ id: tooRecent.id }).update({ claimed_until: now - 500 });

    const d = dispatcherService(strapi()) as ReturnType<typeof dispatcherService> & { settleStale(): Promise<number> };
    d.configure({ inDoubt: 'lookup', inDoubtGraceMs: 5000, leaseMs: 2000 });
    d.resetStats();
    const stateOf = async () =>
      Object.fromEntries(
        ((await knex('texting_outbox').select('id', 'state', 'message_uuid').whereIn('id', rows.map((r) => r.id))) as Array<{ id: number; state: string; message_uuid: string | null }>).map((r) => [r.id, [r.state, r.message_uuid]])
      );
    try {
      // Plivo's list fails: nothing is settled and nothing is sent; the batch waits (one request, not three).
      env.sim.clearRequests();
      env.sim.addFault({ endpoint: 'list_messages', kind: 'status', status: 503, times: 1 });
      expect(await d.settleStale()).toBe(0);
      expect(d.stats()).toMatchObject({ stale: 0, staleDeferred: 3 });
      expect(env.sim.requests({ endpoint: 'list_messages' })).toHaveLength(1);
      expect(await d.settleStale()).toBe(0); // not before the retry delay
      expect(Object.values(await stateOf()).map(([state]) => state)).toEqual(['sending', 'sending', 'sending', 'sending']);

      await new Promise((r) => setTimeout(r, 2100));
      expect(await d.settleStale()).toBe(3);
      expect(d.stats()).toMatchObject({ stale: 3, staleFoundSent: 1, staleRequeued: 2 });
      expect(await stateOf()).toMatchObject({ [taken.id]: ['sent', takenUuid], [notTaken.id]: ['queued', null], [agentTexted.id]: ['queued', null], [tooRecent.id]: ['sending', null] });
      // Asked with the row's numbers, since its claim (less a minute for clocks), outbound only.
      expect(env.sim.requests({ endpoint: 'list_messages' })[1].query).toMatchObject({ message_direction: 'outbound', from_number: number, to_number: taken.to_number });

      await d.drain();
      d.configure({ inDoubtGraceMs: 0 });
      expect(await d.settleStale()).toBe(1);
      await d.drain();
      expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: 4 });
      const counts = perRecipient(number);
      expect(rows.map((r) => counts.get(r.to_number.replace('+', '')))).toEqual([1, 1, 2, 1]); // the third person also got the agent's text
    } finally {
      d.configure({ inDoubtGraceMs: 30_000, leaseMs: 60_000 });
    }
  });
});


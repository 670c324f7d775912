/**
 * Nothing owed is lost or doubled (issue 11, the sending half), against the simulator, on both databases:
 *  - a late answer (Plivo took the text, its answer came after our timeout) is settled by the lookup: one text;
 *  - a 401 pauses all sending with its reason (dispatch-status, campaign detail), fails no row, and sending resumes
 *    by itself once the simulator accepts again;
 *  - "Retry failed" queues a campaign's failed rows again;
 *  - a STOP that arrives while a campaign text waits for its rate slot wins;
 *  - a bot reply lost to a Plivo error or to a crash is still sent exactly once;
 *  - no automatic reply to a number of this app; 30 texts from one contact get at most the cap (10);
 *  - a 1:1 text Plivo accepted is not recorded as failed when a later database write fails;
 *  - the outage: the simulator refuses every send for two minutes (issue 11) in the middle of a 2,000-recipient
 *    campaign; afterwards every recipient has exactly one text and no row failed.
 * Backoff, probes and the in-doubt grace are shrunk through the environment so that the file stays fast.
 *
 * The outage keeps issue 11's two minutes in `npm test` (the test waits for the scenario; the other database's run
 * goes on meanwhile). What the scenario exercises depends on the outage's length relative to the shrunk settings:
 * `TEST_OUTAGE_MS=12000` (24 probe intervals of 0.5 s, 12 times the longest retry delay of 1 s) opens the
 * breaker, fails a couple of dozen probes and closes the pause the same way, for a quicker run while working on it.
 */
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { asPlugin } from '../helpers/fixtures';
import { makeBotAnswer, makeNumber, makeOffice, repliesTo, sentTo, text, uuid, type Doc } from '../helpers/inbound';
import {
  campaignOnNewNumber,
  campaignsService,
  dispatcherService,
  outboxCounts,
  recipientNumbers,
  waitUntil,
  type CampaignApi,
} from '../helpers/campaigns';

const OUTAGE_MS = Number(process.env.TEST_OUTAGE_MS || 120_000);

let env: PlivoApp;
let api: CampaignApi;
let office: Doc;
const strapi = () => env.app.strapi;
const dispatcher = () =>
  strapi().plugin('texting').service('dispatcher') as ReturnType<typeof dispatcherService> & {
    run(signal: AbortSignal): Promise<unknown>;
    settleStale(): Promise<number>;
  };
const sentFrom = (number: string) => env.sim.messages().filter((m) => m.src === number.replace('+', ''));
const perRecipient = (number: string) => {
  const counts = new Map<string, number>();
  for (const m of sentFrom(number)) counts.set(m.dst, (counts.get(m.dst) ?? 0) + 1);
  return counts;
};

async function status() {
  const res = await env.app.http().get('/texting/dispatch-status').set(api.auth);
  expect(res.status).toBe(200);
  return res.body.data as { paused: boolean; kind: string | null; reason: string | null; since: string | null };
}

/** An active campaign of `count` recipients on a new number (the scheduler's activation run at once). */
const activeCampaign = (number: string, count: number, from: number) =>
  campaignOnNewNumber({ strapi: strapi(), sim: env.sim, api }, office, number, count, from, { activate: true, name: `Reliability ${number}` });

/** Drains until `done` holds (a drain returns when nothing is due; in-doubt rows become due after the grace). */
async function drainUntil(done: () => Promise<boolean>, timeoutMs: number, what: string) {
  await waitUntil(async () => {
    await dispatcher().drain();
    return done();
  }, timeoutMs, what);
}

/** The dispatcher's loop in this process until stopped. */
function runDispatcher() {
  const controller = new AbortController();
  const done = dispatcher().run(controller.signal);
  return { stop: async () => (controller.abort(), await done) };
}

beforeAll(async () => {
  env = await startAppWithSimulator({
    TEXTING_SEND_RATE: '0',
    PLIVO_TIMEOUT_MS: '1000',
    TEXTING_RETRY_BASE_MS: '50',
    TEXTING_RETRY_MAX_MS: '1000',
    TEXTING_IN_DOUBT_GRACE_MS: '300',
    TEXTING_PROBE_MS: '500',
    TEXTING_BREAKER_FAILURES: '5',
    TEXTING_DISPATCH_IDLE_MS: '50',
  });
  const { auth } = await superAdminSession(env.app);
  api = { http: () => env.app.http(), auth };
  office = await makeOffice(strapi(), 'Reliability', { timezone: 'America/New_York', sendWindowStart: 0, sendWindowEnd: 1440 });
});
afterAll(async () => {
  await env?.stop();
});
afterEach(() => {
  env.sim.clearFaults();
});

describe('campaign sends', () => {
  it('a text Plivo took but answered after our timeout is looked up, not sent again: exactly one text', async () => {
    const number = '+14155550401';
    const campaign = await activeCampaign(number, 5, 100);
    dispatcher().resetStats();
    // The first send is carried out, but its answer leaves 2.5 s later: the adapter gave up after 1 s.
    env.sim.addFault({ endpoint: 'send', kind: 'latency', latencyMs: 2500, after: true, times: 1 });
    await drainUntil(async () => (await outboxCounts(strapi(), campaign)).sent === 5, 20_000, 'all 5 sent');
    const stats = dispatcher().stats();
    expect(stats.inDoubt).toBe(1);
    expect(stats.staleFoundSent).toBe(1);
    expect(sentFrom(number)).toHaveLength(5);
    expect([...perRecipient(number).values()]).toEqual([1, 1, 1, 1, 1]);
    // The settled row holds the MessageUUID Plivo gave the text.
    const uuids = (await strapi().db.connection('texting_outbox').where({ campaign_document_id: campaign }).pluck('message_uuid')) as string[];
    expect(new Set(uuids)).toEqual(new Set(sentFrom(number).map((m) => m.messageUuid)));
  });

  it('a 401 pauses all sending with its reason, fails nothing, and sending resumes once Plivo accepts again', async () => {
    const number = '+14155550402';
    const campaign = await activeCampaign(number, 20, 200);
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 401 });
    const loop = runDispatcher();
    try {
      await waitUntil(async () => (await status()).paused, 10_000, 'paused');
      const paused = await status();
      expect(paused).toMatchObject({ paused: true, kind: 'account' });
      expect(paused.reason).toMatch(/^401 Unauthorized: Plivo rejected the credentials/);
      expect(Date.parse(paused.since!)).toBeGreaterThan(Date.now() - 60_000);
      // The campaign page shows it too.
      const detail = await env.app.http().get(`/texting/campaigns/${campaign}`).set(api.auth);
      expect(detail.body.data.dispatch).toMatchObject({ paused: true, kind: 'account' });
      // The pause is a notification about the campaign, once (not once per failed attempt).
      const notes = await env.app.http().get('/texting/notifications').set(api.auth);
      const pauseNotes = notes.body.data.filter((n: { kind: string; campaign: { documentId: string } | null }) => n.kind === 'campaign_paused' && n.campaign?.documentId === campaign);
      expect(pauseNotes).toEqual([expect.objectContaining({ reason: 'unauthorized', detail: expect.stringMatching(/^401 Unauthorized/), read: false })]);
      // While paused only probes go out, and no row fails.
      const counts = await outboxCounts(strapi(), campaign);
      expect(counts.failed).toBeUndefined();
      expect(counts.sent).toBeUndefined();

      env.sim.clearFaults();
      await waitUntil(async () => (await outboxCounts(strapi(), campaign)).sent === 20, 20_000, 'all 20 sent after the fix');
      expect(await status()).toMatchObject({ paused: false, reason: null, since: null });
    } finally {
      await loop.stop();
    }
    expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: 20 });
    expect([...perRecipient(number).values()].every((n) => n === 1)).toBe(true);
  });

  it('"Retry failed" queues permanently failed rows again (skipped rows stay out); refused on a campaign not active', async () => {
    const number = '+14155550403';
    const recipients = recipientNumbers(4, 300);
    const campaign = await campaignOnNewNumber({ strapi: strapi(), sim: env.sim, api }, office, number, 4, 300, { name: 'Retry failed' });
    const early = await env.app.http().post(`/texting/campaigns/${campaign}/retry-failed`).set(api.auth);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/only while the campaign is active; "Retry failed" is scheduled/);
    await campaignsService(strapi()).activateDue();
    // The fourth recipient opts out after the import: the send step skips that row.
    await asPlugin(strapi(), () => strapi().documents('plugin::texting.contact').create({ data: { phoneNumber: recipients[3], optedOut: true } as never }));
    // Plivo refuses the first two texts (a 400 is not retried).
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 400, times: 2 });
    await drainUntil(async () => (await outboxCounts(strapi(), campaign)).queued === undefined, 10_000, 'first pass done');
    expect(await outboxCounts(strapi(), campaign)).toEqual({ failed: 2, sent: 1, skipped: 1 });

    const res = await env.app.http().post(`/texting/campaigns/${campaign}/retry-failed`).set(api.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ requeued: 2 });
    await drainUntil(async () => (await outboxCounts(strapi(), campaign)).sent === 3, 10_000, 'retried');
    expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: 3, skipped: 1 });
    expect(sentTo(env.sim, recipients[3])).toEqual([]);
    expect((await env.app.http().post(`/texting/campaigns/nope000000000000000000000/retry-failed`).set(api.auth)).status).toBe(404);
  });

  it('a STOP that arrives while a claimed text waits for its rate slot wins: that text is not sent', async () => {
    const number = '+14155550404';
    const recipients = recipientNumbers(4, 400);
    const campaign = await activeCampaign(number, 4, 400);
    dispatcher().configure({ ratePerSecond: 2 });
    try {
      const draining = dispatcher().drain();
      // Two texts a second: the last one is claimed at once (a second's worth ahead) and waits 1.5 s for its slot.
      const lastRow = () => strapi().db.connection('texting_outbox').where({ campaign_document_id: campaign, to_number: recipients[3] }).first();
      await waitUntil(async () => (await lastRow()).state === 'sending', 5000, 'last text claimed');
      expect(sentTo(env.sim, recipients[3])).toEqual([]);
      await text(env.sim, { from: recipients[3], to: number, text: 'STOP' });
      await draining;
    } finally {
      dispatcher().configure({ ratePerSecond: 0 });
    }
    expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: 3, skipped: 1 });
    // The contact got the STOP confirmation only.
    expect(sentTo(env.sim, recipients[3]).map((m) => m.text)).toEqual([expect.stringMatching(/unsubscribed/)]);
  });
});

describe('automatic replies', () => {
  let botLine: Doc & { phoneNumber: string };
  const contactOf = (i: number) => `+1646555${String(1000 + i)}`;

  beforeAll(async () => {
    botLine = await makeNumber(strapi(), env.sim, '+14155550410', office, { responseType: 'bot' });
    await makeBotAnswer(strapi(), office, 'Where is the campus?', 'campus,where,address', 'We are at 1 College Ave.');
  });

  it('a bot reply refused by Plivo (503) is stored, answered later by the dispatcher, and sent once', async () => {
    const contact = contactOf(1);
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 503, times: 1 });
    const messageUuid = uuid();
    await text(env.sim, { from: contact, to: botLine.phoneNumber, text: 'where is the campus', messageUuid });
    expect(sentTo(env.sim, contact)).toEqual([]);
    const [queued] = await repliesTo(strapi(), messageUuid);
    expect(queued).toMatchObject({ body: 'We are at 1 College Ave.', status: 'queued', messageUuid: null });
    await drainUntil(async () => sentTo(env.sim, contact).length === 1, 10_000, 'reply sent');
    await dispatcher().drain();
    expect(sentTo(env.sim, contact).map((m) => m.text)).toEqual(['We are at 1 College Ave.']);
    const [sent] = await repliesTo(strapi(), messageUuid);
    expect(sent.messageUuid).toBe(sentTo(env.sim, contact)[0].messageUuid);
  });

  it('a bot reply whose sender crashed is settled by the lookup: sent once whether or not Plivo had taken it', async () => {
    // A: the instance died after Plivo took the reply (its answer never came back) → found, recorded, not resent.
    const taken = contactOf(2);
    env.sim.addFault({ endpoint: 'send', kind: 'drop', after: true, times: 1 });
    const takenUuid = uuid();
    await text(env.sim, { from: taken, to: botLine.phoneNumber, text: 'where is the campus', messageUuid: takenUuid });
    expect(sentTo(env.sim, taken)).toHaveLength(1);
    // B: the instance died after committing the text, before sending the reply: its row is left claimed.
    const notTaken = contactOf(3);
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 503, times: 1 });
    const notTakenUuid = uuid();
    await text(env.sim, { from: notTaken, to: botLine.phoneNumber, text: 'where is the campus', messageUuid: notTakenUuid });
    const past = Date.now() - 5000;
    await strapi()
      .db.connection('texting_outbox')
      .where({ to_number: notTaken, kind: 'auto' })
      .update({ state: 'sending', claimed_by: 'dead-instance', claimed_at: past, claimed_until: past });

    await drainUntil(
      async () => sentTo(env.sim, notTaken).length === 1 && (await repliesTo(strapi(), takenUuid))[0].messageUuid !== null,
      10_000,
      'both settled'
    );
    await dispatcher().drain();
    expect(sentTo(env.sim, taken)).toHaveLength(1);
    expect(sentTo(env.sim, notTaken)).toHaveLength(1);
    expect((await repliesTo(strapi(), takenUuid))[0].messageUuid).toBe(sentTo(env.sim, taken)[0].messageUuid);
    expect((await repliesTo(strapi(), notTakenUuid))[0].messageUuid).toBe(sentTo(env.sim, notTaken)[0].messageUuid);
  });

  it('never replies to a number of this app', async () => {
    const ours = await makeNumber(strapi(), env.sim, '+14155550411', office, { responseType: 'bot' });
    const messageUuid = uuid();
    await text(env.sim, { from: ours.phoneNumber, to: botLine.phoneNumber, text: 'where is the campus', messageUuid });
    await dispatcher().drain();
    expect(sentTo(env.sim, ours.phoneNumber)).toEqual([]);
    expect(await repliesTo(strapi(), messageUuid)).toEqual([]);
    const stored = await strapi().db.query('plugin::texting.message').findOne({ where: { messageUuid } });
    expect(stored.routingReason).toMatch(/is a number of this app, so no automatic reply is sent/);
  });

  it('30 texts in a minute from one contact get at most 10 automatic replies; every text is stored', async () => {
    const contact = contactOf(4);
    const uuids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const messageUuid = uuid();
      uuids.push(messageUuid);
      await text(env.sim, { from: contact, to: botLine.phoneNumber, text: 'where is the campus', messageUuid });
    }
    await dispatcher().drain();
    expect(sentTo(env.sim, contact)).toHaveLength(10);
    const stored = await strapi().db.query('plugin::texting.message').findMany({ where: { messageUuid: { $in: uuids } }, select: ['routingReason'] });
    expect(stored).toHaveLength(30);
    expect(stored.filter((m: { routingReason: string }) => /automatic reply limit reached/.test(m.routingReason))).toHaveLength(20);
  });
});

describe('1:1 texts', () => {
  it('a text Plivo accepted is not recorded as failed when writing its id fails; the id is filled in later', async () => {
    const line = await makeNumber(strapi(), env.sim, '+14155550430', office, { responseType: 'agent', inboxOffices: [office] });
    const to = '+16465559001';
    // The database refuses the one write that stores the MessageUUID on the message row.
    let failNext = true;
    strapi().db.lifecycles.subscribe({
      models: ['plugin::texting.message'],
      beforeUpdate(event: { params?: { data?: Record<string, unknown> } }) {
        if (failNext && event.params?.data?.messageUuid) {
          failNext = false;
          throw new Error('simulated database failure');
        }
      },
    });
    const res = await env.app.http().post('/texting/messages').set(api.auth).send({ from: line.documentId, to, text: 'Hello from Admissions' });
    expect(failNext).toBe(false);
    expect(res.status).toBe(201);
    expect(sentTo(env.sim, to)).toHaveLength(1);
    const stored = () => strapi().db.query('plugin::texting.message').findOne({ where: { documentId: res.body.data.documentId } });
    expect(await stored()).toMatchObject({ status: 'queued', messageUuid: null });
    // The outbox row is the record of the send: the dispatcher completes the message row from it.
    await drainUntil(async () => (await stored()).messageUuid === sentTo(env.sim, to)[0].messageUuid, 10_000, 'id filled in');
    expect((await stored()).status).not.toBe('failed');
    expect(sentTo(env.sim, to)).toHaveLength(1);
  });
});

describe('outage', () => {
  it(`Plivo refuses every send for ${OUTAGE_MS / 1000} s mid-way through 2,000 recipients: every recipient gets exactly one text, none fails`, async () => {
    const number = '+14155550420';
    const campaign = await activeCampaign(number, 2000, 10_000);
    const loop = runDispatcher();
    let sawPause = false;
    try {
      await waitUntil(async () => ((await outboxCounts(strapi(), campaign)).sent ?? 0) >= 500, 60_000, '500 sent');
      const fault = env.sim.addFault({ endpoint: 'send', kind: 'status', status: 503, durationMs: OUTAGE_MS });
      await waitUntil(async () => (await status()).paused, 20_000, 'paused by the circuit breaker');
      const paused = await status();
      expect(paused).toMatchObject({ paused: true, kind: 'outage', reason: '503 Service Unavailable' });
      sawPause = true;
      // The pause's notification (written just after the pause opened) carries the failure's kind for the admin.
      const pauseNotes = async () =>
        ((await env.app.http().get('/texting/notifications').set(api.auth)).body.data as Array<{ kind: string; campaign: { documentId: string } | null }>).filter(
          (n) => n.kind === 'campaign_paused' && n.campaign?.documentId === campaign
        );
      await waitUntil(async () => (await pauseNotes()).length > 0, 10_000, 'the pause notification');
      expect(await pauseNotes()).toEqual([expect.objectContaining({ reason: 'server_error', detail: '503 Service Unavailable' })]);
      // While paused, only the probes reach Plivo (one per TEXTING_PROBE_MS, plus what was in flight).
      const hitsAtPause = env.sim.faults().find((f) => f.id === fault.id)?.hits ?? 0;
      // The outage lasts its OUTAGE_MS whatever the app does: this waits for the scenario, not for the app.
      await waitUntil(() => Date.now() >= Date.parse(fault.expiresAt!), OUTAGE_MS + 5000, 'outage over');
      const refused = env.sim.requests().filter((r) => r.faults.includes(fault.id)).length;
      expect(refused - hitsAtPause).toBeLessThan(OUTAGE_MS / 500 + 20);
      await waitUntil(async () => (await outboxCounts(strapi(), campaign)).sent === 2000, 120_000, 'all 2,000 sent');
    } finally {
      await loop.stop();
    }
    expect(sawPause).toBe(true);
    expect(await outboxCounts(strapi(), campaign)).toEqual({ sent: 2000 });
    const counts = perRecipient(number);
    expect(counts.size).toBe(2000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await status()).paused).toBe(false);
  }, OUTAGE_MS + 240_000);
});

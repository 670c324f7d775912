/**
 * Campaigns through the HTTP API and the job ticks, against the Plivo simulator: office-bound number choice
 * (rule 2), single-use numbers (rule 8), rule 1 for creating and scheduling, recipients and their import
 * report, one campaign per number (409), scheduled → active → archived with routing checked through signed
 * inbound webhooks (rule 3), quiet hours, opt-outs, retries and the rate limit.
 */
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { asPlugin } from '../helpers/fixtures';
import { makeAgent, makeNumber, makeOffice, messageByUuid, text, type AgentLogin, type Doc, type NumberDoc } from '../helpers/inbound';
import {
  campaignsService,
  createCampaign,
  dispatcherService,
  minutesFromNow,
  outboxCounts,
  recipientNumbers,
  scheduleCampaign,
  type CampaignApi,
} from '../helpers/campaigns';

const CAMPAIGN_ACTIONS = ['plugin::texting.campaigns.read', 'plugin::texting.campaigns.manage'];
const FOOTER = 'Reply STOP to opt out';

let env: PlivoApp;
let api: CampaignApi;
let admissions: Doc;
let finance: Doc;
let ana: AgentLogin;
let bob: AgentLogin;
let admMain: NumberDoc;
let admSpare: NumberDoc;
let admPending: NumberDoc;
let finMain: NumberDoc;
let phoneSerial = 0;

const strapi = () => env.app.strapi;
const http = () => env.app.http();
const campaigns = () => campaignsService(strapi());
const dispatcher = () => dispatcherService(strapi());
/** Fresh 415-555-02xx numbers for each test's own numbers. */
const nextNumber = () => `+1415555${String(200 + ++phoneSerial).padStart(4, '0')}`;
const sentFrom = (number: string) => env.sim.messages().filter((m) => m.src === number.replace('+', ''));

beforeAll(async () => {
  env = await startAppWithSimulator();
  const { auth } = await superAdminSession(env.app);
  api = { http, auth };
  // Texting hours all day, so the suite does not depend on the hour it runs; the quiet-hours test sets its own.
  admissions = await makeOffice(strapi(), 'Admissions', { timezone: 'America/New_York', sendWindowStart: 0, sendWindowEnd: 1440 });
  finance = await makeOffice(strapi(), 'Financial Aid', { timezone: 'America/Chicago', sendWindowStart: 0, sendWindowEnd: 1440 });
  ana = await makeAgent(env.app, 'Ana Ruiz', [admissions], CAMPAIGN_ACTIONS);
  bob = await makeAgent(env.app, 'Bob Finance', [finance], CAMPAIGN_ACTIONS);
  admMain = await makeNumber(strapi(), env.sim, '+14155550110', admissions, { responseType: 'bot' });
  admSpare = await makeNumber(strapi(), env.sim, '+14155550111', admissions, { responseType: 'agent', inboxOffices: [admissions] });
  admPending = await makeNumber(strapi(), env.sim, '+14155550112', admissions, { responseType: 'bot' });
  await strapi().db.query('plugin::texting.phone-number').update({ where: { id: admPending.id }, data: { providerStatus: 'pending' } });
  finMain = await makeNumber(strapi(), env.sim, '+14155550120', finance, { responseType: 'bot' });
  dispatcher().configure({ ratePerSecond: 0, retryBaseMs: 20, concurrency: 8, batchSize: 20 });
});
afterAll(() => env?.stop());

const draft = (over: Record<string, unknown> = {}) => ({
  name: `Campaign ${++phoneSerial}`,
  office: admissions.documentId,
  phoneNumber: admMain.documentId,
  message: 'Campus visit day is Friday!',
  sendAt: minutesFromNow(60),
  archiveAt: minutesFromNow(120),
  responseType: 'bot',
  recipients: ['+16172000001'],
  ...over,
});

describe('number options (rule 2)', () => {
  it("offers only the office's reusable numbers, pending ones marked", async () => {
    const res = await http().get(`/texting/campaigns/number-options?office=${admissions.documentId}`).set(api.auth);
    expect(res.status).toBe(200);
    const rows = res.body.data as Array<{ phoneNumber: string; pending: boolean; status: string }>;
    expect(rows.map((r) => r.phoneNumber).sort()).toEqual(['+14155550110', '+14155550111', '+14155550112']);
    expect(rows.find((r) => r.phoneNumber === '+14155550112')).toMatchObject({ pending: true, status: 'pending' });
    expect(rows.find((r) => r.phoneNumber === '+14155550110')).toMatchObject({ pending: false, status: 'active' });

    const other = await http().get(`/texting/campaigns/number-options?office=${finance.documentId}`).set(api.auth);
    expect(other.body.data.map((r: { phoneNumber: string }) => r.phoneNumber)).toEqual(['+14155550120']);
  });

  it('needs the office', async () => {
    const res = await http().get('/texting/campaigns/number-options').set(api.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/office/);
  });
});

describe('create', () => {
  it('stores a draft with the opt-out footer added once', async () => {
    const { data } = await createCampaign(api, draft({ message: 'Campus visit day is Friday!' }));
    expect(data).toMatchObject({ status: 'draft', message: `Campus visit day is Friday!\n${FOOTER}`, recipientCount: 1 });
    expect(data.office).toEqual({ documentId: admissions.documentId, name: 'Admissions' });
    expect(data.phoneNumber).toMatchObject({ phoneNumber: '+14155550110', numberType: 'reusable' });

    const kept = await createCampaign(api, draft({ message: 'Visit Friday. reply stop to opt out' }));
    expect(kept.data.message).toBe('Visit Friday. reply stop to opt out');
  });

  it("refuses another office's number with 400 saying why", async () => {
    const res = await http().post('/texting/campaigns').set(api.auth).send(draft({ phoneNumber: finMain.documentId }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/\+14155550120 belongs to the office Financial Aid.*only use Admissions's reusable numbers/);
    expect(await strapi().db.query('plugin::texting.campaign').count({ where: { phoneNumber: { id: finMain.id } } })).toBe(0);
  });

  it('refuses an unknown number, and a number plus an area code', async () => {
    const unknown = await http().post('/texting/campaigns').set(api.auth).send(draft({ phoneNumber: 'nope' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/no phone number with id "nope"/);
    const both = await http().post('/texting/campaigns').set(api.auth).send(draft({ singleUseAreaCode: '415' }));
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/either phoneNumber .* or singleUseAreaCode/);
  });

  it('validates an agent-answered campaign has an inbox', async () => {
    const res = await http().post('/texting/campaigns').set(api.auth).send(draft({ responseType: 'agent', inboxes: { offices: [], agents: [] } }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/inbox/);
  });

  it('reports pasted recipients: accepted, duplicates, invalid with positions, opted out', async () => {
    await asPlugin(strapi(), () => strapi().documents('plugin::texting.contact').create({ data: { phoneNumber: '+16172000099', optedOut: true } as never }));
    const { data, meta } = await createCampaign(
      api,
      draft({
        recipients: ['(617) 200-0001', '+16172000001', { phoneNumber: '617.200.0002', name: 'Sam' }, 'hello', '+1617200', '+16172000099'],
      })
    );
    const report = meta.import as Record<string, unknown>;
    expect(report).toMatchObject({ received: 6, accepted: 2, duplicates: 1, total: 2 });
    expect(report.invalid).toEqual([
      { line: 4, value: 'hello', reason: 'not a phone number' },
      { line: 5, value: '+1617200', reason: expect.stringMatching(/not a valid/) },
    ]);
    expect(report.optedOut).toEqual([{ line: 6, phoneNumber: '+16172000099' }]);
    const detail = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(detail.body.data.recipients).toBeUndefined(); // issue 11: counts in the detail, the list paged
    expect(detail.body.data.recipientCount).toBe(2);
    expect(await recipientsOf(data.documentId)).toEqual([{ phoneNumber: '+16172000001' }, { phoneNumber: '+16172000002', name: 'Sam' }]);
  });
});

/** The campaign's recipients through the paged route (issue 11), in the shape they are stored. */
async function recipientsOf(documentId: string) {
  const res = await http().get(`/texting/campaigns/${documentId}/recipients`).query({ pageSize: 100 }).set(api.auth);
  expect(res.status).toBe(200);
  return (res.body.data as Array<{ phoneNumber: string; name: string | null }>).map((r) => (r.name ? { phoneNumber: r.phoneNumber, name: r.name } : { phoneNumber: r.phoneNumber }));
}

describe('recipients import (CSV)', () => {
  it('reads a header, quoted fields and names, and reports by file line', async () => {
    const { data } = await createCampaign(api, draft({ recipients: ['+16172000001'] }));
    const csv = [
      'First Name,Last Name,Mobile',
      'Ana,"Ruiz, Jr.",617-200-0001', // already in the list
      'Ben,Okafor,(617) 200-0003',
      '"Multi',
      'line",Name,not-a-number',
      'Cy,Dee,+1 617 200 0003', // duplicate within the file
      '',
      'Di,Eve,6172000004',
    ].join('\r\n');
    const res = await http().post(`/texting/campaigns/${data.documentId}/recipients`).set(api.auth).send({ csv });
    expect(res.status).toBe(200);
    expect(res.body.meta.import).toMatchObject({ received: 5, accepted: 2, duplicates: 2, total: 3, optedOut: [] });
    expect(res.body.meta.import.invalid).toEqual([{ line: 4, value: 'not-a-number', reason: 'not a phone number' }]);
    expect(await recipientsOf(data.documentId)).toEqual([
      { phoneNumber: '+16172000001' },
      { phoneNumber: '+16172000003', name: 'Ben Okafor' },
      { phoneNumber: '+16172000004', name: 'Di Eve' },
    ]);
    expect(res.body.data.recipientCount).toBe(3);

    const replaced = await http()
      .post(`/texting/campaigns/${data.documentId}/recipients`)
      .set(api.auth)
      .send({ csv: '6172000005\n6172000006,Fay', mode: 'replace' });
    expect(replaced.body.data.recipientCount).toBe(2);
    expect(await recipientsOf(data.documentId)).toEqual([{ phoneNumber: '+16172000005' }, { phoneNumber: '+16172000006', name: 'Fay' }]);
  });

  it('reads a big file off the main thread (a worker) with the same rules: append, duplicates, invalid lines, opt-outs', async () => {
    await asPlugin(strapi(), () => strapi().documents('plugin::texting.contact').create({ data: { phoneNumber: '+16173000500', optedOut: true } as never }));
    const { data } = await createCampaign(api, draft({ recipients: ['+16172000001', { phoneNumber: '+16172000002', name: 'Sam' }] }));
    // 1,200 lines (~30 KB, above the 16 KB done inline): line 2 repeats a stored number, line 3 is not a number,
    // line 502 (+16173000500) opted out, the last line repeats the first new number.
    const lines = ['phone,name', '617-200-0001,Again', 'call me', ...Array.from({ length: 1200 }, (_, i) => `(617) 300-${String(i).padStart(4, '0')},Student ${i}`), '6173000000,Twice'];
    const res = await http().post(`/texting/campaigns/${data.documentId}/recipients`).set(api.auth).send({ csv: lines.join('\n') });
    expect(res.status).toBe(200);
    expect(res.body.meta.import).toEqual({
      received: 1203,
      accepted: 1199,
      duplicates: 2,
      invalid: [{ line: 3, value: 'call me', reason: 'not a phone number' }],
      optedOut: [{ line: 504, phoneNumber: '+16173000500' }],
      total: 1201,
    });
    expect(res.body.data.recipientCount).toBe(1201);
    const firstPage = (await recipientsOf(data.documentId)).slice(0, 4);
    expect(firstPage).toEqual([
      { phoneNumber: '+16172000001' },
      { phoneNumber: '+16172000002', name: 'Sam' },
      { phoneNumber: '+16173000000', name: 'Student 0' },
      { phoneNumber: '+16173000001', name: 'Student 1' },
    ]);
  });

  it('takes exactly one of csv and recipients', async () => {
    const { data } = await createCampaign(api, draft());
    const res = await http().post(`/texting/campaigns/${data.documentId}/recipients`).set(api.auth).send({ csv: 'x', recipients: [] });
    expect(res.status).toBe(400);
  });
});

describe('rule 1: agents of the office and super admins', () => {
  it('lets an agent of the office create and schedule, and refuses others with 403', async () => {
    const mine = await http().post('/texting/campaigns').set(ana.auth).send(draft({ phoneNumber: admSpare.documentId, sendAt: minutesFromNow(600), archiveAt: minutesFromNow(700) }));
    expect(mine.status).toBe(201);

    const notMine = await http().post('/texting/campaigns').set(bob.auth).send(draft());
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.message).toMatch(/Only agents of Admissions/);

    const schedule = await http().post(`/texting/campaigns/${mine.body.data.documentId}/schedule`).set(bob.auth).send({});
    expect(schedule.status).toBe(403);
    expect((await http().get(`/texting/campaigns/${mine.body.data.documentId}`).set(api.auth)).body.data.status).toBe('draft');

    const ok = await http().post(`/texting/campaigns/${mine.body.data.documentId}/schedule`).set(ana.auth).send({});
    expect(ok.status).toBe(200);
    expect(ok.body.data.status).toBe('scheduled');
    await http().post(`/texting/campaigns/${mine.body.data.documentId}/archive`).set(ana.auth).send({});
  });

  it('needs campaigns.manage to change anything and campaigns.read to look', async () => {
    const reader = await makeAgent(env.app, 'Rita Reader', [admissions], ['plugin::texting.campaigns.read']);
    expect((await http().get('/texting/campaigns').set(reader.auth)).status).toBe(200);
    expect((await http().post('/texting/campaigns').set(reader.auth).send(draft())).status).toBe(403);
    const nobody = await makeAgent(env.app, 'Nora None', [admissions], []);
    expect((await http().get('/texting/campaigns').set(nobody.auth)).status).toBe(403);
  });
});

describe('scheduling: one campaign per number', () => {
  it('lists what is missing before scheduling', async () => {
    const { data } = await createCampaign(api, { name: 'Bare', office: admissions.documentId });
    const res = await http().post(`/texting/campaigns/${data.documentId}/schedule`).set(api.auth).send({});
    expect(res.status).toBe(400);
    for (const field of ['phoneNumber', 'message', 'sendAt', 'archiveAt', 'recipients']) expect(res.body.error.message).toContain(`${field}:`);
  });

  it('gives 409 naming the campaign whose window overlaps on the same number', async () => {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    const first = await createCampaign(api, draft({ name: 'Open House', phoneNumber: number.documentId, sendAt: minutesFromNow(60), archiveAt: minutesFromNow(180) }));
    await scheduleCampaign(api, first.data.documentId);

    const overlapping = await createCampaign(api, draft({ name: 'Late Night', phoneNumber: number.documentId, sendAt: minutesFromNow(170), archiveAt: minutesFromNow(300) }));
    const res = await http().post(`/texting/campaigns/${overlapping.data.documentId}/schedule`).set(api.auth).send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Campaign "Open House" \(scheduled/);
    expect(res.body.error.details.conflicts[0]).toMatchObject({ documentId: first.data.documentId, name: 'Open House', status: 'scheduled' });

    // Back to back is fine: [60, 180) then [180, 300).
    const after = await createCampaign(api, draft({ name: 'After', phoneNumber: number.documentId, sendAt: minutesFromNow(181), archiveAt: minutesFromNow(300) }));
    expect((await http().post(`/texting/campaigns/${after.data.documentId}/schedule`).set(api.auth).send({})).status).toBe(200);

    // Moving a scheduled campaign into the other's window is refused the same way.
    const move = await http().put(`/texting/campaigns/${after.data.documentId}`).set(api.auth).send({ sendAt: minutesFromNow(100) });
    expect(move.status).toBe(409);
    expect(move.body.error.message).toMatch(/"Open House"/);
  });

  it('starts only one of two campaigns that overlap on a number (checked again at activation)', async () => {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    const a = await createCampaign(api, draft({ name: 'Twin A', phoneNumber: number.documentId, sendAt: minutesFromNow(-2), archiveAt: minutesFromNow(60) }));
    const b = await createCampaign(api, draft({ name: 'Twin B', phoneNumber: number.documentId, sendAt: minutesFromNow(-1), archiveAt: minutesFromNow(60) }));
    // Both scheduled behind the API's back (e.g. through the Content Manager).
    await strapi().db.query('plugin::texting.campaign').updateMany({ where: { documentId: { $in: [a.data.documentId, b.data.documentId] } }, data: { state: 'scheduled' } });
    const result = await campaigns().activateDue();
    expect(result.activated.map((c) => c.documentId)).toContain(a.data.documentId);
    expect(result.held).toEqual(expect.arrayContaining([expect.objectContaining({ documentId: b.data.documentId, reason: expect.stringMatching(/"Twin A" is still active/) })]));
    const states = await strapi().db.query('plugin::texting.campaign').findMany({ where: { documentId: { $in: [a.data.documentId, b.data.documentId] } }, select: ['name', 'state'], orderBy: { name: 'asc' } });
    expect(states).toEqual([{ name: 'Twin A', state: 'active' }, { name: 'Twin B', state: 'scheduled' }]);
    await campaigns().archiveDue(new Date(Date.now() + 2 * 3600_000));
  });
});

describe('scheduled → active → archived, routing through signed webhooks (rule 3)', () => {
  it('follows the number, then the campaign, then the number again', async () => {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    const people = recipientNumbers(5, 100);
    const { data } = await createCampaign(
      api,
      draft({
        name: 'Fall Visit',
        phoneNumber: number.documentId,
        responseType: 'agent',
        inboxes: { offices: [finance.documentId], agents: [] },
        sendAt: minutesFromNow(30),
        archiveAt: minutesFromNow(90),
        recipients: people,
      })
    );
    await scheduleCampaign(api, data.documentId);
    const inbound = async (body: string) => {
      const res = await text(env.sim, { from: '+16175550140', to: number.phoneNumber, text: body });
      return messageByUuid(strapi(), res.messageUuid);
    };

    let m = await inbound('Is the visit on Friday?');
    expect(m?.routingReason).toMatch(/No active campaign/);

    // The scheduler's tick at send time.
    const started = await campaigns().activateDue(new Date(Date.now() + 31 * 60_000));
    expect(started.activated).toEqual([expect.objectContaining({ documentId: data.documentId, queued: 5 })]);
    m = await inbound('Is the visit on Friday?');
    expect(m?.routingReason).toMatch(/Campaign "Fall Visit" is active/);
    expect(m?.routedTo?.map((r) => `${r.inbox}:${r.name}`)).toEqual(['office:Financial Aid']);

    await dispatcher().drain();
    // (The inbound text above got a bot reply from the number too; only the campaign's texts count here.)
    const sent = sentFrom(number.phoneNumber).filter((m) => m.text.startsWith('Campus visit day'));
    expect(sent.map((s) => `+${s.dst}`).sort()).toEqual([...people].sort());
    expect(sent[0].text).toBe(`Campus visit day is Friday!\n${FOOTER}`);
    expect(sent[0].url).toBe(`${env.app.url}/api/texting/webhooks/plivo/status`);
    const detail = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(detail.body.data).toMatchObject({ status: 'active', progress: { total: 5, sent: 5, queued: 0, remaining: 0, failed: 0 } });

    // Delivery reports show up as delivered in the progress.
    await env.sim.deliveryReports({ order: ['sent', 'delivered'] });
    const delivered = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(delivered.body.data.progress.delivered).toBe(5);

    // The archiver's tick at archive time.
    const archived = await campaigns().archiveDue(new Date(Date.now() + 91 * 60_000));
    expect(archived.archived.map((c) => c.documentId)).toContain(data.documentId);
    m = await inbound('Is the visit on Friday?');
    expect(m?.routingReason).toMatch(/No active campaign/);
    expect(m?.routedTo?.[0]).toMatchObject({ inbox: 'bot' });
    const after = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(after.body.data.status).toBe('archived');
    expect(after.body.data.archivedAt).not.toBeNull();
  });

  it('is archived by hand too, and unsent texts are then skipped', async () => {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    const { data } = await createCampaign(api, draft({ phoneNumber: number.documentId, sendAt: minutesFromNow(-1), recipients: recipientNumbers(3, 200) }));
    await scheduleCampaign(api, data.documentId);
    await campaigns().activateDue();
    const res = await http().post(`/texting/campaigns/${data.documentId}/archive`).set(api.auth).send({});
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'archived', progress: { skipped: 3, sent: 0 } });
    await dispatcher().drain();
    expect(sentFrom(number.phoneNumber)).toHaveLength(0);
    const edit = await http().put(`/texting/campaigns/${data.documentId}`).set(api.auth).send({ name: 'Renamed' });
    expect(edit.status).toBe(409);
  });

  it('puts each recipient in the outbox once, however often activation runs', async () => {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    const { data } = await createCampaign(api, draft({ phoneNumber: number.documentId, sendAt: minutesFromNow(-1), recipients: recipientNumbers(4, 300) }));
    await scheduleCampaign(api, data.documentId);
    await Promise.all([campaigns().activateDue(), campaigns().activateDue()]);
    await campaigns().activateDue();
    expect(await outboxCounts(strapi(), data.documentId)).toEqual({ queued: 4 });
    // Enqueueing again by hand inserts nothing: unique (campaign, recipient).
    await strapi().db.connection('texting_outbox').insert({ document_id: 'dup', state: 'queued', campaign_document_id: data.documentId, from_number: number.phoneNumber, to_number: recipientNumbers(1, 300)[0], attempts: 0, next_attempt_at: 0 }).catch((e: Error) => e);
    expect(await outboxCounts(strapi(), data.documentId)).toEqual({ queued: 4 });
    await dispatcher().drain();
    expect(sentFrom(number.phoneNumber)).toHaveLength(4);
  });

  it('does not send while the number waits for carrier registration', async () => {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    await strapi().db.query('plugin::texting.phone-number').update({ where: { id: number.id }, data: { providerStatus: 'pending' } });
    const { data } = await createCampaign(api, draft({ phoneNumber: number.documentId, sendAt: minutesFromNow(-1), recipients: recipientNumbers(2, 400) }));
    await scheduleCampaign(api, data.documentId);
    await campaigns().activateDue();
    await dispatcher().drain();
    expect(sentFrom(number.phoneNumber)).toHaveLength(0);
    const detail = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(detail.body.data.hold).toMatch(/carrier registration/);
    await strapi().db.query('plugin::texting.phone-number').update({ where: { id: number.id }, data: { providerStatus: 'active' } });
    await dispatcher().drain();
    expect(sentFrom(number.phoneNumber)).toHaveLength(2);
  });
});

describe('sending rules', () => {
  async function activeCampaign(office: Doc, count: number, from: number) {
    const number = await makeNumber(strapi(), env.sim, nextNumber(), office, { responseType: 'bot' });
    const { data } = await createCampaign(api, draft({ office: office.documentId, phoneNumber: number.documentId, sendAt: minutesFromNow(-1), recipients: recipientNumbers(count, from) }));
    await scheduleCampaign(api, data.documentId);
    await campaigns().activateDue();
    return { number, documentId: data.documentId };
  }

  it("holds sends during the office's quiet hours, then sends", async () => {
    // An hour window that excludes now in the office's zone.
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Denver', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
    const quiet = await makeOffice(strapi(), 'Night Office', { timezone: 'America/Denver', sendWindowStart: ((hour + 2) % 24) * 60, sendWindowEnd: ((hour + 3) % 24) * 60 });
    await makeAgent(env.app, 'Quinn', [quiet], CAMPAIGN_ACTIONS);
    const { number, documentId } = await activeCampaign(quiet, 3, 500);
    await dispatcher().drain();
    expect(sentFrom(number.phoneNumber)).toHaveLength(0);
    expect(await outboxCounts(strapi(), documentId)).toEqual({ queued: 3 });
    const detail = await http().get(`/texting/campaigns/${documentId}`).set(api.auth);
    expect(detail.body.data.hold).toMatch(/quiet hours: Night Office texts between/);

    await strapi().documents('plugin::texting.office').update({ documentId: quiet.documentId, data: { sendWindowStart: 0, sendWindowEnd: 1440 } as never });
    await dispatcher().drain();
    expect(sentFrom(number.phoneNumber)).toHaveLength(3);
  });

  it('skips contacts opted out before the start and at the moment of sending', async () => {
    const people = recipientNumbers(4, 600);
    const number = await makeNumber(strapi(), env.sim, nextNumber(), admissions, { responseType: 'bot' });
    const { data } = await createCampaign(api, draft({ phoneNumber: number.documentId, sendAt: minutesFromNow(-1), recipients: people }));
    await scheduleCampaign(api, data.documentId);
    // Opted out after the import but before the start…
    await asPlugin(strapi(), () => strapi().documents('plugin::texting.contact').create({ data: { phoneNumber: people[0], optedOut: true } as never }));
    await campaigns().activateDue();
    // …and after the start, by texting STOP to the campaign's number.
    await text(env.sim, { from: people[1], to: number.phoneNumber, text: 'STOP' });
    await dispatcher().drain();
    // (The STOP got its confirmation from the number too; only the campaign's texts count here.)
    const got = sentFrom(number.phoneNumber).filter((m) => m.text.startsWith('Campus visit day'));
    expect(got.map((m) => `+${m.dst}`).sort()).toEqual([people[2], people[3]].sort());
    const detail = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(detail.body.data.progress).toMatchObject({ sent: 2, skipped: 2, optedOut: 2 });
  });

  it('retries 429, settles 500 and dropped connections by asking Plivo, and records permanent failures', async () => {
    const { number, documentId } = await activeCampaign(admissions, 3, 700);
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 500, times: 1 });
    env.sim.addFault({ endpoint: 'send', kind: 'rate_limit', times: 1 });
    env.sim.addFault({ endpoint: 'send', kind: 'drop', times: 1 });
    // A 500 or a dropped connection may follow acceptance: those rows are looked up (here without a grace).
    dispatcher().configure({ inDoubtGraceMs: 0 });
    dispatcher().resetStats();
    try {
      const until = Date.now() + 15_000;
      while ((await outboxCounts(strapi(), documentId)).sent !== 3 && Date.now() < until) {
        await dispatcher().drain();
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      dispatcher().configure({ inDoubtGraceMs: 30_000 });
    }
    env.sim.clearFaults();
    expect(dispatcher().stats()).toMatchObject({ inDoubt: 2, staleRequeued: 2, retried: 1 });
    expect(await outboxCounts(strapi(), documentId)).toEqual({ sent: 3 });
    expect(new Set(sentFrom(number.phoneNumber).map((m) => m.dst)).size).toBe(3);

    const failing = await activeCampaign(admissions, 1, 800);
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 400, times: 1, body: '{"error":"dst is not a mobile number"}' });
    await dispatcher().drain();
    env.sim.clearFaults();
    const row = await strapi().db.connection('texting_outbox').where({ campaign_document_id: failing.documentId }).first();
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/dst is not a mobile number/);
    const detail = await http().get(`/texting/campaigns/${failing.documentId}`).set(api.auth);
    expect(detail.body.data.progress).toMatchObject({ failed: 1, sent: 0, remaining: 0 });
  });

  it('limits the rate per number', async () => {
    dispatcher().configure({ ratePerSecond: 20 });
    try {
      const { number, documentId } = await activeCampaign(admissions, 21, 900);
      const started = Date.now();
      await dispatcher().drain();
      const times = sentFrom(number.phoneNumber).map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
      expect(times).toHaveLength(21);
      expect(await outboxCounts(strapi(), documentId)).toEqual({ sent: 21 });
      // 21 texts at 20/s: Plivo gets the last about a second after the first, never much sooner.
      expect(times[20] - times[0]).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      dispatcher().configure({ ratePerSecond: 0 });
    }
  });
});

describe('single-use numbers (rule 8)', () => {
  it('buys one for the campaign, refuses it to others, and releases it on archive', async () => {
    const { data, meta } = await createCampaign(api, draft({ name: 'Scholarship Night', phoneNumber: undefined, singleUseAreaCode: '415', sendAt: minutesFromNow(-1) }));
    const bought = meta.singleUseNumber as string;
    expect(bought).toMatch(/^\+1415\d{7}$/);
    expect(data.phoneNumber).toMatchObject({ phoneNumber: bought, numberType: 'single_use' });
    expect(env.sim.rented().map((r) => `+${r.number}`)).toContain(bought);

    // Not offered to other campaigns, and refused when named.
    const options = await http().get(`/texting/campaigns/number-options?office=${admissions.documentId}`).set(api.auth);
    expect(options.body.data.map((o: { phoneNumber: string }) => o.phoneNumber)).not.toContain(bought);
    const numberId = (data.phoneNumber as { documentId: string }).documentId;
    const other = await http().post('/texting/campaigns').set(api.auth).send(draft({ phoneNumber: numberId }));
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/single-use number of campaign "Scholarship Night"/);

    // It sends once activated at the provider, like any number.
    env.sim.activate(bought);
    await strapi().db.query('plugin::texting.phone-number').update({ where: { documentId: numberId }, data: { providerStatus: 'active' } });
    await scheduleCampaign(api, data.documentId);
    await campaigns().activateDue();
    await dispatcher().drain();
    expect(sentFrom(bought)).toHaveLength(1);

    const archived = await http().post(`/texting/campaigns/${data.documentId}/archive`).set(api.auth).send({});
    expect(archived.status).toBe(200);
    expect(archived.body.meta.released).toBe(bought);
    expect(env.sim.rented().map((r) => `+${r.number}`)).not.toContain(bought);
    expect(await strapi().db.query('plugin::texting.phone-number').count({ where: { phoneNumber: bought } })).toBe(0);
    expect(archived.body.data).toMatchObject({ status: 'archived', fromNumber: bought, phoneNumber: null });
    expect(archived.body.data.numberReleasedAt).not.toBeNull();
  });

  it('keeps a number whose release failed as release_failed, and the job retries it', async () => {
    const { data, meta } = await createCampaign(api, draft({ name: 'Yield Week', phoneNumber: undefined, singleUseAreaCode: '212', sendAt: minutesFromNow(1), archiveAt: minutesFromNow(5) }));
    const bought = meta.singleUseNumber as string;
    await scheduleCampaign(api, data.documentId);
    env.sim.addFault({ endpoint: 'unrent', kind: 'status', status: 500, times: 1 });
    const res = await campaigns().archiveDue(new Date(Date.now() + 6 * 60_000));
    expect(res.archived.map((c) => c.documentId)).toContain(data.documentId);
    expect(res.releaseFailed).toEqual([expect.objectContaining({ phoneNumber: bought })]);
    const kept = await strapi().db.query('plugin::texting.phone-number').findOne({ where: { phoneNumber: bought } });
    expect(kept).toMatchObject({ providerStatus: 'release_failed', numberType: 'single_use' });
    expect(env.sim.rented().map((r) => `+${r.number}`)).toContain(bought);
    const detail = await http().get(`/texting/campaigns/${data.documentId}`).set(api.auth);
    expect(detail.body.data.releaseError).toMatch(/500/);

    // A failed release is retried a minute later; that run succeeds.
    expect((await campaigns().releaseSingleUse(new Date(Date.now() + 6.5 * 60_000))).released).toEqual([]);
    const retry = await campaigns().releaseSingleUse(new Date(Date.now() + 8 * 60_000));
    expect(retry.released).toEqual([bought]);
    expect(env.sim.rented().map((r) => `+${r.number}`)).not.toContain(bought);
    expect(await strapi().db.query('plugin::texting.phone-number').count({ where: { phoneNumber: bought } })).toBe(0);
  });
});

describe('list and detail', () => {
  it('pages, filters and sorts, with progress on each row', async () => {
    const res = await http().get('/texting/campaigns?status=archived&sort=name:asc&pageSize=2').set(api.auth);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(res.body.meta.pagination.total).toBeGreaterThan(2);
    expect(res.body.data).toHaveLength(2);
    for (const row of res.body.data) {
      expect(row.status).toBe('archived');
      expect(row.progress).toEqual(expect.objectContaining({ total: expect.any(Number), sent: expect.any(Number), delivered: expect.any(Number), remaining: expect.any(Number) }));
    }
    const names = res.body.data.map((r: { name: string }) => r.name);
    expect([...names].sort()).toEqual(names);
    expect((await http().get('/texting/campaigns?sort=bogus:asc').set(api.auth)).status).toBe(400);
    expect((await http().get('/texting/campaigns/nope').set(api.auth)).status).toBe(404);
  });
});

/**
 * Inbound texts through Plivo's signed webhook (sent by the simulator): signature check, storage,
 * idempotency, routing by effective settings (rule 3), bot and hand-off, opt-out keywords (rule 10),
 * failures answering 5xx, and delivery reports.
 */
import request from 'supertest';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { asPlugin } from '../helpers/fixtures';
import {
  makeAgent,
  makeBotAnswer,
  makeCampaign,
  makeNumber,
  makeOffice,
  messageByUuid,
  repliesTo,
  sentTo,
  text,
  uuid,
  waitFor,
  type AgentLogin,
  type Doc,
  type NumberDoc,
} from '../helpers/inbound';
import { signV3 } from '../../simulator/src/server';
import { campaignsService, createCampaign, dispatcherService, minutesFromNow, scheduleCampaign } from '../helpers/campaigns';

const WEBHOOK = '/api/texting/webhooks/plivo/message';
const STATUS = '/api/texting/webhooks/plivo/status';
const MSG = 'plugin::texting.message';
const CONV = 'plugin::texting.conversation';

/** A status callback signed (V3) as Plivo signs one, posted to the app. */
const postSignedStatus = (params: Record<string, string>, nonce: string) =>
  request(env.app.url)
    .post(STATUS)
    .type('form')
    .set({ 'X-Plivo-Signature-V3': signV3('POST', `${env.app.url}${STATUS}`, params, nonce, env.sim.authToken), 'X-Plivo-Signature-V3-Nonce': nonce })
    .send(params);

let env: PlivoApp;
let admissions: Doc;
let finance: Doc;
let ana: AgentLogin;
let agentNumber: NumberDoc;
let botNumber: NumberDoc;
let auth: Record<string, string>;

const strapi = () => env.app.strapi;
const msgCount = () => strapi().db.query(MSG).count({});

async function conversationsOf(contact: string) {
  return (await strapi().db.query(CONV).findMany({
    where: { contact: { phoneNumber: contact } },
    populate: { inboxOffice: true, inboxAgent: true, campaign: true },
    orderBy: { id: 'asc' },
  })) as Array<{
    id: number;
    documentId: string;
    handler: string;
    status: string;
    inboxOffice: { name: string } | null;
    inboxAgent: { name: string } | null;
    campaign: { name: string } | null;
  }>;
}

beforeAll(async () => {
  env = await startAppWithSimulator();
  ({ auth } = await superAdminSession(env.app));
  admissions = await makeOffice(strapi(), 'Admissions', {
    helpText: 'Admissions help: call 555-0100 or reply with your question.',
    botFallback: 'Admissions bot: sorry, I do not know. Reply AGENT for a person.',
  });
  finance = await makeOffice(strapi(), 'Financial Aid');
  ana = await makeAgent(env.app, 'Ana Ruiz', [admissions]);
  agentNumber = await makeNumber(strapi(), env.sim, '+14155550100', admissions, {
    responseType: 'agent',
    inboxOffices: [admissions],
    inboxAgents: [ana],
  });
  botNumber = await makeNumber(strapi(), env.sim, '+14155550101', admissions, { responseType: 'bot' });
  await makeBotAnswer(strapi(), admissions, 'When is the application deadline?', 'deadline, due date, apply', 'The deadline is January 15.');
  await makeBotAnswer(strapi(), admissions, 'How do I schedule a campus visit?', 'visit, tour, campus', 'Book a tour at example.edu/visit.');
});
afterAll(() => env?.stop());

describe('signature', () => {
  it.each([
    ['unsigned', { signature: 'none' as const }],
    ['signed with another token', { authToken: 'not-the-token' }],
    ['tampered after signing', { tamper: { Text: 'changed' } }],
  ])('answers 403 and stores nothing when %s', async (_label, opts) => {
    const before = await msgCount();
    const contactsBefore = await strapi().db.query('plugin::texting.contact').count({});
    const res = await env.sim.inbound({ from: '+16175550111', to: agentNumber.phoneNumber, text: 'hello', ...opts });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Missing or invalid Plivo signature/);
    expect(await msgCount()).toBe(before);
    expect(await strapi().db.query('plugin::texting.contact').count({})).toBe(contactsBefore);
  });

  it('answers 403 to a delivery report without a signature', async () => {
    const res = await request(env.app.url).post(STATUS).type('form').send({ MessageUUID: uuid(), Status: 'delivered' });
    expect(res.status).toBe(403);
    expect(await strapi().db.query('plugin::texting.delivery-report').count({})).toBe(0);
  });

  it('accepts a V2 signature', async () => {
    const res = await text(env.sim, { from: '+16175550112', to: agentNumber.phoneNumber, text: 'v2 signed', signature: 'v2' });
    expect((await messageByUuid(strapi(), res.messageUuid))?.status).toBe('received');
  });
});

describe('storage', () => {
  it('stores the text, with Plivo fields, before answering 200 with Plivo XML', async () => {
    const res = await text(env.sim, { from: '+16175550113', to: agentNumber.phoneNumber, text: 'Hi there' });
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(res.body).toContain('<Response>');
    const m = await messageByUuid(strapi(), res.messageUuid);
    expect(m).toMatchObject({
      direction: 'inbound',
      status: 'received',
      body: 'Hi there',
      fromNumber: '+16175550113',
      toNumber: '+14155550100',
    });
  });

  it('stores a text to a number we do not own as orphaned, with 200', async () => {
    const res = await text(env.sim, { from: '+16175550114', to: '+14155559999', text: 'anyone?' });
    const m = await messageByUuid(strapi(), res.messageUuid);
    expect(m?.status).toBe('orphaned');
    expect(m?.routingReason).toMatch(/not ours, or released/);
  });

  it('stores a sequential repeat of a MessageUUID once, answering 200 both times', async () => {
    const id = uuid();
    await text(env.sim, { from: '+16175550115', to: agentNumber.phoneNumber, text: 'once', messageUuid: id });
    const convs = await conversationsOf('+16175550115');
    const again = await text(env.sim, { from: '+16175550115', to: agentNumber.phoneNumber, text: 'once', messageUuid: id });
    expect(again.headers['x-texting-outcome']).toBe('duplicate');
    expect(await strapi().db.query(MSG).count({ where: { messageUuid: id } })).toBe(1);
    expect(await conversationsOf('+16175550115')).toEqual(convs);
  });

  it('stores concurrent identical requests once, answering 200 to every one', async () => {
    const id = uuid();
    const before = await msgCount();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => env.sim.inbound({ from: '+16175550116', to: botNumber.phoneNumber, text: 'deadline?', messageUuid: id }))
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await strapi().db.query(MSG).count({ where: { messageUuid: id } })).toBe(1);
    // One inbound and exactly one bot reply.
    expect(await msgCount()).toBe(before + 2);
    expect((await repliesTo(strapi(), id)).length).toBe(1);
    expect((await conversationsOf('+16175550116')).length).toBe(1);
  });

  it('stores concurrent repeats once when the contact already has an open conversation', async () => {
    const from = '+16175550118';
    await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'first' });
    const convs = await conversationsOf(from);
    const id = uuid();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => env.sim.inbound({ from, to: agentNumber.phoneNumber, text: 'second', messageUuid: id }))
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.filter((r) => r.headers['x-texting-outcome'] === 'stored')).toHaveLength(1);
    expect(await strapi().db.query(MSG).count({ where: { messageUuid: id } })).toBe(1);
    expect((await conversationsOf(from)).map((c) => c.id)).toEqual(convs.map((c) => c.id));
    const [conv] = convs;
    const thread = await request(env.app.url).get(`/texting/conversations/${conv.documentId}`).set(auth);
    expect(thread.body.data.messages.map((m: { body: string }) => m.body)).toEqual(['first', 'second']);
  });

  it('answers 5xx when the database fails, keeps nothing half-done, and the retry succeeds', async () => {
    const id = uuid();
    const knex = strapi().db.connection;
    await knex.schema.renameTable('texting_conversations', 'texting_conversations_away');
    let failed;
    try {
      failed = await env.sim.inbound({ from: '+16175550117', to: agentNumber.phoneNumber, text: 'during outage', messageUuid: id });
    } finally {
      await knex.schema.renameTable('texting_conversations_away', 'texting_conversations');
    }
    expect(failed.status).toBe(500);
    expect(JSON.parse(String(failed.body)).error).toMatchObject({ status: 500, name: 'InternalServerError', message: 'Internal Server Error' });
    expect(await messageByUuid(strapi(), id)).toBeNull();

    const retry = await text(env.sim, { from: '+16175550117', to: agentNumber.phoneNumber, text: 'during outage', messageUuid: id });
    expect(retry.headers['x-texting-outcome']).toBe('stored');
    expect((await messageByUuid(strapi(), id))?.status).toBe('received');
    expect((await conversationsOf('+16175550117')).length).toBe(2);
  });
});

describe('webhook lane (served ahead of Strapi\'s global middlewares)', () => {
  /** A signed (V3) inbound text posted straight to the app, as JSON or as a form. */
  const signedMessage = (params: Record<string, string>, nonce = `${Date.now()}${Math.random()}`.replace('.', '')) => ({
    'X-Plivo-Signature-V3': signV3('POST', `${env.app.url}${WEBHOOK}`, params, nonce, env.sim.authToken),
    'X-Plivo-Signature-V3-Nonce': nonce,
  });

  it('answers with security headers (nosniff, HSTS, frame options, a closed CSP) on a 200 and on a 403', async () => {
    const ok = await text(env.sim, { from: '+16175550190', to: agentNumber.phoneNumber, text: 'headers?' });
    const refused = await env.sim.inbound({ from: '+16175550190', to: agentNumber.phoneNumber, text: 'x', signature: 'none' });
    for (const res of [ok, refused]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    }
    expect(JSON.parse(String(refused.body))).toEqual({
      data: null,
      error: { status: 403, name: 'ForbiddenError', message: 'Missing or invalid Plivo signature', details: {} },
    });
  });

  it('refuses a form body sent without a length once it passes 64 KB: 413 naming the limit, nothing stored', async () => {
    const before = await msgCount();
    const http = await import('http');
    const { port } = new URL(env.app.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: Number(port), path: WEBHOOK, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }
      );
      req.on('error', reject);
      req.write(`From=16175550191&To=${agentNumber.phoneNumber.slice(1)}&MessageUUID=${uuid()}&Text=`);
      // 80 KB in chunks; the server may answer and close before the last one.
      for (let i = 0; i < 80; i++) req.write('x'.repeat(1024));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ status: 413, name: 'PayloadTooLargeError' });
    expect(JSON.parse(answer.body).error.message).toMatch(/accepts at most 64 KB/);
    expect(await msgCount()).toBe(before);
  });

  it("a signed text that is not a valid Plivo message is a 400 in Strapi's error shape, nothing stored", async () => {
    const before = await msgCount();
    const params = { From: '16175550192', To: agentNumber.phoneNumber.slice(1), Text: 'no uuid' };
    const res = await request(env.app.url).post(WEBHOOK).type('form').set(signedMessage(params)).send(params);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect(res.body.error.message).toMatch(/MessageUUID/);
    expect(await msgCount()).toBe(before);
  });

  it("a signed JSON body is not the lane's: Strapi's stack parses it and the same route stores the text", async () => {
    const params = { From: '16175550193', To: agentNumber.phoneNumber.slice(1), Text: 'sent as JSON', MessageUUID: uuid() };
    const res = await request(env.app.url).post(WEBHOOK).set(signedMessage(params)).send(params);
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toMatch(/Strapi/); // Strapi's stack answered
    expect((await messageByUuid(strapi(), params.MessageUUID))?.body).toBe('sent as JSON');
  });
});

describe('agent routing', () => {
  it('opens a conversation in each selected inbox, then appends to them', async () => {
    const from = '+16175550120';
    const first = await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'Question about housing' });
    const convs = await conversationsOf(from);
    expect(convs.map((c) => [c.handler, c.inboxOffice?.name ?? null, c.inboxAgent?.name ?? null]).sort()).toEqual(
      [
        ['agent', 'Admissions', null],
        ['agent', null, 'Ana Ruiz'],
      ].sort()
    );
    const m = await messageByUuid(strapi(), first.messageUuid);
    expect(m?.routedTo?.map((r) => `${r.inbox}:${r.name}`).sort()).toEqual(['agent:Ana Ruiz', 'office:Admissions']);
    expect(m?.routingReason).toMatch(/unsolicited settings/);
    expect(await repliesTo(strapi(), first.messageUuid)).toEqual([]);

    await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'Also, parking?' });
    expect((await conversationsOf(from)).map((c) => c.id)).toEqual(convs.map((c) => c.id));
    // Both inboxes show both texts.
    for (const c of convs) {
      const thread = await request(env.app.url).get(`/texting/conversations/${c.documentId}`).set(auth);
      expect(thread.status).toBe(200);
      expect(thread.body.data.messages.map((x: { body: string }) => x.body)).toEqual(['Question about housing', 'Also, parking?']);
    }
  });
});

describe('bot routing', () => {
  it('answers with the best matching bot answer, sent through Plivo and stored', async () => {
    const from = '+16175550130';
    const res = await text(env.sim, { from, to: botNumber.phoneNumber, text: 'what is the deadline to apply?' });
    const [reply] = await repliesTo(strapi(), res.messageUuid);
    expect(reply).toMatchObject({ body: 'The deadline is January 15.', direction: 'outbound', fromNumber: botNumber.phoneNumber, toNumber: from });
    expect(reply.messageUuid).toBeTruthy();
    expect(sentTo(env.sim, from).map((m) => m.text)).toEqual(['The deadline is January 15.']);
    expect(sentTo(env.sim, from)[0].url).toBe(`${env.app.url}${STATUS}`);
    const m = await messageByUuid(strapi(), res.messageUuid);
    expect(m?.routedTo).toEqual([expect.objectContaining({ inbox: 'bot', name: 'Admissions' })]);
    expect(m?.routingReason).toMatch(/bot answered with "When is the application deadline\?"/);
    const [conv] = await conversationsOf(from);
    expect(conv).toMatchObject({ handler: 'bot', inboxOffice: null, inboxAgent: null });
  });

  it('sends the office fallback when nothing matches well enough', async () => {
    const from = '+16175550131';
    const res = await text(env.sim, { from, to: botNumber.phoneNumber, text: 'Do you like pizza?' });
    const [reply] = await repliesTo(strapi(), res.messageUuid);
    expect(reply.body).toBe('Admissions bot: sorry, I do not know. Reply AGENT for a person.');
    expect((await messageByUuid(strapi(), res.messageUuid))?.routingReason).toMatch(/fallback/);
  });

  it('hands off to the office inbox on a hand-off keyword, and the bot then stays silent', async () => {
    const from = '+16175550132';
    await text(env.sim, { from, to: botNumber.phoneNumber, text: 'campus tour?' });
    const handoff = await text(env.sim, { from, to: botNumber.phoneNumber, text: 'I want a human please' });
    const convs = await conversationsOf(from);
    expect(convs).toHaveLength(1);
    expect(convs[0]).toMatchObject({ handler: 'agent', status: 'open', inboxOffice: expect.objectContaining({ name: 'Admissions' }) });
    expect((await repliesTo(strapi(), handoff.messageUuid)).map((r) => r.body)).toEqual([
      'Thanks! Someone from Admissions will reply here soon.',
    ]);
    expect((await messageByUuid(strapi(), handoff.messageUuid))?.routingReason).toMatch(/hand-off keyword "human"/);

    const after = await text(env.sim, { from, to: botNumber.phoneNumber, text: 'when is the deadline?' });
    expect(await repliesTo(strapi(), after.messageUuid)).toEqual([]);
    expect((await messageByUuid(strapi(), after.messageUuid))?.routingReason).toMatch(/bot stays silent/);
    // Ana (agent of Admissions) now sees it in her office inbox.
    const list = await request(env.app.url).get('/texting/conversations').set(ana.auth);
    expect(list.body.data.map((c: { documentId: string }) => c.documentId)).toContain(convs[0].documentId);
  });
});

describe('campaign overrides the number (rule 3)', () => {
  it('routes by an active campaign, joins its conversation, and reverts when it is archived', async () => {
    const number = await makeNumber(strapi(), env.sim, '+14155550102', admissions, { responseType: 'bot' });
    const campaign = await makeCampaign(strapi(), {
      name: 'Fall visit',
      office: admissions,
      number,
      state: 'active',
      responseType: 'agent',
      inboxOffices: [finance],
    });
    const from = '+16175550140';
    const during = await text(env.sim, { from, to: number.phoneNumber, text: 'Is the visit on Friday?' });
    let m = await messageByUuid(strapi(), during.messageUuid);
    expect(m?.routedTo?.map((r) => `${r.inbox}:${r.name}`)).toEqual(['office:Financial Aid']);
    expect(m?.routingReason).toMatch(/Campaign "Fall visit" is active/);
    expect(await repliesTo(strapi(), during.messageUuid)).toEqual([]);
    let convs = await conversationsOf(from);
    expect(convs).toHaveLength(1);
    expect(convs[0].campaign?.name).toBe('Fall visit');

    const again = await text(env.sim, { from, to: number.phoneNumber, text: 'And Saturday?' });
    expect((await messageByUuid(strapi(), again.messageUuid))?.routedTo?.[0].conversation).toBe(convs[0].documentId);

    await asPlugin(strapi(), () => strapi().documents('plugin::texting.campaign').update({ documentId: campaign.documentId, data: { state: 'archived' } as never }));
    const after = await text(env.sim, { from, to: number.phoneNumber, text: 'when is the deadline' });
    m = await messageByUuid(strapi(), after.messageUuid);
    expect(m?.routedTo?.[0]).toMatchObject({ inbox: 'bot' });
    expect(m?.routingReason).toMatch(/No active campaign/);
    expect((await repliesTo(strapi(), after.messageUuid))[0].body).toBe('The deadline is January 15.');
    convs = await conversationsOf(from);
    expect(convs).toHaveLength(2);
  });

  it('ignores an active campaign whose archive time has passed', async () => {
    const number = await makeNumber(strapi(), env.sim, '+14155550103', admissions, { responseType: 'agent', inboxAgents: [ana] });
    await makeCampaign(strapi(), {
      name: 'Expired',
      office: admissions,
      number,
      state: 'active',
      responseType: 'bot',
      archiveAt: new Date(Date.now() - 60_000),
    });
    const res = await text(env.sim, { from: '+16175550141', to: number.phoneNumber, text: 'hello?' });
    expect((await messageByUuid(strapi(), res.messageUuid))?.routedTo?.map((r) => `${r.inbox}:${r.name}`)).toEqual(['agent:Ana Ruiz']);
  });

  it('answers with the campaign bot when the campaign is bot-answered', async () => {
    const number = await makeNumber(strapi(), env.sim, '+14155550104', admissions, { responseType: 'agent', inboxAgents: [ana] });
    await makeCampaign(strapi(), { name: 'Bot week', office: admissions, number, state: 'active', responseType: 'bot' });
    const res = await text(env.sim, { from: '+16175550142', to: number.phoneNumber, text: 'campus visit' });
    expect((await repliesTo(strapi(), res.messageUuid))[0].body).toBe('Book a tour at example.edu/visit.');
    expect((await messageByUuid(strapi(), res.messageUuid))?.routingReason).toMatch(/Campaign "Bot week"/);
  });
});

describe('opt-out keywords (rule 10)', () => {
  const from = '+16175550150';
  const contact = () => strapi().db.query('plugin::texting.contact').findOne({ where: { phoneNumber: from } });

  it('STOP opts the contact out and confirms once; a second STOP sends nothing', async () => {
    await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'hi' });
    const stop = await text(env.sim, { from, to: agentNumber.phoneNumber, text: ' Stop. ' });
    expect(await contact()).toMatchObject({ optedOut: true });
    expect((await contact()).optedOutAt).toBeTruthy();
    const confirmations = await repliesTo(strapi(), stop.messageUuid);
    expect(confirmations.map((r) => r.body)).toEqual([expect.stringMatching(/unsubscribed from Admissions/)]);
    const again = await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'UNSUBSCRIBE' });
    expect(await repliesTo(strapi(), again.messageUuid)).toEqual([]);
    expect(sentTo(env.sim, from)).toHaveLength(1);
    // The agents see the STOP in the open threads.
    const stored = await messageByUuid(strapi(), stop.messageUuid);
    expect(stored?.routedTo?.length).toBe(2);
  });

  it('refuses a 1:1 text to the opted-out contact with 409', async () => {
    const res = await request(env.app.url)
      .post('/texting/messages')
      .set(auth)
      .send({ from: agentNumber.documentId, to: from, text: 'Are you still there?' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/opted out/);
    expect(sentTo(env.sim, from)).toHaveLength(1);
  });

  it('the bot does not answer an opted-out contact', async () => {
    const res = await text(env.sim, { from, to: botNumber.phoneNumber, text: 'deadline?' });
    expect(await repliesTo(strapi(), res.messageUuid)).toEqual([]);
  });

  it('HELP answers with the office help text', async () => {
    const res = await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'help' });
    expect((await repliesTo(strapi(), res.messageUuid)).map((r) => r.body)).toEqual([
      'Admissions help: call 555-0100 or reply with your question.',
    ]);
  });

  it('START opts back in, and a 1:1 text is allowed again', async () => {
    const res = await text(env.sim, { from, to: agentNumber.phoneNumber, text: 'START' });
    expect(await contact()).toMatchObject({ optedOut: false });
    expect((await repliesTo(strapi(), res.messageUuid)).map((r) => r.body)).toEqual([expect.stringMatching(/resubscribed/)]);
    const sent = await request(env.app.url)
      .post('/texting/messages')
      .set(auth)
      .send({ from: agentNumber.documentId, to: from, text: 'Welcome back' });
    expect(sent.status).toBe(201);
  });

  it("follows Plivo's MessageIntent: optout and optin", async () => {
    const who = '+16175550151';
    await text(env.sim, { from: who, to: agentNumber.phoneNumber, text: 'please remove me', intent: 'optout' });
    expect(await strapi().db.query('plugin::texting.contact').findOne({ where: { phoneNumber: who } })).toMatchObject({ optedOut: true });
    await text(env.sim, { from: who, to: agentNumber.phoneNumber, text: 'back', intent: 'optin' });
    expect(await strapi().db.query('plugin::texting.contact').findOne({ where: { phoneNumber: who } })).toMatchObject({ optedOut: false });
  });

  it('sends a single confirmation for simultaneous STOPs', async () => {
    const who = '+16175550152';
    await Promise.all(['STOP', 'STOP', 'END', 'QUIT'].map((t) => text(env.sim, { from: who, to: agentNumber.phoneNumber, text: t })));
    expect(sentTo(env.sim, who)).toHaveLength(1);
  });

  it('keeps a scheduled campaign from texting a contact who replied STOP before it was sent', async () => {
    const stopper = '+16175550154';
    const stayer = '+16175550155';
    const office = await makeOffice(strapi(), 'Orientation', { sendWindowStart: 0, sendWindowEnd: 1440 });
    const number = await makeNumber(strapi(), env.sim, '+14155550105', office, { responseType: 'bot' });
    const api = { http: () => env.app.http(), auth };
    const { data } = await createCampaign(api, {
      name: 'Orientation reminder',
      office: office.documentId,
      phoneNumber: number.documentId,
      message: 'Orientation starts Monday at 9.',
      sendAt: minutesFromNow(-1),
      archiveAt: minutesFromNow(60),
      recipients: [stopper, stayer],
    });
    await scheduleCampaign(api, data.documentId);

    await text(env.sim, { from: stopper, to: number.phoneNumber, text: 'STOP' });
    await campaignsService(strapi()).activateDue();
    await dispatcherService(strapi()).drain();

    expect(sentTo(env.sim, stayer).map((m) => m.src)).toEqual(['14155550105']);
    // The stopper got the opt-out confirmation only, never the campaign text.
    expect(sentTo(env.sim, stopper).map((m) => m.text)).toEqual([expect.stringMatching(/unsubscribed from Orientation/)]);
  });

  it('does not treat STOP inside a sentence as an opt-out', async () => {
    const who = '+16175550153';
    await text(env.sim, { from: who, to: agentNumber.phoneNumber, text: "please don't stop texting me" });
    expect(await strapi().db.query('plugin::texting.contact').findOne({ where: { phoneNumber: who } })).toMatchObject({ optedOut: false });
  });
});

describe('delivery reports', () => {
  async function sendOne(to: string) {
    const res = await request(env.app.url).post('/texting/messages').set(auth).send({ from: agentNumber.documentId, to, text: 'status test' });
    expect(res.status).toBe(201);
    return res.body.data.messageUuid as string;
  }
  const statusOf = async (messageUuid: string) =>
    (await strapi().db.query(MSG).findOne({ where: { messageUuid }, select: ['status', 'errorCode'] })) as { status: string; errorCode: string | null };

  it('moves the status up and never lets a late "sent" overwrite "delivered"', async () => {
    const id = await sendOne('+16175550160');
    const r = await env.sim.deliveryReports({ messageUuid: id, order: ['delivered', 'sent', 'queued'] });
    expect(r.reports.map((x) => x.result.status)).toEqual([200, 200, 200]);
    expect(await statusOf(id)).toEqual({ status: 'delivered', errorCode: null });
  });

  it('records the error code of a failure, and a repeated report changes nothing', async () => {
    const id = await sendOne('+16175550161');
    await env.sim.deliveryReports({ messageUuid: id, order: ['sent', 'undelivered', 'undelivered', 'delivered'] });
    expect(await statusOf(id)).toEqual({ status: 'undelivered', errorCode: '80' });
  });

  it('keeps a report for an unknown UUID and applies it when the message appears', async () => {
    const id = uuid();
    const params = { MessageUUID: id, Status: 'delivered', ErrorCode: '000', To: '16175550162', From: '14155550100' };
    const res = await postSignedStatus(params, '12345678901234567890');
    expect(res.status).toBe(200);
    expect(res.headers['x-texting-outcome']).toBe('pending');
    expect(await strapi().db.query('plugin::texting.delivery-report').count({ where: { messageUuid: id } })).toBe(1);

    // An outbound message stored with that UUID later (as a dispatcher would) picks the report up.
    const row = await strapi().db.query(MSG).create({
      data: { direction: 'outbound', status: 'queued', body: 'late row', fromNumber: '+14155550100', toNumber: '+16175550162' },
    });
    await strapi().db.query(MSG).update({ where: { id: row.id }, data: { messageUuid: id } });
    expect(await statusOf(id)).toEqual({ status: 'delivered', errorCode: null });
    const kept = await strapi().db.query('plugin::texting.delivery-report').findOne({ where: { messageUuid: id } });
    expect(kept.appliedAt).toBeTruthy();
  });

  it('orders kept reports by rank when they are applied', async () => {
    const id = uuid();
    for (const status of ['delivered', 'sent']) {
      const params = { MessageUUID: id, Status: status, ErrorCode: '000' };
      const res = await postSignedStatus(params, `1234567890123456789${status.length}`);
      expect(res.status).toBe(200);
    }
    await strapi().db.query(MSG).create({
      data: { direction: 'outbound', status: 'queued', body: 'x', messageUuid: id, fromNumber: '+14155550100', toNumber: '+16175550163' },
    });
    await waitFor(async () => (await statusOf(id)).status === 'delivered');
  });
});

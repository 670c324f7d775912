/**
 * The inbox API: visibility per user (own agent inbox + office inboxes; super admins see all), thread,
 * reply, close, reassign within the office, 1:1 texts under rule 1, and test routing of a number.
 */
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { createRole, createUser, login, superAdminSession } from '../helpers/admin';
import {
  ALL_INBOX_ACTIONS,
  makeAgent,
  makeBotAnswer,
  makeNumber,
  makeOffice,
  messageByUuid,
  sentTo,
  text,
  type AgentLogin,
  type Doc,
  type NumberDoc,
} from '../helpers/inbound';

let env: PlivoApp;
let admissions: Doc;
let finance: Doc;
let ana: AgentLogin; // Admissions
let ben: AgentLogin; // Financial Aid
let cleo: AgentLogin; // Admissions, without the reply action
let nobody: Record<string, string>; // inbox rights, but no agent
let superAuth: Record<string, string>;
let officeLine: NumberDoc; // Admissions number → Admissions inbox
let benLine: NumberDoc; // Financial Aid number → Ben's own inbox
let botLine: NumberDoc;

const http = () => env.app.http();
const ids = (res: { body: { data: Array<{ documentId: string }> } }) => res.body.data.map((c) => c.documentId);

async function conversationFor(contact: string, number: NumberDoc) {
  return (await env.app.strapi.db.query('plugin::texting.conversation').findOne({
    where: { contact: { phoneNumber: contact }, phoneNumber: { id: number.id } },
    orderBy: { id: 'desc' },
  })) as { id: number; documentId: string };
}

beforeAll(async () => {
  env = await startAppWithSimulator();
  const s = env.app.strapi;
  ({ auth: superAuth } = await superAdminSession(env.app));
  admissions = await makeOffice(s, 'Admissions');
  finance = await makeOffice(s, 'Financial Aid');
  ana = await makeAgent(env.app, 'Ana Ruiz', [admissions]);
  ben = await makeAgent(env.app, 'Ben Okafor', [finance]);
  cleo = await makeAgent(env.app, 'Cleo Reader', [admissions], ['plugin::texting.inbox.read']);
  const role = await createRole(s, 'Inbox without agent', ALL_INBOX_ACTIONS);
  const user = await createUser(s, 'noagent@test.local', [role.id]);
  nobody = { Authorization: `Bearer ${await login(env.app, user.email)}` };

  officeLine = await makeNumber(s, env.sim, '+14155550200', admissions, { responseType: 'agent', inboxOffices: [admissions] });
  benLine = await makeNumber(s, env.sim, '+14155550201', finance, { responseType: 'agent', inboxAgents: [ben] });
  botLine = await makeNumber(s, env.sim, '+14155550202', admissions, { responseType: 'bot' });
  await makeBotAnswer(s, admissions, 'Where is the campus?', 'campus, address, directions', 'We are at 1 College Ave.');

  await text(env.sim, { from: '+16175550201', to: officeLine.phoneNumber, text: 'Admissions question' });
  await text(env.sim, { from: '+16175550202', to: benLine.phoneNumber, text: 'Aid question' });
  await text(env.sim, { from: '+16175550203', to: botLine.phoneNumber, text: 'where is the campus' });
});
afterAll(() => env?.stop());

describe('visibility', () => {
  it('shows each user the conversations of their own inbox and their offices only', async () => {
    const admissionsConv = (await conversationFor('+16175550201', officeLine)).documentId;
    const benConv = (await conversationFor('+16175550202', benLine)).documentId;
    const botConv = (await conversationFor('+16175550203', botLine)).documentId;

    const forAna = await http().get('/texting/conversations').set(ana.auth);
    expect(forAna.status).toBe(200);
    expect(ids(forAna)).toEqual([admissionsConv]);
    expect(forAna.body.data[0]).toMatchObject({
      status: 'open',
      handler: 'agent',
      contact: { phoneNumber: '+16175550201', optedOut: false },
      phoneNumber: { phoneNumber: '+14155550200', office: { name: 'Admissions' } },
      inbox: { type: 'office', name: 'Admissions' },
      lastMessagePreview: 'Admissions question',
    });

    expect(ids(await http().get('/texting/conversations').set(ben.auth))).toEqual([benConv]);
    expect(ids(await http().get('/texting/conversations').set(nobody))).toEqual([]);
    const all = await http().get('/texting/conversations').set(superAuth);
    expect(ids(all).sort()).toEqual([admissionsConv, benConv, botConv].sort());
    expect(all.body.meta.pagination).toMatchObject({ page: 1, total: 3 });
  });

  it('answers 404 for a conversation outside the user\'s inboxes', async () => {
    const benConv = (await conversationFor('+16175550202', benLine)).documentId;
    expect((await http().get(`/texting/conversations/${benConv}`).set(ana.auth)).status).toBe(404);
    expect((await http().post(`/texting/conversations/${benConv}/messages`).set(ana.auth).send({ text: 'hi' })).status).toBe(404);
    expect((await http().get(`/texting/conversations/${benConv}`).set(ben.auth)).status).toBe(200);
  });

  it('needs inbox.read to list, 401 without a login', async () => {
    const role = await createRole(env.app.strapi, 'Numbers only', ['plugin::texting.numbers.read']);
    const user = await createUser(env.app.strapi, 'numbersonly@test.local', [role.id]);
    const auth = { Authorization: `Bearer ${await login(env.app, user.email)}` };
    expect((await http().get('/texting/conversations').set(auth)).status).toBe(403);
    expect((await http().get('/texting/conversations')).status).toBe(401);
  });
});

describe('conversation', () => {
  it('shows the thread and sends a reply from the number, marked with its sender', async () => {
    const conv = (await conversationFor('+16175550201', officeLine)).documentId;
    const reply = await http().post(`/texting/conversations/${conv}/messages`).set(ana.auth).send({ text: 'Happy to help!' });
    expect(reply.status).toBe(201);
    expect(reply.body.data).toMatchObject({ direction: 'outbound', body: 'Happy to help!', status: 'queued' });
    expect(sentTo(env.sim, '+16175550201').map((m) => [m.src, m.text])).toEqual([['14155550200', 'Happy to help!']]);

    const thread = await http().get(`/texting/conversations/${conv}`).set(ana.auth);
    expect(thread.body.data.messages.map((m: { direction: string; body: string }) => [m.direction, m.body])).toEqual([
      ['inbound', 'Admissions question'],
      ['outbound', 'Happy to help!'],
    ]);
    expect(thread.body.data.messages[1].sentBy).toMatchObject({ id: ana.userId });
  });

  it('refuses empty and oversize replies with 400, and a reply without inbox.reply with 403', async () => {
    const conv = (await conversationFor('+16175550201', officeLine)).documentId;
    const empty = await http().post(`/texting/conversations/${conv}/messages`).set(ana.auth).send({ text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/text: must not be empty/);
    const long = await http().post(`/texting/conversations/${conv}/messages`).set(ana.auth).send({ text: 'x'.repeat(1601) });
    expect(long.status).toBe(400);
    expect((await http().post(`/texting/conversations/${conv}/messages`).set(cleo.auth).send({ text: 'hi' })).status).toBe(403);
    expect((await http().get(`/texting/conversations/${conv}`).set(cleo.auth)).status).toBe(200);
  });

  it('reassigns within the office only', async () => {
    const conv = (await conversationFor('+16175550201', officeLine)).documentId;
    const toBen = await http().post(`/texting/conversations/${conv}/reassign`).set(ana.auth).send({ agent: ben.documentId });
    expect(toBen.status).toBe(400);
    expect(toBen.body.error.message).toMatch(/not an agent of this conversation's office/);
    expect((await http().post(`/texting/conversations/${conv}/reassign`).set(ana.auth).send({ office: finance.documentId })).status).toBe(400);
    expect((await http().post(`/texting/conversations/${conv}/reassign`).set(ana.auth).send({})).status).toBe(400);

    const toCleo = await http().post(`/texting/conversations/${conv}/reassign`).set(ana.auth).send({ agent: cleo.documentId });
    expect(toCleo.status).toBe(200);
    expect(toCleo.body.data.inbox).toMatchObject({ type: 'agent', name: 'Cleo Reader' });
    // Ana no longer sees it; Cleo does; the contact's next text follows it to Cleo's inbox.
    expect(ids(await http().get('/texting/conversations').set(ana.auth))).not.toContain(conv);
    expect(ids(await http().get('/texting/conversations').set(cleo.auth))).toContain(conv);
    const next = await text(env.sim, { from: '+16175550201', to: officeLine.phoneNumber, text: 'thanks' });
    expect((await messageByUuid(env.app.strapi, next.messageUuid))?.routedTo).toEqual([
      expect.objectContaining({ inbox: 'agent', name: 'Cleo Reader', conversation: conv }),
    ]);

    const back = await http().post(`/texting/conversations/${conv}/reassign`).set(cleo.auth).send({ office: admissions.documentId });
    expect(back.status).toBe(403); // Cleo lacks inbox.reply
    const superBack = await http().post(`/texting/conversations/${conv}/reassign`).set(superAuth).send({ office: admissions.documentId });
    expect(superBack.body.data.inbox).toMatchObject({ type: 'office', name: 'Admissions' });
  });

  it('closes a conversation; the next text opens a new one', async () => {
    const conv = (await conversationFor('+16175550201', officeLine)).documentId;
    const closed = await http().post(`/texting/conversations/${conv}/close`).set(ana.auth);
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({ status: 'closed' });
    expect(closed.body.data.closedAt).toBeTruthy();
    expect(ids(await http().get('/texting/conversations').set(ana.auth))).not.toContain(conv);
    expect(ids(await http().get('/texting/conversations?status=closed').set(ana.auth))).toContain(conv);

    await text(env.sim, { from: '+16175550201', to: officeLine.phoneNumber, text: 'one more thing' });
    const fresh = (await conversationFor('+16175550201', officeLine)).documentId;
    expect(fresh).not.toBe(conv);
    expect(ids(await http().get('/texting/conversations').set(ana.auth))).toContain(fresh);
  });

  it('lets a super admin take over a bot conversation by replying', async () => {
    const conv = (await conversationFor('+16175550203', botLine)).documentId;
    const res = await http().post(`/texting/conversations/${conv}/messages`).set(superAuth).send({ text: 'A person here.' });
    expect(res.status).toBe(201);
    const row = await http().get(`/texting/conversations/${conv}`).set(superAuth);
    expect(row.body.data).toMatchObject({ handler: 'agent', inbox: { type: 'office', name: 'Admissions' } });
    expect(row.body.data.messages.map((m: { body: string; automatic: boolean }) => [m.body, m.automatic])).toEqual([
      ['where is the campus', false],
      ['We are at 1 College Ave.', true],
      ['A person here.', false],
    ]);
  });
});

describe('1:1 texts (rule 1)', () => {
  const send = (auth: Record<string, string>, body: Record<string, unknown>) => http().post('/texting/messages').set(auth).send(body);

  it('lets an agent of the office text from its number; the reply comes back to that agent', async () => {
    const res = await send(ana.auth, { from: officeLine.documentId, to: '(617) 555-0210', text: 'Hi, this is Ana from Admissions' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ toNumber: '+16175550210', fromNumber: '+14155550200', status: 'queued' });
    expect(res.body.data.conversation.inbox).toMatchObject({ type: 'agent', name: 'Ana Ruiz' });
    expect(sentTo(env.sim, '+16175550210').map((m) => m.text)).toEqual(['Hi, this is Ana from Admissions']);

    const answer = await text(env.sim, { from: '+16175550210', to: officeLine.phoneNumber, text: 'Hi Ana!' });
    expect((await messageByUuid(env.app.strapi, answer.messageUuid))?.routedTo).toEqual([
      expect.objectContaining({ inbox: 'agent', name: 'Ana Ruiz', conversation: res.body.data.conversation.documentId }),
    ]);
  });

  it('refuses an agent of another office with 403, and allows a super admin', async () => {
    const res = await send(ben.auth, { from: officeLine.documentId, to: '+16175550211', text: 'hello' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Only agents of Admissions/);
    expect(sentTo(env.sim, '+16175550211')).toEqual([]);
    expect((await send(nobody, { from: officeLine.documentId, to: '+16175550211', text: 'hello' })).status).toBe(403);
    expect((await send(superAuth, { from: officeLine.documentId, to: '+16175550211', text: 'hello' })).status).toBe(201);
  });

  it('refuses a bad number, an empty or oversize text, and unknown fields with 400; an unknown number with 404', async () => {
    const bad = await send(ana.auth, { from: officeLine.documentId, to: '12', text: 'hello' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/to: "12" is not a valid phone number/);
    expect((await send(ana.auth, { from: officeLine.documentId, to: '+16175550212', text: '' })).status).toBe(400);
    expect((await send(ana.auth, { from: officeLine.documentId, to: '+16175550212', text: 'y'.repeat(1601) })).status).toBe(400);
    expect((await send(ana.auth, { from: officeLine.documentId, to: '+16175550212', text: 'hi', extra: 1 })).status).toBe(400);
    expect((await send(ana.auth, { from: 'nope', to: '+16175550212', text: 'hi' })).status).toBe(404);
    expect((await send(cleo.auth, { from: officeLine.documentId, to: '+16175550212', text: 'hi' })).status).toBe(403);
    expect(sentTo(env.sim, '+16175550212')).toEqual([]);
  });

  it('answers 502 when Plivo refuses, keeping the text as failed with the reason', async () => {
    env.sim.addFault({ endpoint: 'send', kind: 'status', status: 400, times: 1, body: '{"error":"dst is blocked"}' });
    const res = await send(ana.auth, { from: officeLine.documentId, to: '+16175550213', text: 'will fail' });
    expect(res.status).toBe(502);
    const row = await env.app.strapi.db.query('plugin::texting.message').findOne({ where: { toNumber: '+16175550213' } });
    expect(row).toMatchObject({ status: 'failed', direction: 'outbound' });
    expect(row.failureReason).toBeTruthy();
  });
});

describe('test routing (a dry run)', () => {
  const testInbound = (auth: Record<string, string>, number: NumberDoc, body: Record<string, unknown>) =>
    http().post(`/texting/phone-numbers/${number.documentId}/test-inbound`).set(auth).send(body);

  const TABLES = ['contact', 'conversation', 'message', 'outbox-message', 'number-event'] as const;
  /** Rows of every table a text could write, and the requests the simulated Plivo received. */
  async function footprint() {
    const rows: Record<string, number> = {};
    for (const t of TABLES) rows[t] = await env.app.strapi.db.query(`plugin::texting.${t}`).count({});
    return { rows, requests: env.sim.requests().length, sent: env.sim.messages().length };
  }

  it('says where a text would land and why, and stores and sends nothing', async () => {
    const before = await footprint();
    const res = await testInbound(superAuth, officeLine, { from: '+16175550220', text: 'Testing routing' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      dryRun: true,
      from: '+16175550220',
      routedTo: [{ inbox: 'office', documentId: admissions.documentId, name: 'Admissions' }],
      reason: expect.stringMatching(/unsolicited settings apply: agent inboxes: office Admissions/),
      replies: [],
    });
    expect(await footprint()).toEqual(before);
    expect(await env.app.strapi.db.query('plugin::texting.contact').count({ where: { phoneNumber: '+16175550220' } })).toBe(0);
  });

  it("shows the bot's answer for a bot number without sending it", async () => {
    const before = await footprint();
    const res = await testInbound(superAuth, botLine, { text: 'directions to campus?' });
    expect(res.status).toBe(200);
    expect(res.body.data.routedTo).toEqual([{ inbox: 'bot', documentId: admissions.documentId, name: 'Admissions' }]);
    expect(res.body.data.replies).toEqual([{ kind: 'bot', body: 'We are at 1 College Ave.' }]);
    expect(res.body.data.reason).toMatch(/the bot would answer with/);
    const unmatched = await testInbound(superAuth, botLine, { text: 'zzz qqq' });
    expect(unmatched.body.data.reason).toMatch(/so the fallback would be sent$/);
    expect(await footprint()).toEqual(before);
  });

  it('a STOP test opts nobody out: the contact is as it was', async () => {
    const before = await footprint();
    const res = await testInbound(superAuth, officeLine, { from: '+16175550201', text: 'STOP' });
    expect(res.status).toBe(200);
    // Said as what would happen: nothing did.
    expect(res.body.data.reason).toMatch(/Opt-out keyword STOP: the contact would be opted out; one confirmation would be sent/);
    expect(res.body.data.replies).toEqual([{ kind: 'optout', body: expect.stringMatching(/unsubscribed/) }]);
    expect(await footprint()).toEqual(before);
    const contact = await env.app.strapi.db.query('plugin::texting.contact').findOne({ where: { phoneNumber: '+16175550201' } });
    expect(contact).toMatchObject({ optedOut: false });
  });

  it('needs numbers.update, checks its input, and works the same with real Plivo (no 409)', async () => {
    expect((await testInbound(ana.auth, officeLine, { text: 'x' })).status).toBe(403);
    const empty = await testInbound(superAuth, officeLine, { text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/text/);
    const cfg = env.app.strapi.config.get('plugin::texting') as { plivo: { simulated: boolean } };
    env.app.strapi.config.set('plugin::texting', { ...cfg, plivo: { ...cfg.plivo, simulated: false } });
    try {
      const before = await footprint();
      const res = await testInbound(superAuth, officeLine, { text: 'real plivo' });
      expect(res.status).toBe(200);
      expect(res.body.data.routedTo).toEqual([expect.objectContaining({ inbox: 'office', name: 'Admissions' })]);
      expect(await footprint()).toEqual(before);
    } finally {
      env.app.strapi.config.set('plugin::texting', { ...cfg, plivo: { ...cfg.plivo, simulated: true } });
    }
  });
});

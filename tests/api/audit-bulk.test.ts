/**
 * Issue 13, items 3-5: impact before destructive actions, bulk actions on the Phone Numbers list, and the audit
 * that outlives a number (released numbers with their history; the opt-out log, its export and import).
 * A limited user has the plugin's actions with "Is in one of my offices" and is an agent of offices A and A2.
 */
import type { TestApp } from '../helpers/app';
import { superAdminSession } from '../helpers/admin';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { asPlugin, fixtures, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';
import { text } from '../helpers/inbound';
import { inviteUser } from '../helpers/stock-users';

const CONDITION = 'plugin::texting.in-my-offices';
const ACTIONS = ['numbers.read', 'numbers.update', 'numbers.delete', 'inbox.read', 'inbox.reply', 'campaigns.read', 'campaigns.manage'].map(
  (a) => `plugin::texting.${a}`
);
const NUMBER = 'plugin::texting.phone-number';
const digits = (e164: string) => e164.slice(1);

let env: PlivoApp;
let app: TestApp;
let superAuth: Record<string, string>;
let superUserId: number;
let limited: Record<string, string>;
let fx: Fixtures;
let officeA: Doc;
let officeA2: Doc;
let officeB: Doc;

const http = () => app.http();

async function rentedNumber(input: Parameters<Fixtures['number']>[0]): Promise<NumberDoc> {
  const n = await fx.number(input);
  env.sim.state.rent(digits(n.phoneNumber), { appId: 'test-app-42', source: 'control', activated: true });
  return n;
}

const officeOf = async (documentId: string) =>
  ((await app.strapi.db.query(NUMBER).findOne({ where: { documentId }, populate: { office: { select: ['documentId'] } } })) as {
    office?: { documentId: string } | null;
    providerStatus?: string;
  } | null);

beforeAll(async () => {
  env = await startAppWithSimulator();
  app = env.app;
  const superSession = await superAdminSession(app);
  superAuth = superSession.auth;
  superUserId = superSession.user.id;
  fx = fixtures(app.strapi);
  officeA = await fx.office({ name: 'Audit A' });
  officeA2 = await fx.office({ name: 'Audit A2' });
  officeB = await fx.office({ name: 'Audit B' });

  const role = await http().post('/admin/roles').set(superAuth).send({ name: `Office agent ${Date.now()}`, description: 'audit test' });
  const perms = await http()
    .put(`/admin/roles/${role.body.data.id}/permissions`)
    .set(superAuth)
    .send({ permissions: ACTIONS.map((action) => ({ action, subject: null, properties: {}, conditions: [CONDITION] })) });
  expect(perms.status).toBe(200);
  const user = await inviteUser(app, superAuth, [role.body.data.id], 'auditor');
  limited = user.auth;
  await asPlugin(app.strapi, () =>
    app.strapi.documents('plugin::texting.agent').create({
      data: { name: 'Auditor', user: user.id, offices: [officeA.documentId, officeA2.documentId] } as never,
    })
  );
});
afterAll(() => env?.stop());

describe('impact before destructive actions', () => {
  it('lists the campaigns and open conversations a delete affects, and what happens to each', async () => {
    const n = await fx.number({ office: officeA.documentId, responseType: 'agent', name: 'Impact one' });
    const draft = await fx.campaign({ phoneNumber: n.documentId, state: 'draft', name: 'Spring draft' });
    await fx.campaign({ phoneNumber: n.documentId, state: 'archived', name: 'Old one' });
    await text(env.sim, { from: '+16175550801', to: n.phoneNumber, text: 'Hello there' });

    const res = await http().get(`/texting/phone-numbers/${n.documentId}/impact`).set(limited);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      phoneNumber: n.phoneNumber,
      office: { documentId: officeA.documentId, name: 'Audit A' },
      campaigns: [{ documentId: draft.documentId, name: 'Spring draft', status: 'draft', effect: 'loses_number' }],
      openConversations: 1,
      blocked: false,
      move: null,
    });

    const scheduled = await fx.campaign({ phoneNumber: n.documentId, state: 'scheduled', name: 'Booked' });
    const again = await http().get(`/texting/phone-numbers/${n.documentId}/impact`).set(limited);
    expect(again.body.data.blocked).toBe(true);
    expect(again.body.data.campaigns).toEqual(
      expect.arrayContaining([{ documentId: scheduled.documentId, name: 'Booked', status: 'scheduled', effect: 'blocks' }])
    );
  });

  it('lists what a move to another office affects: draft campaigns and the inboxes outside the new office', async () => {
    const n = await fx.number({ office: officeA.documentId, responseType: 'agent', inboxOffices: [officeA.documentId], name: 'Mover' });
    await fx.campaign({ phoneNumber: n.documentId, state: 'draft', name: 'Stays behind' });
    const res = await http().get(`/texting/phone-numbers/${n.documentId}/impact?office=${officeA2.documentId}`).set(limited);
    expect(res.status).toBe(200);
    expect(res.body.data.campaigns).toEqual([expect.objectContaining({ name: 'Stays behind', effect: 'stays_in_old_office' })]);
    expect(res.body.data.move).toEqual({
      to: { documentId: officeA2.documentId, name: 'Audit A2' },
      blocked: false,
      inboxesOutside: { offices: [{ documentId: officeA.documentId, name: 'Audit A' }], agents: [] },
    });
  });

  it('answers 404 for another office’s number and 400 for a move to an office outside the scope', async () => {
    const a = await fx.number({ office: officeA.documentId });
    const b = await fx.number({ office: officeB.documentId });
    expect((await http().get(`/texting/phone-numbers/${b.documentId}/impact`).set(limited)).status).toBe(404);
    const out = await http().get(`/texting/phone-numbers/${a.documentId}/impact?office=${officeB.documentId}`).set(limited);
    expect(out.status).toBe(400);
    expect(out.body.error.message).toMatch(/office: you may only choose one of your offices/);
  });

  it('says how many texts archiving a campaign leaves unsent', async () => {
    const n = await fx.number({ office: officeA.documentId });
    const c = await fx.campaign({ phoneNumber: n.documentId, state: 'scheduled' });
    const recipients = ['+16175550901', '+16175550902', '+16175550903'].map((phoneNumber) => ({ phoneNumber }));
    await app.strapi.db.query('plugin::texting.campaign').update({ where: { documentId: c.documentId }, data: { recipients, recipientCount: 3 } });
    const res = await http().get(`/texting/campaigns/${c.documentId}/impact`).set(limited);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ documentId: c.documentId, status: 'scheduled', unsent: 3, sending: 0, singleUseNumber: null });
    const other = await fx.campaign({ phoneNumber: (await fx.number({ office: officeB.documentId })).documentId, state: 'draft' });
    expect((await http().get(`/texting/campaigns/${other.documentId}/impact`).set(limited)).status).toBe(404);
  });
});

describe('POST /texting/phone-numbers/bulk', () => {
  it('reassigns each row on its own: one done, one in use by an active campaign, one in another office', async () => {
    const free = await fx.number({ office: officeA.documentId, name: 'Free' });
    const busy = await fx.number({ office: officeA.documentId, name: 'Busy' });
    const active = await fx.campaign({ phoneNumber: busy.documentId, state: 'active', name: 'Live campaign' });
    const foreign = await fx.number({ office: officeB.documentId, name: 'Foreign' });

    const res = await http()
      .post('/texting/phone-numbers/bulk')
      .set(limited)
      .send({ action: 'reassign', documentIds: [free.documentId, busy.documentId, foreign.documentId], data: { office: officeA2.documentId } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ action: 'reassign', total: 3, done: 1, refused: 2 });
    expect(res.body.data.results).toEqual([
      { documentId: free.documentId, phoneNumber: free.phoneNumber, status: 'done' },
      {
        documentId: busy.documentId,
        phoneNumber: busy.phoneNumber,
        status: 'refused',
        code: 409,
        reason: expect.stringMatching(/Live campaign.*cannot move to another office/),
      },
      { documentId: foreign.documentId, phoneNumber: null, status: 'refused', code: 404, reason: `No phone number with id "${foreign.documentId}".` },
    ]);
    expect((await officeOf(free.documentId))?.office?.documentId).toBe(officeA2.documentId);
    expect((await officeOf(busy.documentId))?.office?.documentId).toBe(officeA.documentId);
    expect((await officeOf(foreign.documentId))?.office?.documentId).toBe(officeB.documentId);
    expect(active.documentId).toBeTruthy();
    const history = await http().get(`/texting/phone-numbers/${free.documentId}/history`).set(limited);
    expect(history.body.data[0]).toMatchObject({ action: 'edited', changes: { office: { to: { name: 'Audit A2' } } } });
  });

  it('sets who answers on every row a filter matches, refusing rows the rule refuses (rule 4)', async () => {
    const office = await fx.office({ name: 'Filter office' });
    const agentOnly = await fx.agent({ name: 'Outsider', offices: [office.documentId] });
    const n1 = await fx.number({ office: office.documentId, name: 'Filter one' });
    const n2 = await fx.number({ office: office.documentId, name: 'Filter two' });
    const res = await http()
      .post('/texting/phone-numbers/bulk')
      .set(superAuth)
      .send({ action: 'answering', filter: { office: [office.documentId] }, data: { responseType: 'agent', unsolicitedInboxes: { agents: [agentOnly.documentId] } } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ total: 2, done: 2, refused: 0 });
    const stored = (await app.strapi.db.query(NUMBER).findMany({
      where: { documentId: { $in: [n1.documentId, n2.documentId] } },
      populate: { inboxAgents: { select: ['documentId'] } },
    })) as Array<{ responseType: string; inboxAgents: Array<{ documentId: string }> }>;
    expect(stored.map((s) => [s.responseType, s.inboxAgents.map((a) => a.documentId)])).toEqual([
      ['agent', [agentOnly.documentId]],
      ['agent', [agentOnly.documentId]],
    ]);

    const none = await http()
      .post('/texting/phone-numbers/bulk')
      .set(superAuth)
      .send({ action: 'answering', documentIds: [n1.documentId], data: { responseType: 'agent', unsolicitedInboxes: { offices: ['nope'] } } });
    expect(none.body.data.results[0]).toMatchObject({ status: 'refused', code: 400, reason: expect.stringMatching(/no office with id "nope"/) });
  });

  it('refuses a malformed request with 400 and changes nothing', async () => {
    const n = await fx.number({ office: officeA.documentId, name: 'Untouched' });
    const cases: Array<[unknown, RegExp]> = [
      [{ action: 'explode', documentIds: [n.documentId] }, /action must be one of reassign, answering, release/],
      [{ action: 'reassign', documentIds: [n.documentId], filter: {}, data: { office: officeA2.documentId } }, /either documentIds or filter/],
      [{ action: 'reassign', documentIds: [n.documentId], data: {} }, /give an office or an agent/],
      [{ action: 'release', documentIds: [n.documentId], data: { office: 'x' } }, /release takes no data/],
      [{ action: 'reassign', filter: { sort: 'color:asc' }, data: { office: officeA2.documentId } }, /unknown column "color"/],
      [{ action: 'reassign', documentIds: [n.documentId], data: { office: officeB.documentId } }, /data.office: you may only choose one of your offices/],
    ];
    for (const [body, message] of cases) {
      const res = await http().post('/texting/phone-numbers/bulk').set(limited).send(body as object);
      expect([res.status, res.body.error?.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await officeOf(n.documentId))?.office?.documentId).toBe(officeA.documentId);
  });

  it('releases many numbers at Plivo: the in-use row and the row Plivo refuses are reported and kept, the others released', async () => {
    const office = await fx.office({ name: 'Release office' });
    const free = await Promise.all([1, 2, 3].map((i) => rentedNumber({ office: office.documentId, name: `Gone ${i}` })));
    const inUse = await rentedNumber({ office: office.documentId, name: 'Held' });
    await fx.campaign({ phoneNumber: inUse.documentId, state: 'scheduled', name: 'Holding campaign' });
    // Plivo fails one release (whichever comes first: they run a few at a time).
    env.sim.addFault({ endpoint: 'unrent', kind: 'status', status: 500, times: 1 });
    const before = env.sim.requests({ endpoint: 'unrent' }).length;

    const ids = [free[0].documentId, inUse.documentId, free[1].documentId, free[2].documentId];
    const res = await http().post('/texting/phone-numbers/bulk').set(superAuth).send({ action: 'release', documentIds: ids });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ action: 'release', total: 4, done: 2, refused: 2 });
    expect(res.body.data.results.map((r: { documentId: string }) => r.documentId)).toEqual(ids);
    expect(res.body.data.results[1]).toMatchObject({ status: 'refused', code: 409, reason: expect.stringMatching(/Holding campaign/) });
    const failed = res.body.data.results.filter((r: { code?: number }) => r.code === 502);
    expect(failed).toEqual([expect.objectContaining({ status: 'refused', reason: expect.stringMatching(/was not released: it is kept/) })]);

    // Plivo got three release calls (the in-use number never reaches it); two numbers are gone there and here.
    expect(env.sim.requests({ endpoint: 'unrent' }).length - before).toBe(3);
    for (const n of free) {
      const kept = n.documentId === failed[0].documentId;
      expect([n.phoneNumber, Boolean(env.sim.state.getRented(digits(n.phoneNumber)))]).toEqual([n.phoneNumber, kept]);
      expect(await officeOf(n.documentId)).toEqual(kept ? expect.objectContaining({ providerStatus: 'release_failed' }) : null);
    }
    expect(env.sim.state.getRented(digits(inUse.phoneNumber))).toBeDefined();
    expect(await officeOf(inUse.documentId)).toMatchObject({ providerStatus: 'active' });
  });
});

describe('released numbers keep their history', () => {
  it('lists a released number with its name and office, and its history including the release', async () => {
    const n = await rentedNumber({ office: officeA.documentId, name: 'Short-lived' });
    await http().put(`/texting/phone-numbers/${n.documentId}`).set(limited).send({ name: 'Short-lived (renamed)' }).expect(200);
    const del = await http().delete(`/texting/phone-numbers/${n.documentId}`).set(limited);
    expect(del.status).toBe(200);

    const list = await http().get(`/texting/released-numbers?q=${digits(n.phoneNumber)}`).set(limited);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ phoneNumber: n.phoneNumber, name: 'Short-lived (renamed)', office: { documentId: officeA.documentId, name: 'Audit A' } }),
    ]);
    expect(list.body.data[0].releasedBy.name).toMatch(/auditor/);

    const history = await http().get(`/texting/released-numbers/${encodeURIComponent(n.phoneNumber)}/history`).set(limited);
    expect(history.status).toBe(200);
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['released', 'edited']);

    // Another office's user does not see it.
    const b = await rentedNumber({ office: officeB.documentId, name: 'B released' });
    await http().delete(`/texting/phone-numbers/${b.documentId}`).set(superAuth).expect(200);
    const mine = await http().get('/texting/released-numbers').set(limited);
    expect(mine.body.data.map((r: { phoneNumber: string }) => r.phoneNumber)).not.toContain(b.phoneNumber);
    expect((await http().get(`/texting/released-numbers/${encodeURIComponent(b.phoneNumber)}/history`).set(limited)).status).toBe(404);
    const all = await http().get('/texting/released-numbers').set(superAuth);
    expect(all.body.data.map((r: { phoneNumber: string }) => r.phoneNumber)).toEqual(expect.arrayContaining([n.phoneNumber, b.phoneNumber]));
    expect((await http().get('/texting/released-numbers/4155550123/history').set(superAuth)).status).toBe(400);
  });
});

describe('the opt-out log', () => {
  const contact = '+16175551234';

  it('logs every opt-out and opt-in with its source: keyword, Plivo intent, admin, import', async () => {
    const n = await fx.number({ office: officeA.documentId, responseType: 'agent', name: 'Log number' });
    await text(env.sim, { from: contact, to: n.phoneNumber, text: 'Hello, a question' }); // opens a conversation in office A
    await text(env.sim, { from: contact, to: n.phoneNumber, text: 'Stop.' });
    await text(env.sim, { from: contact, to: n.phoneNumber, text: 'STOP' }); // already out: not logged again
    await text(env.sim, { from: contact, to: n.phoneNumber, text: 'start' });
    await text(env.sim, { from: contact, to: n.phoneNumber, text: 'please remove me', intent: 'optout' });

    const conversations = await http().get('/texting/conversations?status=all').set(limited);
    const conv = conversations.body.data.find((c: { contact?: { phoneNumber: string } }) => c.contact?.phoneNumber === contact);
    expect(conv).toBeTruthy();
    const admin = await http().post(`/texting/conversations/${conv.documentId}/opt-out`).set(limited).send({ optedOut: false, note: 'Asked by phone' });
    expect(admin.status).toBe(200);
    expect(admin.body.data).toEqual({ contact, optedOut: false, changed: true });
    expect((await http().post(`/texting/conversations/${conv.documentId}/opt-out`).set(limited).send({ optedOut: 'yes' })).status).toBe(400);

    const imported = await http().post('/texting/opt-outs/import').set(superAuth).send({ csv: `phone\n${contact}\n+16175559999\nnot a number\n`, note: 'Old CRM' });
    expect(imported.status).toBe(200);
    expect(imported.body.data).toEqual({ received: 4, optedOut: 2, alreadyOptedOut: 0, invalid: [{ line: 1, value: 'phone' }, { line: 4, value: 'not a number' }] });
    expect((await http().post('/texting/opt-outs/import').set(limited).send({ csv: contact })).status).toBe(403);

    const log = await http().get(`/texting/opt-outs?contact=${encodeURIComponent(contact)}`).set(superAuth);
    expect(log.status).toBe(200);
    expect(log.body.data.map((e: { action: string; source: string; detail: string | null }) => [e.action, e.source, e.detail])).toEqual([
      ['opt_out', 'import', 'Old CRM · line 2'],
      ['opt_in', 'admin', 'Asked by phone'],
      ['opt_out', 'plivo_intent', '(MessageIntent=optout)'],
      ['opt_in', 'keyword', 'START'],
      ['opt_out', 'keyword', 'STOP.'],
    ]);
    expect(log.body.data[1]).toMatchObject({ number: n.phoneNumber, office: { name: 'Audit A' }, user: { name: expect.stringMatching(/auditor/) } });
    const contactRow = await app.strapi.db.query('plugin::texting.contact').findOne({ where: { phoneNumber: contact } });
    expect(contactRow.optedOut).toBe(true);

    // Office scoping: the limited user sees the lines of office A, not the import's (no office) or office B's.
    const b = await fx.number({ office: officeB.documentId, name: 'B log' });
    await text(env.sim, { from: '+16175554321', to: b.phoneNumber, text: 'STOP' });
    const mine = await http().get('/texting/opt-outs').set(limited);
    expect(mine.body.data.every((e: { office: { name: string } | null }) => e.office?.name === 'Audit A')).toBe(true);
    expect(mine.body.meta.pagination.total).toBe(4);
  });

  it('exports the log as CSV, streamed in pages, office-scoped', async () => {
    const res = await http().get('/texting/opt-outs/export').set(superAuth).buffer(true).parse((r, cb) => {
      let s = '';
      r.on('data', (c: Buffer) => (s += c.toString('utf8')));
      r.on('end', () => cb(null, s));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="opt-out-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (res.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"Time (UTC)","Contact","Change","Source","Detail","Our number","Office","By"');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^"[^"]+","\+16175551234","Opted out","Keyword","STOP\.","\+\d+","Audit A",""$/)]));

    // Paging: a tiny batch gives the same file as the default.
    const service = app.strapi.plugin('texting').service('optOutLog');
    const read = async (batch?: number) => {
      let s = '';
      for await (const chunk of service.export({}, null, { batch })) s += chunk.toString();
      return s;
    };
    expect(await read(2)).toBe(await read());

    const scoped = await http().get('/texting/opt-outs/export').set(limited).buffer(true).parse((r, cb) => {
      let s = '';
      r.on('data', (c: Buffer) => (s += c.toString('utf8')));
      r.on('end', () => cb(null, s));
    });
    const scopedRows = (scoped.body as string).trim().split('\r\n').slice(1);
    expect(scopedRows).toHaveLength(4);
    expect(scopedRows.every((l) => l.includes('"Audit A"'))).toBe(true);
  });

  it('an import is written 500 lines a transaction, every line keeping its rules: line numbers, one log line per change in its transaction, repeats and contacts already out counted', async () => {
    const n = await fx.number({ office: officeB.documentId, name: 'Chunk number' });
    const stopped = '+16175569999';
    await text(env.sim, { from: stopped, to: n.phoneNumber, text: 'STOP' });
    const listed = Array.from({ length: 1000 }, (_, i) => `+1617556${String(i).padStart(4, '0')}`);
    // Lines: 1 header, 2-1001 new numbers (valid lines 1-500 are the first chunk), 1002 a repeat of line 7 (an
    // earlier chunk), 1003 invalid, 1004 opted out by STOP, 1005 and 1006 one new number twice (the same chunk).
    const lines = ['phone', ...listed, '617-556-0005', 'n/a', stopped, '(617) 556-1000', '+16175561000'];
    // The transactions that write log lines, told apart by knex's transaction id: counting every BEGIN on the
    // connection also counted the STOP confirmation's outbox work when it ran during the import (CI, PostgreSQL).
    const transactions = new Set<string>();
    const count = (q: { sql: string; __knexTxId?: string }) =>
      void (/^insert into [`"]?texting_opt_out_events\b/i.test(q.sql.trim()) && transactions.add(q.__knexTxId ?? 'none'));
    app.strapi.db.connection.on('query', count);
    const res = await http().post('/texting/opt-outs/import').set(superAuth).send({ csv: lines.join('\r\n'), note: 'Big list' });
    app.strapi.db.connection.off('query', count);
    expect(res.status).toBe(200);
    expect([...transactions]).not.toContain('none');
    expect(transactions.size).toBe(3); // 1,004 valid lines: 500 + 500 + 4
    expect(res.body.data).toEqual({ received: 1006, optedOut: 1001, alreadyOptedOut: 3, invalid: [{ line: 1, value: 'phone' }, { line: 1003, value: 'n/a' }] });

    const events = app.strapi.db.query('plugin::texting.opt-out-event');
    expect(await events.count({ where: { detail: { $startsWith: 'Big list · ' } } })).toBe(1001);
    const logOf = async (contact: string) =>
      (await http().get(`/texting/opt-outs?contact=${encodeURIComponent(contact)}`).set(superAuth)).body.data.map(
        (e: { action: string; source: string; detail: string; user: { id: number } | null }) => [e.action, e.source, e.detail, e.user?.id ?? null]
      );
    expect(await logOf('+16175560005')).toEqual([['opt_out', 'import', 'Big list · line 7', superUserId]]);
    expect(await logOf('+16175560999')).toEqual([['opt_out', 'import', 'Big list · line 1001', superUserId]]);
    expect(await logOf('+16175561000')).toEqual([['opt_out', 'import', 'Big list · line 1005', superUserId]]);
    expect(await logOf(stopped)).toEqual([['opt_out', 'keyword', 'STOP', null]]);

    const contacts = (await app.strapi.db.query('plugin::texting.contact').findMany({
      where: { phoneNumber: { $in: [...listed, '+16175561000'] } },
      select: ['phoneNumber', 'optedOut', 'optedOutAt'],
    })) as Array<{ optedOut: boolean; optedOutAt: string | null }>;
    expect(contacts).toHaveLength(1001);
    expect(contacts.every((c) => c.optedOut === true && c.optedOutAt !== null)).toBe(true);

    // The same file again changes nothing and logs nothing.
    const again = await http().post('/texting/opt-outs/import').set(superAuth).send({ csv: lines.join('\n'), note: 'Big list' });
    expect(again.body.data).toMatchObject({ received: 1006, optedOut: 0, alreadyOptedOut: 1004 });
    expect(await events.count({ where: { detail: { $startsWith: 'Big list · ' } } })).toBe(1001);
  });

  it('is no door: the Document Service outside the plugin refuses the log', async () => {
    await expect(app.strapi.documents('plugin::texting.opt-out-event' as never).findMany({})).rejects.toThrow(/not available here/);
  });
});

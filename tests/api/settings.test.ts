/**
 * Issue 10, item 3: Settings → Texting routes (offices, agents, bot answers, the bot preview), guarded by
 * the plugin's settings action, and the same validation on Content Manager writes.
 */
import type { TestApp } from '../helpers/app';
import { createRole, createUser, login, superAdminSession } from '../helpers/admin';
import { startApp } from '../helpers/app';
import { fixtures, type Fixtures } from '../helpers/fixtures';

let app: TestApp;
let auth: Record<string, string>;
let fx: Fixtures;
const http = () => app.http();
const CM_OFFICE = '/content-manager/collection-types/plugin::texting.office';

const createOffice = (body: Record<string, unknown>) => http().post('/texting/offices').set(auth).send(body);

beforeAll(async () => {
  app = await startApp();
  ({ auth } = await superAdminSession(app));
  fx = fixtures(app.strapi);
});
afterAll(() => app?.stop());

describe('offices', () => {
  it('creates an office with a send window and HELP text, and reads it back', async () => {
    const registrar = {
      name: 'Registrar',
      timezone: 'America/Chicago',
      sendWindow: { start: '08:30', end: '20:00' },
      helpText: 'Registrar: call 555-0100.',
      botFallback: 'We will get back to you.',
      handoffKeyword: 'person',
    };
    const res = await createOffice(registrar);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      ...registrar,
      numberCount: 0,
      agentCount: 0,
    });
    const stored = await app.strapi.db.query('plugin::texting.office').findOne({ where: { documentId: res.body.data.documentId } });
    expect([stored.sendWindowStart, stored.sendWindowEnd]).toEqual([510, 1200]);
    const got = await http().get(`/texting/offices/${res.body.data.documentId}`).set(auth);
    expect(got.body.data).toEqual(res.body.data);
  });

  it('defaults the send window to 08:00–21:00', async () => {
    const res = await createOffice({ name: 'Defaults', timezone: 'UTC' });
    expect(res.status).toBe(201);
    expect(res.body.data.sendWindow).toEqual({ start: '08:00', end: '21:00' });
  });

  it.each([
    [{ name: 'Bad zone', timezone: 'Mars/Olympus' }, /timezone: must be an IANA time zone/],
    [{ name: 'Offset zone', timezone: '+05:00' }, /timezone/],
    [{ name: 'Abbrev zone', timezone: 'EST' }, /timezone/],
    [{ name: 'Bad window', timezone: 'UTC', sendWindow: { start: '25:00', end: '21:00' } }, /sendWindow.start/],
    [{ name: '', timezone: 'UTC' }, /name: is required/],
    [{ name: 'Extra', timezone: 'UTC', quietHoursStart: 3 }, null],
  ])('refuses %j with 400, storing nothing', async (body, message) => {
    const before = await app.strapi.db.query('plugin::texting.office').count({});
    const res = await createOffice(body);
    if (message === null) {
      // Unknown fields are ignored on create (zod strips them): the office is created without them.
      expect(res.status).toBe(201);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await app.strapi.db.query('plugin::texting.office').count({})).toBe(before);
  });

  it('refuses a second office with the same name (409)', async () => {
    await createOffice({ name: 'Twice', timezone: 'UTC' });
    const res = await createOffice({ name: 'twice', timezone: 'UTC' });
    expect(res.status).toBe(409);
  });

  it('lists with q, sort and pages', async () => {
    for (const name of ['Paged A', 'Paged B', 'Paged C']) await createOffice({ name, timezone: 'UTC' });
    const res = await http().get('/texting/offices?q=paged&sort=name:desc&page=1&pageSize=2').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { name: string }) => o.name)).toEqual(['Paged C', 'Paged B']);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
  });

  it('edits part of an office', async () => {
    const { body } = await createOffice({ name: 'Editable', timezone: 'UTC' });
    const res = await http().put(`/texting/offices/${body.data.documentId}`).set(auth).send({ sendWindow: { start: '22:00', end: '06:00' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Editable', sendWindow: { start: '22:00', end: '06:00' } });
    const bad = await http().put(`/texting/offices/${body.data.documentId}`).set(auth).send({ timezone: 'Nowhere' });
    expect(bad.status).toBe(400);
    expect((await http().get(`/texting/offices/${body.data.documentId}`).set(auth)).body.data.timezone).toBe('UTC');
  });

  it('refuses to delete an office with numbers or campaigns, naming them (409); deletes an empty one', async () => {
    const { body } = await createOffice({ name: 'Busy', timezone: 'UTC' });
    const office = body.data.documentId as string;
    const n = await fx.number({ office, phoneNumber: '+12025550777' });
    await fx.campaign({ name: 'Open Day', phoneNumber: n.documentId, office });
    const res = await http().delete(`/texting/offices/${office}`).set(auth);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('+12025550777');
    expect(res.body.error.message).toContain('"Open Day" (draft)');
    expect(res.body.error.details.numbers[0].phoneNumber).toBe('+12025550777');
    expect((await http().get(`/texting/offices/${office}`).set(auth)).status).toBe(200);

    const empty = await createOffice({ name: 'Empty', timezone: 'UTC' });
    const del = await http().delete(`/texting/offices/${empty.body.data.documentId}`).set(auth);
    expect(del.status).toBe(200);
    expect((await http().get(`/texting/offices/${empty.body.data.documentId}`).set(auth)).status).toBe(404);
  });
});

describe('the Content Manager runs the same validation on offices', () => {
  it('refuses a bad time zone on create and on edit', async () => {
    const post = await http().post(CM_OFFICE).set(auth).send({ name: 'CM zone', timezone: 'Mars/Olympus' });
    expect(post.status).toBe(400);
    expect(post.body.error.message).toMatch(/IANA/);
    expect(await app.strapi.db.query('plugin::texting.office').count({ where: { name: 'CM zone' } })).toBe(0);

    const { body } = await createOffice({ name: 'CM edit', timezone: 'UTC' });
    const put = await http().put(`${CM_OFFICE}/${body.data.documentId}`).set(auth).send({ timezone: 'Nowhere' });
    expect(put.status).toBe(400);
    expect((await app.strapi.db.query('plugin::texting.office').findOne({ where: { name: 'CM edit' } })).timezone).toBe('UTC');
  });

  it('refuses to delete an office with numbers, single or bulk', async () => {
    const { body } = await createOffice({ name: 'CM busy', timezone: 'UTC' });
    await fx.number({ office: body.data.documentId, phoneNumber: '+12025550778' });
    const single = await http().delete(`${CM_OFFICE}/${body.data.documentId}`).set(auth);
    expect(single.status).toBeGreaterThanOrEqual(400);
    expect(single.body.error.message).toContain('+12025550778');
    const bulk = await http().post(`${CM_OFFICE}/actions/bulkDelete`).set(auth).send({ documentIds: [body.data.documentId] });
    expect(bulk.status).toBeGreaterThanOrEqual(400);
    expect(await app.strapi.db.query('plugin::texting.office').count({ where: { name: 'CM busy' } })).toBe(1);
  });
});

describe('the Content Manager runs the same validation on agents and bot answers', () => {
  const cm = (type: string, rest = '') => `/content-manager/collection-types/plugin::texting.${type}${rest}`;

  it('refuses a second agent for the same admin user, on create and on edit', async () => {
    const user = await createUser(app.strapi, 'cm.agent@test.local', []);
    const first = await http().post('/texting/agents').set(auth).send({ name: 'CM first', user: user.id, offices: [] });
    expect(first.status).toBe(201);
    const agentsOf = () => app.strapi.db.query('plugin::texting.agent').count({ where: { user: { id: user.id } } });

    const post = await http().post(cm('agent')).set(auth).send({ name: 'CM second', user: { connect: [{ id: user.id }] } });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.status).toBeLessThan(500);
    expect(post.body.error.message).toMatch(/already texts as another agent/);
    expect(await agentsOf()).toBe(1);

    const other = await http().post('/texting/agents').set(auth).send({ name: 'CM other', offices: [] });
    const put = await http().put(cm('agent', `/${other.body.data.documentId}`)).set(auth).send({ user: { connect: [{ id: user.id }] } });
    expect(put.status).toBeGreaterThanOrEqual(400);
    expect(put.status).toBeLessThan(500);
    expect(await agentsOf()).toBe(1);
  });

  it('refuses a bot answer without an answer, and an edit that empties one', async () => {
    const office = (await createOffice({ name: 'CM bot office', timezone: 'UTC' })).body.data.documentId;
    const answers = () => app.strapi.db.query('plugin::texting.bot-answer').count({ where: { office: { documentId: office } } });
    const post = await http()
      .post(cm('bot-answer'))
      .set(auth)
      .send({ question: 'Where do I park?', keywords: 'parking', answer: '', office: { connect: [{ documentId: office }] } });
    expect(post.status).toBe(400);
    expect(post.body.error.message).toMatch(/answer/);
    expect(await answers()).toBe(0);

    const made = await http().post('/texting/bot-answers').set(auth).send({ office, question: 'Where do I park?', answer: 'Lot B.' });
    const put = await http().put(cm('bot-answer', `/${made.body.data.documentId}`)).set(auth).send({ answer: '' });
    expect(put.status).toBe(400);
    expect((await app.strapi.db.query('plugin::texting.bot-answer').findOne({ where: { documentId: made.body.data.documentId } })).answer).toBe('Lot B.');
  });
});

describe('agents', () => {
  it('creates an agent for an admin user and offices; one agent per user', async () => {
    const office = await createOffice({ name: 'Agent office', timezone: 'UTC' });
    const user = await createUser(app.strapi, 'agent.one@test.local', []);
    const res = await http()
      .post('/texting/agents')
      .set(auth)
      .send({ name: 'Ana Ruiz', user: user.id, offices: [office.body.data.documentId] });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'Ana Ruiz',
      user: { id: user.id, email: 'agent.one@test.local' },
      offices: [{ documentId: office.body.data.documentId, name: 'Agent office' }],
    });
    const again = await http().post('/texting/agents').set(auth).send({ name: 'Ana twice', user: user.id, offices: [] });
    expect(again.status).toBe(409);
    const unknown = await http().post('/texting/agents').set(auth).send({ name: 'Nobody', offices: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/offices: no office/);

    const put = await http().put(`/texting/agents/${res.body.data.documentId}`).set(auth).send({ name: 'Ana R.', offices: [] });
    expect(put.body.data).toMatchObject({ name: 'Ana R.', offices: [] });
    expect((await http().delete(`/texting/agents/${res.body.data.documentId}`).set(auth)).status).toBe(200);
  });
});

describe('bot answers and the preview', () => {
  let office: string;
  beforeAll(async () => {
    const res = await createOffice({
      name: 'Bot office',
      timezone: 'UTC',
      helpText: 'Bot office help: call us.',
      botFallback: 'No idea, sorry.',
      handoffKeyword: 'human',
    });
    office = res.body.data.documentId;
  });

  it('creates, lists by office, edits and deletes answers', async () => {
    const res = await http()
      .post('/texting/bot-answers')
      .set(auth)
      .send({ office, question: 'When is the campus open?', keywords: ['hours', 'open'], answer: 'Weekdays 9 to 5.' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ office: { documentId: office, name: 'Bot office' }, keywords: ['hours', 'open'] });
    const list = await http().get(`/texting/bot-answers?office=${office}`).set(auth);
    expect(list.body.data.map((b: { question: string }) => b.question)).toEqual(['When is the campus open?']);
    const bad = await http().post('/texting/bot-answers').set(auth).send({ office, question: '', answer: 'x' });
    expect(bad.status).toBe(400);
    const put = await http().put(`/texting/bot-answers/${res.body.data.documentId}`).set(auth).send({ answer: 'Weekdays 9 to 6.' });
    expect(put.body.data.answer).toBe('Weekdays 9 to 6.');
  });

  it('previews what the bot would answer, storing and sending nothing', async () => {
    const messages = () => app.strapi.db.query('plugin::texting.message').count({});
    const contacts = () => app.strapi.db.query('plugin::texting.contact').count({});
    const before = [await messages(), await contacts()];
    const ask = (text: string) => http().post(`/texting/offices/${office}/bot-preview`).set(auth).send({ text });
    expect((await ask('when is the campus open')).body.data).toMatchObject({ kind: 'answer', reply: 'Weekdays 9 to 6.' });
    expect((await ask('I like pizza')).body.data).toEqual({ kind: 'fallback', reply: 'No idea, sorry.', matched: null });
    expect((await ask('HELP')).body.data).toMatchObject({ kind: 'help', reply: 'Bot office help: call us.' });
    expect((await ask('can I talk to a human')).body.data.kind).toBe('handoff');
    expect((await ask('STOP')).body.data.kind).toBe('optout');
    expect((await ask('')).status).toBe(400);
    expect([await messages(), await contacts()]).toEqual(before);
  });
});

describe('the settings action guards these routes', () => {
  it('a numbers reader gets the pickers (names only) but none of the settings', async () => {
    const role = await createRole(app.strapi, 'Reader only', ['plugin::texting.numbers.read']);
    const reader = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'settings.reader@test.local', [role.id])).email)}` };
    const offices = await http().get('/texting/offices').set(reader);
    expect(offices.status).toBe(200);
    expect(Object.keys(offices.body.data[0]).sort()).toEqual(['documentId', 'name']);
    const id = offices.body.data[0].documentId;
    expect((await http().get(`/texting/offices/${id}`).set(reader)).status).toBe(403);
    expect((await http().post('/texting/offices').set(reader).send({ name: 'Nope', timezone: 'UTC' })).status).toBe(403);
    expect((await http().put(`/texting/offices/${id}`).set(reader).send({ name: 'Nope' })).status).toBe(403);
    expect((await http().get('/texting/bot-answers').set(reader)).status).toBe(403);
    expect((await http().post(`/texting/offices/${id}/bot-preview`).set(reader).send({ text: 'hi' })).status).toBe(403);
  });

  it('a settings user gets full rows', async () => {
    const role = await createRole(app.strapi, 'Settings', ['plugin::texting.settings']);
    const admin = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'settings.admin@test.local', [role.id])).email)}` };
    const res = await http().get('/texting/offices?pageSize=1').set(admin);
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toHaveProperty('sendWindow');
  });
});

describe('migration of quiet hours to send windows', () => {
  it('renames the columns and converts hours to minutes, once', async () => {
    const k = app.strapi.db.connection;
    const { body } = await createOffice({ name: 'Legacy', timezone: 'UTC' });
    await k.schema.alterTable('texting_offices', (t) => {
      t.renameColumn('send_window_start', 'quiet_hours_start');
      t.renameColumn('send_window_end', 'quiet_hours_end');
    });
    await k('texting_offices').where({ document_id: body.data.documentId }).update({ quiet_hours_start: 9, quiet_hours_end: 17 });
    const door = app.strapi.plugin('texting').service('door');
    expect(await door.migrateOfficeSendWindow()).toBe(true);
    expect(await door.migrateOfficeSendWindow()).toBe(false);
    const got = await http().get(`/texting/offices/${body.data.documentId}`).set(auth);
    expect(got.body.data.sendWindow).toEqual({ start: '09:00', end: '17:00' });
  });
});

/**
 * Issue 10, item 2 (rule 12): office scoping through Strapi's RBAC condition "Is in one of my offices".
 * Roles are set through Settings → Roles' own route (`PUT /admin/roles/:id/permissions`) and users invited
 * through `POST /admin/users`, as an administrator does it.
 */
import type { TestApp } from '../helpers/app';
import { superAdminSession } from '../helpers/admin';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { fixtures, asPlugin, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';
import { text } from '../helpers/inbound';
import { inviteUser } from '../helpers/stock-users';

const CONDITION = 'plugin::texting.in-my-offices';
const NUMBER_ACTIONS = ['numbers.read', 'numbers.update', 'numbers.export', 'numbers.delete'].map((a) => `plugin::texting.${a}`);
const INBOX_ACTIONS = ['inbox.read', 'inbox.reply'].map((a) => `plugin::texting.${a}`);
const CAMPAIGN_ACTIONS = ['campaigns.read', 'campaigns.manage'].map((a) => `plugin::texting.${a}`);

let env: PlivoApp;
let app: TestApp;
let superAuth: Record<string, string>;
let fx: Fixtures;
let officeA: Doc;
let officeB: Doc;
let a1: NumberDoc;
let a2: NumberDoc;
let b1: NumberDoc;
let limited: Record<string, string>;
let unlimited: Record<string, string>;
let noAgent: Record<string, string>;

async function roleWith(name: string, actions: string[], conditions: string[]) {
  const role = await app.http().post('/admin/roles').set(superAuth).send({ name: `${name} ${Date.now()}`, description: 'scope test' });
  expect(role.status).toBe(201);
  const res = await app
    .http()
    .put(`/admin/roles/${role.body.data.id}/permissions`)
    .set(superAuth)
    .send({ permissions: actions.map((action) => ({ action, subject: null, properties: {}, conditions })) });
  expect(res.status).toBe(200);
  return role.body.data.id as number;
}

async function agentFor(userId: number, offices: Doc[]) {
  await asPlugin(app.strapi, () =>
    app.strapi.documents('plugin::texting.agent').create({ data: { name: `Agent ${userId}`, user: userId, offices: offices.map((o) => o.documentId) } as never })
  );
}

const http = () => app.http();
const phoneNumbers = (body: { data: Array<{ phoneNumber: string }> }) => body.data.map((r) => r.phoneNumber).sort();

beforeAll(async () => {
  env = await startAppWithSimulator();
  app = env.app;
  ({ auth: superAuth } = await superAdminSession(app));
  fx = fixtures(app.strapi);
  officeA = await fx.office({ name: 'Scope A' });
  officeB = await fx.office({ name: 'Scope B' });
  a1 = await fx.number({ phoneNumber: '+12025550601', office: officeA.documentId, name: 'A one' });
  a2 = await fx.number({ phoneNumber: '+12025550602', office: officeA.documentId, name: 'A two' });
  b1 = await fx.number({ phoneNumber: '+12025550603', office: officeB.documentId, name: 'B one', responseType: 'agent' });

  const scoped = await roleWith('Office agent', [...NUMBER_ACTIONS, ...INBOX_ACTIONS, ...CAMPAIGN_ACTIONS], [CONDITION]);
  const open = await roleWith('Numbers all', NUMBER_ACTIONS, []);
  const lim = await inviteUser(app, superAuth, [scoped], 'limited');
  limited = lim.auth;
  await agentFor(lim.id, [officeA]);
  const unl = await inviteUser(app, superAuth, [open], 'unlimited');
  unlimited = unl.auth;
  await agentFor(unl.id, [officeA]);
  noAgent = (await inviteUser(app, superAuth, [scoped], 'noagent')).auth;
});
afterAll(() => env?.stop());

it('registers the condition, listed in Settings → Roles', async () => {
  const res = await http().get('/admin/permissions').set(superAuth);
  expect(res.body.data.conditions.map((c: { id: string }) => c.id)).toContain(CONDITION);
});

describe('numbers', () => {
  it('the list and its search show only the user\'s offices', async () => {
    const res = await http().get('/texting/phone-numbers').set(limited);
    expect(res.status).toBe(200);
    expect(phoneNumbers(res.body)).toEqual([a1.phoneNumber, a2.phoneNumber]);
    expect(res.body.meta.pagination.total).toBe(2);
    const search = await http().get(`/texting/phone-numbers?q=${encodeURIComponent(b1.phoneNumber)}`).set(limited);
    expect(search.body.data).toEqual([]);
    const filtered = await http().get(`/texting/phone-numbers?office=${officeB.documentId}`).set(limited);
    expect(filtered.body.data).toEqual([]);
  });

  it('the export holds only the user\'s offices', async () => {
    const res = await http().get('/texting/phone-numbers/export').set(limited).buffer(true);
    expect(res.status).toBe(200);
    expect(res.text).toContain(a1.phoneNumber);
    expect(res.text).toContain(a2.phoneNumber);
    expect(res.text).not.toContain(b1.phoneNumber);
  });

  it('another office\'s number is 404 for detail, history, scheduled campaigns, edit and delete', async () => {
    for (const path of ['', '/history', '/scheduled-campaigns']) {
      const res = await http().get(`/texting/phone-numbers/${b1.documentId}${path}`).set(limited);
      expect(res.status).toBe(404);
    }
    const put = await http().put(`/texting/phone-numbers/${b1.documentId}`).set(limited).send({ name: 'Hijacked' });
    expect(put.status).toBe(404);
    const del = await http().delete(`/texting/phone-numbers/${b1.documentId}`).set(limited);
    expect(del.status).toBe(404);
    const stored = await app.strapi.db.query('plugin::texting.phone-number').findOne({ where: { documentId: b1.documentId } });
    expect(stored.name).toBe('B one');
  });

  it('edits its own office\'s number, but cannot move it to another office', async () => {
    expect((await http().get(`/texting/phone-numbers/${a1.documentId}`).set(limited)).status).toBe(200);
    const ok = await http().put(`/texting/phone-numbers/${a1.documentId}`).set(limited).send({ name: 'A one renamed' });
    expect(ok.status).toBe(200);
    const move = await http().put(`/texting/phone-numbers/${a1.documentId}`).set(limited).send({ office: officeB.documentId });
    expect(move.status).toBe(400);
    expect(move.body.error.message).toMatch(/one of your offices/);
  });

  it('the same actions without the condition, and super admins, see every office', async () => {
    for (const who of [unlimited, superAuth]) {
      const res = await http().get('/texting/phone-numbers').set(who);
      expect(phoneNumbers(res.body)).toEqual([a1.phoneNumber, a2.phoneNumber, b1.phoneNumber]);
    }
  });

  it('a limited user who is no agent sees nothing', async () => {
    const res = await http().get('/texting/phone-numbers').set(noAgent);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect((await http().get(`/texting/phone-numbers/${a1.documentId}`).set(noAgent)).status).toBe(404);
  });
});

describe('inbox', () => {
  it('another office\'s conversation is absent from the list and 404', async () => {
    await text(env.sim, { from: '+16175550701', to: b1.phoneNumber, text: 'Hello office B' });
    const conv = await app.strapi.db.query('plugin::texting.conversation').findOne({ where: { phoneNumber: { documentId: b1.documentId } } });
    expect(conv).toBeTruthy();
    const list = await http().get('/texting/conversations').set(limited);
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: { documentId: string }) => c.documentId)).not.toContain(conv.documentId);
    expect((await http().get(`/texting/conversations/${conv.documentId}`).set(limited)).status).toBe(404);
    const send = await http().post('/texting/messages').set(limited).send({ from: b1.documentId, to: '+16175550701', text: 'hi' });
    expect([403, 404]).toContain(send.status);
  });

  it("another office's conversation cannot be answered, closed, moved or its contact opted out: 404, nothing changes", async () => {
    const conv = await app.strapi.db.query('plugin::texting.conversation').findOne({ where: { phoneNumber: { documentId: b1.documentId } }, populate: { contact: true } });
    const messages = () => app.strapi.db.query('plugin::texting.message').count({ where: { toNumber: conv.contact.phoneNumber } });
    const before = await messages();
    env.sim.clearRequests();
    const path = `/texting/conversations/${conv.documentId}`;
    expect((await http().post(`${path}/messages`).set(limited).send({ text: 'Taking this one' })).status).toBe(404);
    expect((await http().post(`${path}/close`).set(limited).send({})).status).toBe(404);
    expect((await http().get(`${path}/reassign-options`).set(limited)).status).toBe(404);
    expect((await http().post(`${path}/reassign`).set(limited).send({ office: officeA.documentId })).status).toBe(404);
    expect((await http().post(`${path}/opt-out`).set(limited).send({ optedOut: true })).status).toBe(404);
    const after = await app.strapi.db.query('plugin::texting.conversation').findOne({ where: { id: conv.id }, populate: { contact: true } });
    expect([after.status, after.contact.optedOut]).toEqual([conv.status, conv.contact.optedOut]);
    expect(await messages()).toBe(before);
    expect(env.sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('campaigns', () => {
  let campA: Doc;
  let campB: Doc;
  beforeAll(async () => {
    campA = await fx.campaign({ name: 'Campaign of A', phoneNumber: a2.documentId, office: officeA.documentId });
    campB = await fx.campaign({ name: 'Campaign of B', phoneNumber: b1.documentId, office: officeB.documentId });
  });

  it('the list shows only the user\'s offices\' campaigns', async () => {
    const res = await http().get('/texting/campaigns').set(limited);
    expect(res.status).toBe(200);
    const names = res.body.data.map((c: { name: string }) => c.name);
    expect(names).toContain('Campaign of A');
    expect(names).not.toContain('Campaign of B');
    const all = await http().get('/texting/campaigns').set(superAuth);
    expect(all.body.data.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Campaign of A', 'Campaign of B']));
  });

  it('another office\'s campaign (recipients included) is 404; so are its number options', async () => {
    expect((await http().get(`/texting/campaigns/${campA.documentId}`).set(limited)).status).toBe(200);
    const other = await http().get(`/texting/campaigns/${campB.documentId}`).set(limited);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('Campaign of B');
    expect((await http().get(`/texting/campaigns/number-options?office=${officeB.documentId}`).set(limited)).status).toBe(404);
    expect((await http().put(`/texting/campaigns/${campB.documentId}`).set(limited).send({ name: 'Taken' })).status).toBe(404);
    expect((await http().post(`/texting/campaigns/${campB.documentId}/archive`).set(limited)).status).toBe(404);
  });

  it('a single-use number on a campaign also needs numbers.provision', async () => {
    const res = await http()
      .post('/texting/campaigns')
      .set(limited)
      .send({ name: 'Needs a number', office: officeA.documentId, singleUseAreaCode: '415', message: 'Hi. Reply STOP to opt out.', responseType: 'bot' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Provision phone numbers/);
    expect(await app.strapi.db.query('plugin::texting.campaign').count({ where: { name: 'Needs a number' } })).toBe(0);
  });
});

/**
 * Issue 10, item 1: the Content Manager and the Document Service are no side door to texting data.
 * Users are created the way an administrator does (`POST /admin/users` + registration), with Strapi's stock
 * Editor and Author roles; the super admin tries the same doors.
 */
import type { TestApp } from '../helpers/app';
import { superAdminSession } from '../helpers/admin';
import { startAppWithSimulator, PLIVO_APP_ID, type PlivoApp } from '../helpers/plivo';
import { fixtures, UID, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';
import { text } from '../helpers/inbound';
import { inviteUser, roleIdByCode } from '../helpers/stock-users';

let env: PlivoApp;
let app: TestApp;
let superAuth: Record<string, string>;
let editor: Record<string, string>;
let author: Record<string, string>;
let fx: Fixtures;
let office: Doc;
let line: NumberDoc;
const student = '+16175550142';

const cm = (uid: string, rest = '') => `/content-manager/collection-types/${uid}${rest}`;
const INTERNAL = ['message', 'conversation', 'contact', 'outbox-message', 'delivery-report', 'number-event', 'opt-out-event', 'dispatch-state', 'notification', 'notification-read'].map((t) => `plugin::texting.${t}`);
const TEXTING = [...INTERNAL, UID.number, UID.campaign, UID.office, UID.agent, 'plugin::texting.bot-answer'];

const contactRow = () => app.strapi.db.query('plugin::texting.contact').findOne({ where: { phoneNumber: student } });

beforeAll(async () => {
  env = await startAppWithSimulator();
  app = env.app;
  ({ auth: superAuth } = await superAdminSession(app));
  editor = (await inviteUser(app, superAuth, [await roleIdByCode(app, superAuth, 'strapi-editor')], 'editor')).auth;
  author = (await inviteUser(app, superAuth, [await roleIdByCode(app, superAuth, 'strapi-author')], 'author')).auth;
  fx = fixtures(app.strapi);
  office = await fx.office({ name: 'Door Office' });
  line = await fx.number({ phoneNumber: '+14155550991', office: office.documentId, responseType: 'bot' });
  env.sim.rent(line.phoneNumber, { appId: PLIVO_APP_ID, activated: true });
  // A real exchange: the student texts, then opts out.
  await text(env.sim, { from: student, to: line.phoneNumber, text: 'What are your hours?' });
  await text(env.sim, { from: student, to: line.phoneNumber, text: 'STOP' });
  expect((await contactRow())?.optedOut).toBe(true);
});
afterAll(() => env?.stop());

describe('stock roles', () => {
  it.each([
    ['Editor', () => editor],
    ['Author', () => author],
  ])('%s holds no permission on any texting type or action', async (_label, who) => {
    const res = await app.http().get('/admin/users/me/permissions').set(who());
    expect(res.status).toBe(200);
    const texting = (res.body.data as Array<{ action: string; subject: string | null }>).filter(
      (p) => p.action.startsWith('plugin::texting.') || (p.subject ?? '').startsWith('plugin::texting.')
    );
    expect(texting).toEqual([]);
    // …while it still has its ordinary content rights (the role is not emptied).
    expect((res.body.data as unknown[]).length).toBeGreaterThan(0);
  });

  it.each(TEXTING)('an Editor reads nothing of %s in the Content Manager', async (uid) => {
    const res = await app.http().get(cm(uid)).set(editor);
    expect([403, 404]).toContain(res.status);
    expect(res.body.data ?? null).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(student.slice(2));
  });

  it.each([
    ['Editor', () => editor],
    ['Author', () => author],
  ])("%s gets 403 on every route of the plugin's own (but the dispatch status), and changes nothing", async (_label, who) => {
    // Every admin route the router serves, so that a route added later without a policy shows up here.
    const conversation = await app.strapi.db.query('plugin::texting.conversation').findOne({ where: { contact: { phoneNumber: student } } });
    const messages = () => app.strapi.db.query('plugin::texting.message').count({});
    const before = await messages();
    env.sim.clearRequests();
    const body = { optedOut: false, from: line.documentId, to: student, text: 'Hello', ids: [], all: true, documentIds: [line.documentId], action: 'release' };
    const answers: string[] = [];
    for (const route of app.strapi.server.listRoutes() as Array<{ path: string; methods: string[] }>) {
      if (!route.path.startsWith('/texting/')) continue;
      const url = route.path
        .replace(':documentId', route.path.startsWith('/texting/conversations/') ? conversation.documentId : line.documentId)
        .replace(':phoneNumber', line.phoneNumber);
      for (const method of route.methods.filter((m) => m !== 'HEAD')) {
        const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
        const res = method === 'GET' ? await app.http().get(url).set(who()) : await app.http()[verb](url).set(who()).send(body);
        answers.push(`${method} ${route.path} ${res.status}`);
        if (res.status === 200) expect(JSON.stringify(res.body)).not.toContain(student.slice(2));
      }
    }
    expect(answers.length).toBeGreaterThan(60);
    expect(answers.filter((a) => !a.endsWith(' 403'))).toEqual(['GET /texting/dispatch-status 200']);
    expect((await contactRow())?.optedOut).toBe(true);
    expect(await messages()).toBe(before);
    expect(await app.strapi.db.query(UID.number).count({ where: { documentId: line.documentId } })).toBe(1);
    expect(env.sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an Editor cannot re-subscribe an opted-out contact', async () => {
    const c = await contactRow();
    const res = await app.http().put(cm('plugin::texting.contact', `/${c.documentId}`)).set(editor).send({ optedOut: false });
    expect([403, 404]).toContain(res.status);
    expect((await contactRow())?.optedOut).toBe(true);
  });

  it('the Content Manager lists none of the internal types, for anyone', async () => {
    const res = await app.http().get('/content-manager/content-types').set(superAuth);
    const shown = (res.body.data as Array<{ uid: string; isDisplayed: boolean }>).filter((t) => t.isDisplayed).map((t) => t.uid);
    for (const uid of INTERNAL) expect(shown).not.toContain(uid);
    expect(shown).toContain(UID.number);
  });
});

describe('internal types, even for a super admin', () => {
  it.each(INTERNAL)('%s answers 404 and no rows', async (uid) => {
    const res = await app.http().get(cm(uid)).set(superAuth);
    expect(res.status).toBe(404);
    expect(res.body.data).toBeNull();
    expect(res.body.error.message).toMatch(/Texting pages/);
  });

  it('a contact cannot be re-subscribed, nor created', async () => {
    const c = await contactRow();
    const put = await app.http().put(cm('plugin::texting.contact', `/${c.documentId}`)).set(superAuth).send({ optedOut: false });
    // Strapi gives super admins read-only rights on hidden types (for relation pickers): writes are 403 there.
    expect([403, 404]).toContain(put.status);
    expect((await contactRow())?.optedOut).toBe(true);
    const post = await app.http().post(cm('plugin::texting.contact')).set(superAuth).send({ phoneNumber: '+16175550999', optedOut: false });
    expect([403, 404]).toContain(post.status);
    expect(await app.strapi.db.query('plugin::texting.contact').count({ where: { phoneNumber: '+16175550999' } })).toBe(0);
  });

  it('strapi.documents() outside the plugin is refused too', async () => {
    await expect(app.strapi.documents('plugin::texting.contact' as never).findMany({})).rejects.toThrow(/Texting pages/);
    const c = await contactRow();
    await expect(
      app.strapi.documents('plugin::texting.contact' as never).update({ documentId: c.documentId, data: { optedOut: false } as never })
    ).rejects.toThrow(/Texting pages/);
    expect((await contactRow())?.optedOut).toBe(true);
  });
});

describe('phone numbers through the Content Manager', () => {
  it('reads them', async () => {
    const res = await app.http().get(cm(UID.number)).set(superAuth);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { phoneNumber: string }) => r.phoneNumber)).toContain(line.phoneNumber);
  });

  it('does not create a number that was never bought', async () => {
    env.sim.clearRequests();
    const res = await app
      .http()
      .post(cm(UID.number))
      .set(superAuth)
      .send({ phoneNumber: '+14155550992', name: 'Hand made', office: office.documentId, responseType: 'bot', numberType: 'reusable' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Texting → Phone numbers/);
    expect(await app.strapi.db.query(UID.number).count({ where: { phoneNumber: '+14155550992' } })).toBe(0);
    expect(env.sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('does not edit a number (its page applies the rules and keeps its history)', async () => {
    const res = await app.http().put(cm(UID.number, `/${line.documentId}`)).set(superAuth).send({ name: 'Renamed by hand', providerStatus: 'active' });
    expect(res.status).toBe(403);
    expect((await app.strapi.db.query(UID.number).findOne({ where: { documentId: line.documentId } })).name).not.toBe('Renamed by hand');
  });

  it.each([
    ['single delete', (n: NumberDoc) => app.http().delete(cm(UID.number, `/${n.documentId}`)).set(superAuth)],
    ['bulk delete', (n: NumberDoc) => app.http().post(cm(UID.number, '/actions/bulkDelete')).set(superAuth).send({ documentIds: [n.documentId] })],
  ])('a %s releases the number at Plivo: no orphan rental', async (_label, del) => {
    const n = await fx.number({ phoneNumber: `+1415555${_label === 'bulk delete' ? '0993' : '0994'}`, office: office.documentId });
    env.sim.rent(n.phoneNumber, { appId: PLIVO_APP_ID, activated: true });
    const res = await del(n);
    expect(res.status).toBe(200);
    expect(await app.strapi.db.query(UID.number).count({ where: { documentId: n.documentId } })).toBe(0);
    expect(env.sim.state.getRented(n.phoneNumber)).toBeUndefined();
    const history = await app.strapi.db.query('plugin::texting.number-event').findMany({ where: { phoneNumber: n.phoneNumber } });
    expect(history.map((e: { action: string }) => e.action)).toContain('released');
  });

  it('a delete that Plivo refuses keeps the number', async () => {
    const n = await fx.number({ phoneNumber: '+14155550995', office: office.documentId });
    env.sim.rent(n.phoneNumber, { appId: PLIVO_APP_ID, activated: true });
    const fault = env.sim.addFault({ endpoint: 'unrent', kind: 'status', status: 500 });
    const res = await app.http().delete(cm(UID.number, `/${n.documentId}`)).set(superAuth);
    env.sim.clearFaults();
    expect(fault).toBeTruthy();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await app.strapi.db.query(UID.number).count({ where: { documentId: n.documentId } })).toBe(1);
    expect(env.sim.state.getRented(n.phoneNumber)).toBeDefined();
  });
});

describe('campaigns through the Content Manager', () => {
  let campaign: Doc;
  beforeAll(async () => {
    campaign = await fx.campaign({ name: 'Hand-set', state: 'draft', phoneNumber: line.documentId });
  });
  const state = async () => (await app.strapi.db.query(UID.campaign).findOne({ where: { documentId: campaign.documentId } })).state;

  it('reads them', async () => {
    const res = await app.http().get(cm(UID.campaign)).set(superAuth);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { name: string }) => r.name)).toContain('Hand-set');
  });

  it('cannot set a campaign state, single or bulk', async () => {
    const res = await app.http().put(cm(UID.campaign, `/${campaign.documentId}`)).set(superAuth).send({ state: 'active' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Texting → Campaigns/);
    expect(await state()).toBe('draft');
  });

  it('cannot create or delete a campaign', async () => {
    const post = await app
      .http()
      .post(cm(UID.campaign))
      .set(superAuth)
      .send({ name: 'Sneaky', state: 'active', office: office.documentId, phoneNumber: line.documentId, message: 'hi' });
    expect(post.status).toBe(403);
    expect(await app.strapi.db.query(UID.campaign).count({ where: { name: 'Sneaky' } })).toBe(0);
    const del = await app.http().post(cm(UID.campaign, '/actions/bulkDelete')).set(superAuth).send({ documentIds: [campaign.documentId] });
    expect(del.status).toBe(403);
    expect(await state()).toBe('draft');
  });

  it('strapi.documents() writes are refused outside the plugin', async () => {
    await expect(
      app.strapi.documents(UID.campaign as never).update({ documentId: campaign.documentId, data: { state: 'active' } as never })
    ).rejects.toThrow(/Texting → Campaigns/);
    expect(await state()).toBe('draft');
  });
});

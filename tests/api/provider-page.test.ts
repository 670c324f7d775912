/**
 * The Provider page (issue 13): account and balance, last sync and "Sync now", pending numbers and "Activate now",
 * numbers missing at Plivo, unmanaged numbers with "Import into an office" and "Release", each within the user's
 * reach (office scoping; unmanaged numbers are org-level). And the notifications those events raise: listed per
 * user with read/unread, scoped to the user's offices, and e-mailed to the office's agents who chose it.
 */
import { startAppWithSimulator, PLIVO_APP_ID, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { asPlugin, fixtures, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';
import { inviteUser } from '../helpers/stock-users';
import { waitFor } from '../helpers/inbound';

const CONDITION = 'plugin::texting.in-my-offices';
const ACTIONS = ['numbers.read', 'numbers.update', 'numbers.provision', 'numbers.delete', 'campaigns.read', 'campaigns.manage'].map(
  (a) => `plugin::texting.${a}`
);

let env: PlivoApp;
let superAuth: Record<string, string>;
let limited: { auth: Record<string, string>; id: number; email: string };
let fx: Fixtures;
let officeA: Doc;
let officeB: Doc;
let pendingA: NumberDoc;
let pendingB: NumberDoc;
let goneA: NumberDoc;

const http = () => env.app.http();
const UNMANAGED = '+14155550777';

async function roleWith(name: string, actions: string[], conditions: string[]) {
  const role = await http().post('/admin/roles').set(superAuth).send({ name: `${name} ${Date.now()}`, description: 'provider page test' });
  await http()
    .put(`/admin/roles/${role.body.data.id}/permissions`)
    .set(superAuth)
    .send({ permissions: actions.map((action) => ({ action, subject: null, properties: {}, conditions })) });
  return role.body.data.id as number;
}

const overview = (auth: Record<string, string>) => http().get('/texting/provider/overview').set(auth);
const notifications = (auth: Record<string, string>, query = '') => http().get(`/texting/notifications${query}`).set(auth);
const count = (uid: string) => env.app.strapi.db.query(`plugin::texting.${uid}`).count({});

beforeAll(async () => {
  env = await startAppWithSimulator();
  ({ auth: superAuth } = await superAdminSession(env.app));
  fx = fixtures(env.app.strapi);
  officeA = await fx.office({ name: 'North campus' });
  officeB = await fx.office({ name: 'South campus' });
  pendingA = await fx.number({ phoneNumber: '+14155550701', office: officeA.documentId, name: 'North pending', providerStatus: 'pending' });
  pendingB = await fx.number({ phoneNumber: '+14155550702', office: officeB.documentId, name: 'South pending', providerStatus: 'pending' });
  goneA = await fx.number({ phoneNumber: '+14155550703', office: officeA.documentId, name: 'North gone' });
  env.sim.rent(pendingA.phoneNumber, { activated: false });
  env.sim.rent(pendingB.phoneNumber, { activated: false });
  env.sim.rent(UNMANAGED, { appId: 'someone-else', activated: true }); // rented in Plivo's console, not here
  // goneA is not rented at Plivo: released outside the app.

  const scoped = await roleWith('North staff', ACTIONS, [CONDITION]);
  const user = await inviteUser(env.app, superAuth, [scoped], 'north');
  limited = { auth: user.auth, id: user.id, email: user.email };
  await asPlugin(env.app.strapi, () =>
    env.app.strapi.documents('plugin::texting.agent').create({ data: { name: 'North agent', user: user.id, offices: [officeA.documentId] } as never })
  );
});
afterAll(() => env?.stop());

describe('provider page', () => {
  it('shows the account and balance (org-level), pending numbers, and no sync yet', async () => {
    const res = await overview(superAuth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      configured: true,
      simulated: true,
      account: { status: 'ok', name: 'Plivo Simulator', balance: '100.00000', billingMode: 'prepaid' },
      lastSync: null,
      missing: [],
      unmanaged: [],
      may: { import: true, release: true, activate: true, sync: true },
    });
    expect(res.body.data.pending.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual([pendingA.phoneNumber, pendingB.phoneNumber]);
    expect(env.sim.requests({ endpoint: 'account' }).length).toBeGreaterThan(0);
    // The balance is Plivo's, read at each view: the simulator's control API lowers it.
    const config = await fetch(`${env.sim.origin}/__control/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cashCredits: 3.5 }) });
    expect(config.status).toBe(200);
    expect((await overview(superAuth)).body.data.account.balance).toBe('3.50000');
    // Credentials Plivo refuses show as such.
    env.sim.addFault({ endpoint: 'account', kind: 'status', status: 401, times: 1 });
    expect((await overview(superAuth)).body.data.account).toMatchObject({ status: 'unauthorized', balance: null });
  });

  it('"Sync now" finds the unmanaged number and ours missing at Plivo, records the time, and notifies once', async () => {
    const before = Date.now();
    const res = await http().post('/texting/provider/sync').set(superAuth);
    expect(res.status).toBe(200);
    expect(res.body.data.unmanaged).toEqual([{ phoneNumber: UNMANAGED, appId: 'someone-else' }]);
    expect(res.body.data.missing).toEqual([expect.objectContaining({ documentId: goneA.documentId, office: { documentId: officeA.documentId, name: 'North campus' } })]);
    expect(res.body.data.lastSync).toMatchObject({ ok: true, error: null });
    expect(Date.parse(res.body.data.lastSync.at)).toBeGreaterThanOrEqual(before - 1000);
    await http().post('/texting/provider/sync').set(superAuth); // still missing: no second notification
    const missing = (await notifications(superAuth)).body.data.filter((n: { kind: string }) => n.kind === 'number_missing');
    expect(missing).toEqual([expect.objectContaining({ phoneNumber: goneA.phoneNumber, numberDocumentId: goneA.documentId, read: false })]);
  });

  it('a failed sync is shown with its reason, keeping what the last one found', async () => {
    env.sim.addFault({ endpoint: 'list', kind: 'status', status: 503, times: 1 });
    const res = await http().post('/texting/provider/sync').set(superAuth);
    expect(res.status).toBe(502);
    const page = (await overview(superAuth)).body.data;
    expect(page.lastSync).toMatchObject({ ok: false, error: expect.stringMatching(/503/) });
    expect(page.unmanaged).toEqual([{ phoneNumber: UNMANAGED, appId: 'someone-else' }]);
  });

  it("an office-limited user sees only their offices' numbers, neither the account nor unmanaged numbers, and may not import or release them", async () => {
    const res = await overview(limited.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ account: null, unmanaged: null, may: { import: false, release: false } });
    expect(res.body.data.pending.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual([pendingA.phoneNumber]);
    expect(res.body.data.missing.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual([goneA.phoneNumber]);
    const numbers = await count('phone-number');
    const imp = await http()
      .post('/texting/provider/unmanaged/import')
      .set(limited.auth)
      .send({ phoneNumber: UNMANAGED, name: 'Mine', office: officeA.documentId, responseType: 'bot' });
    expect(imp.status).toBe(403);
    expect(imp.body.error.message).toMatch(/not limited to their offices/);
    const rel = await http().post('/texting/provider/unmanaged/release').set(limited.auth).send({ phoneNumber: UNMANAGED });
    expect(rel.status).toBe(403);
    expect(await count('phone-number')).toBe(numbers);
    expect(env.sim.state.getRented(UNMANAGED.slice(1))).toBeTruthy();
  });

  it('"Activate now" of another office\'s number is 404 for a limited user; their own becomes active and notifies', async () => {
    expect((await http().post(`/texting/phone-numbers/${pendingB.documentId}/activate`).set(limited.auth)).status).toBe(404);
    const res = await http().post(`/texting/phone-numbers/${pendingA.documentId}/activate`).set(limited.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('active');
    const list = (await notifications(limited.auth)).body.data;
    expect(list[0]).toMatchObject({ kind: 'number_active', phoneNumber: pendingA.phoneNumber, read: false });
  });

  it('import refuses a bad body with 400 and a number Plivo does not have with 404, storing nothing', async () => {
    const numbers = await count('phone-number');
    const bad = await http().post('/texting/provider/unmanaged/import').set(superAuth).send({ phoneNumber: UNMANAGED, name: 'X', office: officeA.documentId, responseType: 'agent' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/inbox/i);
    const absent = await http()
      .post('/texting/provider/unmanaged/import')
      .set(superAuth)
      .send({ phoneNumber: '+14155550799', name: 'X', office: officeA.documentId, responseType: 'bot' });
    expect(absent.status).toBe(404);
    expect(await count('phone-number')).toBe(numbers);
  });

  it('imports an unmanaged number into an office: pointed at our application, stored with its settings, off the list', async () => {
    const res = await http()
      .post('/texting/provider/unmanaged/import')
      .set(superAuth)
      .send({ phoneNumber: UNMANAGED, name: 'Imported line', office: officeB.documentId, responseType: 'agent', unsolicitedInboxes: { offices: [officeB.documentId] } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ phoneNumber: UNMANAGED, name: 'Imported line', office: { name: 'South campus' }, responseType: 'agent', status: 'active' });
    expect(env.sim.state.getRented(UNMANAGED.slice(1))?.appId).toBe(PLIVO_APP_ID);
    expect((await overview(superAuth)).body.data.unmanaged).toEqual([]);
    const history = await http().get(`/texting/phone-numbers/${res.body.data.documentId}/history`).set(superAuth);
    expect(history.body.data[0]).toMatchObject({ action: 'provisioned', changes: { imported: 'from the Plivo account' } });
    // Already ours now: a second import is a 409, and "Release" refuses it (it has its own delete).
    const again = await http().post('/texting/provider/unmanaged/import').set(superAuth).send({ phoneNumber: UNMANAGED, name: 'Again', office: officeB.documentId, responseType: 'bot' });
    expect(again.status).toBe(409);
    expect((await http().post('/texting/provider/unmanaged/release').set(superAuth).send({ phoneNumber: UNMANAGED })).status).toBe(409);
  });

  it('releases an unmanaged number at Plivo', async () => {
    const other = '+14155550778';
    env.sim.rent(other, { appId: null, activated: true });
    await http().post('/texting/provider/sync').set(superAuth);
    expect((await overview(superAuth)).body.data.unmanaged).toEqual([{ phoneNumber: other, appId: null }]);
    expect((await http().post('/texting/provider/unmanaged/release').set(superAuth).send({ phoneNumber: 'nope' })).status).toBe(400);
    const res = await http().post('/texting/provider/unmanaged/release').set(superAuth).send({ phoneNumber: other });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ phoneNumber: other, released: true });
    expect(env.sim.state.getRented(other.slice(1))).toBeFalsy();
    expect((await overview(superAuth)).body.data.unmanaged).toEqual([]);
  });
});

describe('notifications', () => {
  it("are scoped to the user's offices: a South number's activation is not shown to the North user", async () => {
    env.sim.activate(pendingB.phoneNumber);
    const report = await env.app.strapi.plugin('texting').service('provisioning').runActivation();
    expect(report.activated).toEqual([pendingB.phoneNumber]);
    const forSuper = (await notifications(superAuth)).body.data.map((n: { kind: string; phoneNumber: string }) => `${n.kind} ${n.phoneNumber}`);
    expect(forSuper).toContain(`number_active ${pendingB.phoneNumber}`);
    const forLimited = (await notifications(limited.auth)).body.data.map((n: { kind: string; phoneNumber: string }) => `${n.kind} ${n.phoneNumber}`);
    expect(forLimited.sort()).toEqual([`number_active ${pendingA.phoneNumber}`, `number_missing ${goneA.phoneNumber}`].sort());
  });

  it('campaign started and finished are listed for its office', async () => {
    const line = await fx.number({ phoneNumber: '+14155550710', office: officeA.documentId, name: 'North line' });
    env.sim.rent(line.phoneNumber, { activated: true });
    const campaign = await fx.campaign({ name: 'Open day', phoneNumber: line.documentId, state: 'scheduled', sendAt: new Date(Date.now() - 60_000).toISOString() });
    const campaigns = env.app.strapi.plugin('texting').service('campaigns');
    await campaigns.activateDue();
    const archived = await http().post(`/texting/campaigns/${campaign.documentId}/archive`).set(superAuth);
    expect(archived.status).toBe(200);
    const list = (await notifications(limited.auth)).body.data.filter((n: { campaign: unknown }) => n.campaign);
    expect(list.map((n: { kind: string }) => n.kind)).toEqual(['campaign_finished', 'campaign_started']);
    expect(list[0]).toMatchObject({ campaign: { documentId: campaign.documentId, name: 'Open day' }, phoneNumber: line.phoneNumber });
  });

  it('a failed release notifies once with Plivo\'s reason (as a code and as text), however often it is retried', async () => {
    const line = await fx.number({ phoneNumber: '+14155550711', office: officeB.documentId, name: 'South release' });
    env.sim.rent(line.phoneNumber, { activated: true });
    env.sim.addFault({ endpoint: 'unrent', kind: 'status', status: 500, times: 2 });
    expect((await http().delete(`/texting/phone-numbers/${line.documentId}`).set(superAuth)).status).toBe(502);
    expect((await http().delete(`/texting/phone-numbers/${line.documentId}`).set(superAuth)).status).toBe(502);
    const failed = (await notifications(superAuth)).body.data.filter((n: { kind: string }) => n.kind === 'release_failed');
    // The reason as a code the admin explains in the user's language; Plivo's text kept as the detail.
    expect(failed).toEqual([expect.objectContaining({ phoneNumber: line.phoneNumber, reason: 'server_error', detail: expect.stringMatching(/500/) })]);
    // A South number: not the North user's.
    expect((await notifications(limited.auth)).body.data.map((n: { kind: string }) => n.kind)).not.toContain('release_failed');
  });

  it('read and unread are per user', async () => {
    const count0 = (await http().get('/texting/notifications/unread-count').set(limited.auth)).body.data.unread;
    const superBefore = (await http().get('/texting/notifications/unread-count').set(superAuth)).body.data.unread;
    expect(count0).toBe(4);
    const first = (await notifications(limited.auth)).body.data[0];
    const marked = await http().put('/texting/notifications/read').set(limited.auth).send({ ids: [first.id] });
    expect(marked.status).toBe(200);
    expect(marked.body.data).toEqual({ changed: 1, unread: 3 });
    expect((await notifications(limited.auth, '?unread=true')).body.data.map((n: { id: number }) => n.id)).not.toContain(first.id);
    expect((await http().get('/texting/notifications/unread-count').set(superAuth)).body.data.unread).toBe(superBefore);
    // Unread again, then all read; a South notification's id is not the North user's to mark.
    await http().put('/texting/notifications/read').set(limited.auth).send({ ids: [first.id], read: false });
    expect((await http().get('/texting/notifications/unread-count').set(limited.auth)).body.data.unread).toBe(4);
    const all = await http().put('/texting/notifications/read').set(limited.auth).send({ all: true });
    expect(all.body.data).toEqual({ changed: 4, unread: 0 });
    expect((await http().get('/texting/notifications/unread-count').set(superAuth)).body.data.unread).toBe(superBefore);
  });

  it('refuses bad input with 400 and stays out of the Content Manager and the Document Service', async () => {
    expect((await http().put('/texting/notifications/read').set(superAuth).send({})).status).toBe(400);
    expect((await http().put('/texting/notifications/read').set(superAuth).send({ ids: ['x'] })).status).toBe(400);
    expect((await notifications(superAuth, '?pageSize=1000')).status).toBe(400);
    const cm = await http().get('/content-manager/collection-types/plugin::texting.notification').set(superAuth);
    expect([403, 404]).toContain(cm.status);
    await expect(env.app.strapi.documents('plugin::texting.notification' as never).findMany({})).rejects.toThrow(/not available here/);
  });

  it("e-mails the office's agents who chose it, where the email plugin is configured", async () => {
    const settings = await http().get('/texting/notifications/settings').set(limited.auth);
    expect(settings.body.data).toEqual({ emailAvailable: false, isAgent: true, email: false });
    expect((await http().put('/texting/notifications/settings').set(superAuth).send({ email: true })).status).toBe(409);
    expect((await http().put('/texting/notifications/settings').set(limited.auth).send({ email: 'yes' })).status).toBe(400);
    const on = await http().put('/texting/notifications/settings').set(limited.auth).send({ email: true });
    expect(on.body.data.email).toBe(true);

    const strapi = env.app.strapi;
    const emailConfig = strapi.config.get('plugin::email');
    const mail = strapi.plugin('email').service('email') as { send: (o: unknown) => Promise<unknown> };
    const send = jest.spyOn(mail, 'send').mockResolvedValue(undefined);
    strapi.config.set('plugin::email', { ...(emailConfig as object), provider: 'nodemailer' });
    try {
      expect((await http().get('/texting/notifications/settings').set(limited.auth)).body.data.emailAvailable).toBe(true);
      const next = await fx.number({ phoneNumber: '+14155550720', office: officeA.documentId, name: 'North new', providerStatus: 'pending' });
      await http().post(`/texting/phone-numbers/${next.documentId}/activate`).set(superAuth);
      await waitFor(() => send.mock.calls.length > 0);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send.mock.calls[0][0]).toMatchObject({ to: limited.email, subject: `[Texting] ${next.phoneNumber} is active` });
      // A South event goes to no North agent: after it, the next North event is the second e-mail.
      const south = await fx.number({ phoneNumber: '+14155550721', office: officeB.documentId, name: 'South new', providerStatus: 'pending' });
      await http().post(`/texting/phone-numbers/${south.documentId}/activate`).set(superAuth);
      expect((await notifications(superAuth)).body.data[0]).toMatchObject({ kind: 'number_active', phoneNumber: south.phoneNumber });
      const north = await fx.number({ phoneNumber: '+14155550722', office: officeA.documentId, name: 'North newer', providerStatus: 'pending' });
      await http().post(`/texting/phone-numbers/${north.documentId}/activate`).set(superAuth);
      await waitFor(() => send.mock.calls.length > 1);
      expect(send.mock.calls.map((c) => (c[0] as { subject: string }).subject)).toEqual([
        `[Texting] ${next.phoneNumber} is active`,
        `[Texting] ${north.phoneNumber} is active`,
      ]);
      // Turned off, nothing more is sent.
      await http().put('/texting/notifications/settings').set(limited.auth).send({ email: false });
      const last = await fx.number({ phoneNumber: '+14155550723', office: officeA.documentId, name: 'North last', providerStatus: 'pending' });
      await http().post(`/texting/phone-numbers/${last.documentId}/activate`).set(superAuth);
      const more = await fx.number({ phoneNumber: '+14155550724', office: officeA.documentId, name: 'North more', providerStatus: 'pending' });
      await http().put('/texting/notifications/settings').set(limited.auth).send({ email: true });
      await http().post(`/texting/phone-numbers/${more.documentId}/activate`).set(superAuth);
      await waitFor(() => send.mock.calls.length > 2);
      expect((send.mock.calls[2][0] as { subject: string }).subject).toBe(`[Texting] ${more.phoneNumber} is active`);
      expect(send).toHaveBeenCalledTimes(3);
    } finally {
      send.mockRestore();
      strapi.config.set('plugin::email', emailConfig);
    }
  });
});

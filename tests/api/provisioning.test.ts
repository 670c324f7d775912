/**
 * Provisioning API (search, buy + store, release, activation, provider sync) end to end: the admin's HTTP
 * request, the plugin, the real `plivo` SDK and the Plivo simulator — the wiring `npm run develop` uses.
 */
import type { Simulator } from '../../simulator/src/server';
import type { TestApp } from '../helpers/app';
import { createRole, createUser, login, superAdminSession } from '../helpers/admin';
import { fixtures, type Doc, type Fixtures } from '../helpers/fixtures';
import { PLIVO_APP_ID, startAppWithSimulator, type PlivoApp } from '../helpers/plivo';

const UID = 'plugin::texting.phone-number';
const MISSING = 'Not on the Plivo account any more (released outside the app?)';

let env: PlivoApp;
let app: TestApp;
let sim: Simulator;
let auth: Record<string, string>;
let adminId: number;
let fx: Fixtures;
let admissions: Doc;
let finAid: Doc;
let ana: Doc;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const digits = (e164: string) => e164.slice(1);

const used = new Set<string>();
/** A number the simulator offers and no test has picked yet (read from its inventory, not through the API log). */
function freshNumber(): string {
  for (const areaCode of ['415', '628', '650', '408', '213', '310']) {
    const { objects } = sim.state.search({ countryIso: 'US', pattern: areaCode, limit: 100, offset: 0 });
    const pick = objects.map((o) => `+${o.number}`).find((n) => !used.has(n));
    if (pick) {
      used.add(pick);
      return pick;
    }
  }
  throw new Error('no fresh number left in the simulator inventory');
}

const body = (over: Record<string, unknown> = {}) => ({
  phoneNumber: freshNumber(),
  name: 'Admissions main',
  description: 'Front desk line',
  office: admissions.documentId,
  agent: ana.documentId,
  responseType: 'bot',
  unsolicitedInboxes: { offices: [], agents: [] },
  ...over,
});

const provision = (b: Record<string, unknown>) => app.http().post('/texting/phone-numbers').set(auth).send(b);

async function provisioned(over: Record<string, unknown> = {}) {
  const res = await provision(body(over));
  expect(res.status).toBe(201);
  return res.body.data as { documentId: string; phoneNumber: string; name: string };
}

const stored = (phoneNumber: string) =>
  app.strapi.db.query(UID).findOne({
    where: { phoneNumber },
    populate: { office: true, agent: true, inboxOffices: true, inboxAgents: true },
  }) as Promise<Record<string, any> | null>;

beforeAll(async () => {
  env = await startAppWithSimulator({ PLIVO_TIMEOUT_MS: '1000' });
  ({ app, sim } = env);
  const session = await superAdminSession(app);
  auth = session.auth;
  adminId = session.user.id;
  fx = fixtures(app.strapi);
  admissions = await fx.office({ name: 'Admissions' });
  finAid = await fx.office({ name: 'Financial Aid' });
  ana = await fx.agent({ name: 'Ana Ruiz', offices: [admissions.documentId] });
});
afterAll(() => env?.stop());
beforeEach(() => {
  sim.clearFaults();
  sim.clearRequests();
});

describe('GET /texting/available-numbers', () => {
  it("returns the simulator's numbers for an area code", async () => {
    const res = await app.http().get('/texting/available-numbers?areaCode=415&limit=5').set(auth);
    expect(res.status).toBe(200);
    const offered = sim.state.search({ countryIso: 'US', pattern: '415', limit: 5, offset: 0 }).objects;
    expect(res.body.data).toEqual(
      offered.map((o) => ({
        phoneNumber: `+${o.number}`,
        city: 'San Francisco',
        region: 'California',
        monthlyRentalRate: '0.80000',
        smsEnabled: true,
        mmsEnabled: o.mmsEnabled,
      }))
    );
    expect(sim.requests({ endpoint: 'search' })).toHaveLength(1);
  });

  it.each(['41', '4155', 'abc', '015', '115', ''])('answers 400 for area code "%s" without asking Plivo', async (code) => {
    const res = await app.http().get(`/texting/available-numbers?areaCode=${code}`).set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/areaCode/);
    expect(sim.requests()).toHaveLength(0);
  });

  it('answers 400 for a limit above 20 and 502 with a message when Plivo fails', async () => {
    expect((await app.http().get('/texting/available-numbers?areaCode=415&limit=21').set(auth)).status).toBe(400);
    sim.addFault({ endpoint: 'search', kind: 'status', status: 500, times: 1 });
    const res = await app.http().get('/texting/available-numbers?areaCode=415').set(auth);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ name: 'BadGatewayError', message: expect.stringMatching(/Plivo failed \(HTTP 500\).*Try again/) });
  });
});

describe('POST /texting/phone-numbers', () => {
  it('buys the number with our Plivo application and stores it pending', async () => {
    const b = body();
    const res = await provision(b);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      documentId: expect.any(String),
      phoneNumber: b.phoneNumber,
      name: 'Admissions main',
      description: 'Front desk line',
      agent: { documentId: ana.documentId, name: 'Ana Ruiz' },
      office: { documentId: admissions.documentId, name: 'Admissions' },
      responseType: 'bot',
      numberType: 'reusable',
      status: 'pending',
      activeCampaign: null,
      campaignArchiveAt: null,
      scheduledCampaignCount: 0,
      inUse: false,
    });
    expect(res.body.meta.note).toMatch(/2–10 days/);

    const row = await stored(b.phoneNumber);
    expect(row).toMatchObject({ providerStatus: 'pending', providerAppId: PLIVO_APP_ID, office: { name: 'Admissions' } });
    expect(Number(row?.monthlyRentalRate)).toBe(0.8);
    expect(sim.state.getRented(digits(b.phoneNumber))).toMatchObject({ appId: PLIVO_APP_ID, activation: 'pending' });
    expect(sim.requests({ endpoint: 'buy' })).toEqual([expect.objectContaining({ body: { app_id: PLIVO_APP_ID }, status: 201 })]);

    const events = await app.strapi.db.query('plugin::texting.number-event').findMany({ where: { phoneNumber: b.phoneNumber }, populate: { user: true } });
    expect(events).toEqual([expect.objectContaining({ action: 'provisioned', user: expect.objectContaining({ id: adminId }) })]);
  });

  it('stores an agent-answered number with its inboxes', async () => {
    const b = body({ agent: null, responseType: 'agent', unsolicitedInboxes: { offices: [finAid.documentId], agents: [ana.documentId] } });
    const res = await provision(b);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ agent: null, responseType: 'agent' });
    const row = await stored(b.phoneNumber);
    expect(row?.inboxOffices.map((o: Doc) => o.documentId)).toEqual([finAid.documentId]);
    expect(row?.inboxAgents.map((a: Doc) => a.documentId)).toEqual([ana.documentId]);
  });

  it('answers 409 for a number that is already ours, without a buy', async () => {
    const first = await provisioned();
    sim.clearRequests();
    const res = await provision(body({ phoneNumber: first.phoneNumber, name: 'Again' }));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/already one of your numbers/);
    expect(sim.requests({ endpoint: 'buy' })).toHaveLength(0);
  });

  describe('validates the whole request before buying anything', () => {
    it.each([
      ['an unknown office', { office: 'nope' }, /office: no office with id "nope"/],
      ['an unknown agent', { agent: 'nope' }, /agent: no agent with id "nope"/],
      ['an unknown inbox office', { responseType: 'agent', unsolicitedInboxes: { offices: ['nope'], agents: [] } }, /unsolicitedInboxes\.offices: no office/],
      ['an unknown inbox agent', { responseType: 'agent', unsolicitedInboxes: { offices: [], agents: ['nope'] } }, /unsolicitedInboxes\.agents: no agent/],
      ['an agent-answered number without inboxes', { responseType: 'agent' }, /at least one inbox/],
      ['digits without +', { phoneNumber: '4155550123' }, /phoneNumber: must be a valid E\.164/],
      ['a short number', { phoneNumber: '+1415555' }, /phoneNumber/],
      ['a formatted number', { phoneNumber: '+1 (415) 555-0123' }, /phoneNumber/],
      ['an impossible number', { phoneNumber: '+10005550123' }, /phoneNumber/],
      ['a missing name', { name: '' }, /name/],
      ['an unknown response type', { responseType: 'robot' }, /responseType/],
      ['an unexpected field', { numberType: 'single_use' }, /numberType|Unrecognized/],
    ])('%s → 400', async (_label, over, message) => {
      const b = body(over);
      const res = await provision(b);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(sim.requests({ endpoint: 'buy' })).toHaveLength(0);
      expect(await app.strapi.db.query(UID).count({ where: { phoneNumber: b.phoneNumber } })).toBe(0);
    });

    it('names every problem at once', async () => {
      const res = await provision(body({ office: 'nope', agent: 'nope', responseType: 'agent' }));
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['office', 'agent', 'unsolicitedInboxes']);
      expect(sim.requests({ endpoint: 'buy' })).toHaveLength(0);
    });
  });

  describe('when Plivo fails, the admin is told what to do, nothing is stored and nothing is rented', () => {
    it.each([
      ['HTTP 400', { kind: 'status', status: 400 }, 400, /Plivo refused the request \(HTTP 400\).*Nothing was bought/],
      ['HTTP 401', { kind: 'status', status: 401 }, 502, /PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.*Nothing was bought/],
      ['HTTP 500', { kind: 'status', status: 500 }, 502, /Plivo failed \(HTTP 500\).*Nothing was bought/],
      ['a timeout', { kind: 'latency', latencyMs: 4000 }, 502, /did not answer within 1 s.*Nothing was bought/],
      ['HTTP 429', { kind: 'rate_limit' }, 502, /HTTP 429.*Wait a minute.*Nothing was bought/],
      ['a dropped connection', { kind: 'drop' }, 502, /Could not reach Plivo.*Nothing was bought/],
    ] as const)('%s', async (_label, fault, status, message) => {
      const b = body();
      sim.addFault({ endpoint: 'buy', times: 1, ...fault });
      const started = Date.now();
      const res = await provision(b);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await app.strapi.db.query(UID).count({ where: { phoneNumber: b.phoneNumber } })).toBe(0);
      if (fault.kind === 'latency') {
        expect(Date.now() - started).toBeLessThan(3000); // the 1 s timeout, not the 4 s Plivo would have taken
        await sleep(fault.latencyMs - (Date.now() - started) + 300); // past the moment the simulator would have answered
      }
      expect(sim.state.getRented(digits(b.phoneNumber))).toBeUndefined();
      expect(sim.requests({ endpoint: 'buy' })).toHaveLength(1);
    });

    it('a number sold meanwhile → 409 saying to pick another', async () => {
      const b = body();
      const areaCode = b.phoneNumber.slice(2, 5);
      sim.state.setInventory(areaCode, { size: 0 });
      try {
        const res = await provision(b);
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/no longer available at Plivo.*Search again/);
      } finally {
        sim.state.setInventory(areaCode, null);
      }
      expect(await app.strapi.db.query(UID).count({ where: { phoneNumber: b.phoneNumber } })).toBe(0);
    });

    it('a number rented on the account outside the app → 409, and its rental is left alone', async () => {
      const b = body();
      sim.rent(digits(b.phoneNumber), { appId: 'console-app' });
      const res = await provision(b);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/already rented on the Plivo account but is not managed here/);
      expect(sim.state.getRented(digits(b.phoneNumber))).toMatchObject({ appId: 'console-app' });
      expect(sim.requests({ endpoint: 'unrent' })).toHaveLength(0);
      sim.release(digits(b.phoneNumber));
    });

    it('Plivo not configured → 503 naming the variables', async () => {
      const cfg = 'plugin::texting.plivo.authId';
      const authId = app.strapi.config.get(cfg);
      app.strapi.config.set(cfg, '');
      try {
        const search = await app.http().get('/texting/available-numbers?areaCode=415').set(auth);
        expect(search.status).toBe(503);
        expect(search.body.error.message).toMatch(/Plivo is not configured: set PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_APP_ID and PUBLIC_URL/);
        const res = await provision(body());
        expect(res.status).toBe(503);
      } finally {
        app.strapi.config.set(cfg, authId);
      }
      expect(sim.requests()).toHaveLength(0);
    });
  });

  it('releases the number again when saving fails after the buy (no orphan rental)', async () => {
    const b = body();
    let armed = true;
    app.strapi.db.lifecycles.subscribe({
      models: [UID],
      beforeCreate() {
        if (armed) {
          armed = false;
          throw new Error('simulated database failure');
        }
      },
    });
    const res = await provision(b);
    expect(armed).toBe(false);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toMatch(/could not save it \(simulated database failure\).*released again at Plivo, so nothing is rented/);
    expect(sim.requests({ endpoint: 'buy' })[0].status).toBe(201);
    expect(sim.requests({ endpoint: 'unrent' })).toEqual([expect.objectContaining({ status: 204 })]);
    expect(sim.state.getRented(digits(b.phoneNumber))).toBeUndefined();
    expect(await app.strapi.db.query(UID).count({ where: { phoneNumber: b.phoneNumber } })).toBe(0);
  });
});

describe('DELETE /texting/phone-numbers/:documentId', () => {
  it('releases at Plivo, then deletes', async () => {
    const n = await provisioned();
    const res = await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { documentId: n.documentId, released: true } });
    expect(await stored(n.phoneNumber)).toBeNull();
    expect(sim.state.getRented(digits(n.phoneNumber))).toBeUndefined();
    const events = await app.strapi.db.query('plugin::texting.number-event').findMany({ where: { phoneNumber: n.phoneNumber } });
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual(['provisioned', 'released']);
  });

  it('keeps the number as release_failed with the reason when Plivo fails, and a retry completes it', async () => {
    const n = await provisioned();
    sim.addFault({ endpoint: 'unrent', kind: 'status', status: 500, times: 1 });
    const failed = await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth);
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toMatch(/Plivo failed \(HTTP 500\) while releasing .*kept and marked "release failed". Delete it again to retry/);
    const row = await stored(n.phoneNumber);
    expect(row).toMatchObject({ providerStatus: 'release_failed', statusReason: expect.stringMatching(/HTTP 500/) });
    expect(sim.state.getRented(digits(n.phoneNumber))).toBeDefined();

    const retry = await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth);
    expect(retry.status).toBe(200);
    expect(await stored(n.phoneNumber)).toBeNull();
    expect(sim.state.getRented(digits(n.phoneNumber))).toBeUndefined();
  });

  it('deletes a number Plivo no longer has (already released)', async () => {
    const n = await provisioned();
    sim.release(digits(n.phoneNumber));
    const res = await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth);
    expect(res.status).toBe(200);
    expect(await stored(n.phoneNumber)).toBeNull();
  });

  it('answers 404 for an unknown number', async () => {
    const res = await app.http().delete('/texting/phone-numbers/nope').set(auth);
    expect(res.status).toBe(404);
    expect(sim.requests()).toHaveLength(0);
  });

  it('refuses an in-use number with 409 naming the campaign, releasing nothing', async () => {
    const n = await provisioned();
    const campaign = await fx.campaign({ name: 'Fall Visit', state: 'scheduled', phoneNumber: n.documentId });
    const res = await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Fall Visit/);
    expect(sim.requests({ endpoint: 'unrent' })).toHaveLength(0);
    expect(sim.state.getRented(digits(n.phoneNumber))).toBeDefined();
    expect(await stored(n.phoneNumber)).not.toBeNull();

    await fx.setCampaignState(campaign.documentId, 'archived');
    expect((await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth)).status).toBe(200);
  });
});

describe('activation', () => {
  const activation = () => app.strapi.plugin('texting').service('provisioning').runActivation();

  it('the job marks a number active once Plivo reports its registration complete', async () => {
    const n = await provisioned();
    expect((await activation()).activated).not.toContain(n.phoneNumber);
    expect(await stored(n.phoneNumber)).toMatchObject({ providerStatus: 'pending', activatedAt: null });

    sim.activate(digits(n.phoneNumber));
    const report = await activation();
    expect(report.activated).toEqual([n.phoneNumber]);
    const row = await stored(n.phoneNumber);
    expect(row).toMatchObject({ providerStatus: 'active' });
    expect(row?.activatedAt).toBeTruthy();
    expect((await activation()).activated).toEqual([]);

    // Now Plivo accepts texts from it.
    const { messageUuid } = await app.strapi.plugin('texting').service('provider').sendMessage({ from: n.phoneNumber, to: '+14155550111', text: 'Welcome!' });
    expect(sim.state.getMessage(messageUuid)).toMatchObject({ src: digits(n.phoneNumber) });
  });

  it('an admin activates a pending number by hand', async () => {
    const n = await provisioned();
    const res = await app.http().post(`/texting/phone-numbers/${n.documentId}/activate`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: n.documentId, status: 'active' });
    expect((await stored(n.phoneNumber))?.activatedAt).toBeTruthy();
    expect((await app.http().post(`/texting/phone-numbers/${n.documentId}/activate`).set(auth)).status).toBe(200);
    expect((await app.http().post('/texting/phone-numbers/nope/activate').set(auth)).status).toBe(404);

    await app.strapi.db.query(UID).update({ where: { documentId: n.documentId }, data: { providerStatus: 'release_failed' } });
    const refused = await app.http().post(`/texting/phone-numbers/${n.documentId}/activate`).set(auth);
    expect(refused.status).toBe(409);
  });
});

describe('GET /texting/provider/sync', () => {
  it('reports numbers rented outside the app and flags ours that Plivo no longer has', async () => {
    sim.rent('12125559876', { appId: 'console-app' });
    const gone = await provisioned();
    sim.release(digits(gone.phoneNumber));

    const res = await app.http().get('/texting/provider/sync').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data.unmanaged).toContainEqual({ phoneNumber: '+12125559876', appId: 'console-app' });
    expect(res.body.data.missing).toContainEqual({ documentId: gone.documentId, phoneNumber: gone.phoneNumber, name: gone.name });
    expect(res.body.data.missing.map((m: { phoneNumber: string }) => m.phoneNumber)).not.toContain('+12125559876');
    expect(await stored(gone.phoneNumber)).toMatchObject({ statusReason: MISSING });

    // Back on the account: the flag clears.
    sim.rent(digits(gone.phoneNumber), { appId: PLIVO_APP_ID });
    const again = await app.http().get('/texting/provider/sync').set(auth);
    expect(again.body.data.missing.map((m: { phoneNumber: string }) => m.phoneNumber)).not.toContain(gone.phoneNumber);
    expect(await stored(gone.phoneNumber)).toMatchObject({ statusReason: null });
  });
});

describe('permissions', () => {
  it('answers 403 for each route without its action, and nothing reaches Plivo', async () => {
    const n = await provisioned();
    sim.clearRequests();
    const readerRole = await createRole(app.strapi, 'Numbers reader', ['plugin::texting.numbers.read']);
    const noneRole = await createRole(app.strapi, 'No texting', []);
    const reader = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'reader-prov@test.local', [readerRole.id])).email)}` };
    const none = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'none-prov@test.local', [noneRole.id])).email)}` };

    const denied = [
      await app.http().get('/texting/provider/sync').set(none),
      await app.http().get('/texting/available-numbers?areaCode=415').set(reader),
      await app.http().post('/texting/phone-numbers').set(reader).send(body()),
      await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(reader),
      await app.http().post(`/texting/phone-numbers/${n.documentId}/activate`).set(reader),
    ];
    expect(denied.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(sim.requests()).toHaveLength(0);
    expect(await stored(n.phoneNumber)).toMatchObject({ providerStatus: 'pending' });

    const provisioner = await createRole(app.strapi, 'Provisioner', ['plugin::texting.numbers.provision']);
    const p = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'prov@test.local', [provisioner.id])).email)}` };
    expect((await app.http().get('/texting/available-numbers?areaCode=415').set(p)).status).toBe(200);
    expect((await app.http().get('/texting/provider/sync').set(reader)).status).toBe(200);
  });
});

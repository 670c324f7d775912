/**
 * The Plivo simulator, driven by the real `plivo` SDK (4.79) exactly as the texting plugin uses it.
 */
process.env.NO_PROXY = '127.0.0.1,localhost';
process.env.no_proxy = '127.0.0.1,localhost';

import * as plivo from 'plivo';
import { startSimulator, type Simulator } from '../../simulator/src/server';
import { startReceiver, type Captured } from '../helpers/receiver';

const AUTH_ID = 'MASIMTEST00000000001';
const AUTH_TOKEN = 'sim-test-token-123';

type Loose = Record<string, unknown>;

interface NumbersApi {
  search(countryIso: string, params?: Loose): Promise<Array<Loose> & { meta: Loose }>;
  buy(number: string, appId?: string): Promise<Loose>;
  get(number: string): Promise<Loose>;
  update(number: string, params: Loose): Promise<Loose>;
  list(params?: Loose): Promise<Array<Loose> & { meta: Loose }>;
  unrent(number: string): Promise<boolean>;
}
interface MessagesApi {
  create(src: string, dst: string, text: string, optionalParams?: Loose): Promise<Loose>;
  list(params: Loose): Promise<Array<Loose> & { meta: Loose }>;
}
interface Sdk {
  numbers: NumbersApi;
  messages: MessagesApi;
  accounts: { get(): Promise<Loose> };
}

function sdk(sim: Simulator, token = AUTH_TOKEN): Sdk {
  return new plivo.Client(AUTH_ID, token, { url: `${sim.origin}/v1/Account/${AUTH_ID}` }) as unknown as Sdk;
}

/** Resolves with whatever the promise rejects with (fails if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

async function control<T = unknown>(sim: Simulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sim.origin}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}


function header(r: Captured, name: string): string {
  const v = r.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v ?? '';
}

let sim: Simulator;
let client: Sdk;

beforeAll(async () => {
  sim = await startSimulator({ authId: AUTH_ID, authToken: AUTH_TOKEN, seed: 42 });
  client = sdk(sim);
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.reset();
});

describe('search (GET PhoneNumber/)', () => {
  test('finds numbers of an area code with Plivo fields, clamping limit to 20', async () => {
    const found = await client.numbers.search('US', { pattern: '415', services: 'sms', type: 'local', limit: 50 });
    expect(found).toHaveLength(20);
    expect(found.meta).toMatchObject({ limit: 20, offset: 0, previous: null, totalCount: 60 });
    expect(String(found.meta.next)).toContain('offset=20');
    for (const n of found) {
      expect(String(n.number)).toMatch(/^1415\d{7}$/);
      expect(n).toMatchObject({
        city: 'San Francisco',
        region: 'California',
        country: 'UNITED STATES',
        smsEnabled: true,
        monthlyRentalRate: '0.80000',
        prefix: '415',
      });
    }
    const req = sim.requests({ endpoint: 'search' });
    expect(req).toHaveLength(1);
    expect(req[0]).toMatchObject({ method: 'GET', status: 200, query: { country_iso: 'US', pattern: '415', limit: '50' } });
  });

  test('is deterministic, pages with offset, knows Canada, and answers empty lists', async () => {
    const a = await client.numbers.search('US', { pattern: '212', limit: 5 });
    const b = await client.numbers.search('US', { pattern: '212', limit: 5 });
    expect(a.map((n) => n.number)).toEqual(b.map((n) => n.number));
    const page2 = await client.numbers.search('US', { pattern: '212', limit: 5, offset: 5 });
    expect(page2.map((n) => n.number)).not.toContain(a[0].number);
    expect(page2.meta).toMatchObject({ offset: 5, limit: 5 });

    const toronto = await client.numbers.search('CA', { pattern: '416' });
    expect(toronto.length).toBeGreaterThan(0);
    expect(toronto[0]).toMatchObject({ city: 'Toronto', region: 'Ontario', country: 'CANADA' });
    expect(await client.numbers.search('US', { pattern: '416' })).toHaveLength(0); // 416 is Canadian
    const empty = await client.numbers.search('US', { pattern: '555' });
    expect(empty).toHaveLength(0);
    expect(empty.meta).toMatchObject({ totalCount: 0 });

    const generic = await client.numbers.search('US', { pattern: '208' });
    expect(generic.length).toBeGreaterThan(0);
  });

  test('control API can sell out an area code', async () => {
    expect((await control(sim, 'POST', '/inventory', { areaCode: '617', size: 0 })).status).toBe(200);
    expect(await client.numbers.search('US', { pattern: '617' })).toHaveLength(0);
  });
});

describe('numbers lifecycle', () => {
  test('buy answers 201 and records the rented number (pending) with its app_id', async () => {
    const [first] = await client.numbers.search('US', { pattern: '415', limit: 1 });
    const number = String(first.number);
    const bought = await client.numbers.buy(number, 'app-123');
    expect(bought).toMatchObject({
      message: 'created',
      status: 'fulfilled',
      statusCode: 201,
      numbers: [{ number, status: 'Success' }],
    });
    expect(typeof bought.apiId).toBe('string');

    const rented = sim.rented();
    expect(rented).toHaveLength(1);
    expect(rented[0]).toMatchObject({ number, appId: 'app-123', activation: 'pending', tendlcRegistrationStatus: 'PROCESSING', source: 'api' });
    const viaHttp = await control<Array<Loose>>(sim, 'GET', '/rented');
    expect(viaHttp.body[0]).toMatchObject({ number, appId: 'app-123', activation: 'pending' });
    expect(sim.requests({ endpoint: 'buy' })[0]).toMatchObject({ status: 201, body: { app_id: 'app-123' } });

    // no longer offered, and cannot be bought twice
    const again = await client.numbers.search('US', { pattern: number.slice(1, 7) });
    expect(again.map((n) => n.number)).not.toContain(number);
    const dup = (await rejection(client.numbers.buy(number))) as { status?: number };
    expect(dup.status).toBe(400);
    const missing = (await rejection(client.numbers.buy('14150000000'))) as { status?: number; message?: string };
    expect(missing.status).toBe(404);
  });

  test('get shows the activation state; activation via the control API; update; list; unrent', async () => {
    const [a, b] = await client.numbers.search('US', { pattern: '312', limit: 2 });
    await client.numbers.buy(String(a.number), 'app-1');
    await client.numbers.buy(String(b.number));

    const got = await client.numbers.get(String(a.number));
    expect(got).toMatchObject({
      number: a.number,
      appId: 'app-1',
      application: `/v1/Account/${AUTH_ID}/Application/app-1/`,
      numberType: 'local',
      smsEnabled: true,
      monthlyRentalRate: '0.80000',
      tendlcRegistrationStatus: 'PROCESSING',
      region: 'Illinois, UNITED STATES',
    });
    const act = await control<Loose>(sim, 'POST', `/numbers/${a.number}/activate`);
    expect(act.status).toBe(200);
    expect(act.body).toMatchObject({ activation: 'active', tendlcRegistrationStatus: 'COMPLETED' });
    expect(await client.numbers.get(String(a.number))).toMatchObject({ tendlcRegistrationStatus: 'COMPLETED' });
    expect(((await rejection(client.numbers.get('14155550000'))) as { status?: number }).status).toBe(404);

    const upd = await client.numbers.update(String(b.number), { appId: 'app-2', alias: 'Front desk' });
    expect(upd).toMatchObject({ message: 'changed' });
    expect(sim.state.getRented(String(b.number))).toMatchObject({ appId: 'app-2', alias: 'Front desk' });
    expect(sim.requests({ endpoint: 'update' })[0].status).toBe(202);

    const listed = await client.numbers.list({ limit: 100 });
    expect(listed).toHaveLength(2);
    expect(listed.meta).toMatchObject({ limit: 20, totalCount: 2, offset: 0 });
    const pending = await client.numbers.list({ tendlcRegistrationStatus: 'PROCESSING' });
    expect(pending.map((n) => n.number)).toEqual([b.number]);

    expect(await client.numbers.unrent(String(a.number))).toBe(true);
    expect(sim.requests({ endpoint: 'unrent' })[0].status).toBe(204);
    expect(sim.rented().map((r) => r.number)).toEqual([b.number]);
    expect(((await rejection(client.numbers.unrent(String(a.number)))) as { status?: number }).status).toBe(404);
  });

  test('numbers rented and released outside the app through the control API', async () => {
    const r = await control<Loose>(sim, 'POST', '/rent', { number: '+14155550199', app_id: 'console-app' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ number: '14155550199', appId: 'console-app', source: 'control', activation: 'pending' });
    expect(await client.numbers.get('14155550199')).toMatchObject({ appId: 'console-app' });
    expect((await control(sim, 'DELETE', '/rented/14155550199')).status).toBe(200);
    expect((await control(sim, 'DELETE', '/rented/14155550199')).status).toBe(404);
    expect(((await rejection(client.numbers.get('14155550199'))) as { status?: number }).status).toBe(404);
  });
});

describe('send (POST Message/)', () => {
  test('queues a message from an active rented number and records it', async () => {
    sim.rent('14155550100', { activated: true });
    const sent = await client.messages.create('+14155550100', '+14155550111', 'Hello there', {
      url: 'http://127.0.0.1:9/status',
      method: 'POST',
    });
    expect(sent.message).toBe('message(s) queued');
    expect(Array.isArray(sent.messageUuid)).toBe(true);
    const [uuid] = sent.messageUuid as string[];
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.requests({ endpoint: 'send' })[0]).toMatchObject({ status: 202, body: { src: '+14155550100', dst: '+14155550111' } });
    const msgs = await control<Array<Loose>>(sim, 'GET', '/messages');
    expect(msgs.body).toHaveLength(1);
    expect(msgs.body[0]).toMatchObject({
      messageUuid: uuid,
      src: '14155550100',
      dst: '14155550111',
      text: 'Hello there',
      url: 'http://127.0.0.1:9/status',
      status: 'queued',
      units: 1,
    });
    expect(sim.state.getMessage(uuid)).toBeDefined();
  });

  test('rejects sources that are not rented or not yet activated, and missing fields', async () => {
    const notRented = (await rejection(client.messages.create('14155550100', '14155550111', 'x'))) as { status?: number; message?: string };
    expect(notRented.status).toBe(400);
    sim.rent('14155550100');
    const pending = (await rejection(client.messages.create('14155550100', '14155550111', 'x'))) as { status?: number; message?: string };
    expect(pending.status).toBe(400);
    expect(pending.message).toMatch(/PROCESSING/);
    sim.activate('14155550100');
    const noText = (await rejection(client.messages.create('14155550100', '14155550111', ''))) as { status?: number };
    expect(noText.status).toBe(400);
    await expect(client.messages.create('14155550100', '14155550111', 'ok')).resolves.toMatchObject({ message: 'message(s) queued' });
    expect(sim.messages()).toHaveLength(1);
  });
});

describe('message list (GET Message/)', () => {
  /** Plivo's message_time filter format, UTC. */
  const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  const send = async (src: string, dst: string, text = 'Hi') =>
    ((await client.messages.create(src, dst, text)).messageUuid as string[])[0];

  test('lists the texts from one number to one recipient since a time, newest first, in Plivo\'s shape', async () => {
    sim.rent('14155550100', { activated: true });
    sim.rent('14155550101', { activated: true });
    const since = Date.now() - 1000;
    const first = await send('+14155550100', '+14155550111', 'First');
    const second = await send('+14155550100', '+14155550111', 'Second');
    await send('+14155550100', '+14155550112'); // another recipient
    await send('+14155550101', '+14155550111'); // another sender

    const found = await client.messages.list({
      message_direction: 'outbound',
      from_number: '+14155550100',
      to_number: '+14155550111',
      message_time__gte: utc(since),
      limit: 20,
      offset: 0,
    });
    expect(found.map((m) => m.messageUuid)).toEqual([second, first]);
    expect(found.meta).toMatchObject({ limit: 20, offset: 0, next: null, previous: null, totalCount: 2 });
    // The SDK camel-cases the record; the fields are Plivo's.
    expect(found[1]).toMatchObject({
      messageUuid: first,
      fromNumber: '14155550100',
      toNumber: '14155550111',
      messageDirection: 'outbound',
      messageState: 'queued',
      messageType: 'sms',
      units: 1,
      totalRate: '0.00500',
      totalAmount: '0.00500',
      errorCode: '',
      resourceUri: `/v1/Account/${AUTH_ID}/Message/${first}/`,
      tendlcCampaignId: 'CSIMULATR',
    });
    expect(String(found[1].messageTime)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    // The query string as the SDK sent it: snake_case kept, the `+` encoded.
    const [req] = sim.requests({ endpoint: 'list_messages' });
    expect(req).toMatchObject({ method: 'GET', path: `/v1/Account/${AUTH_ID}/Message/`, status: 200 });
    expect(req.query).toEqual({
      message_direction: 'outbound',
      from_number: '+14155550100',
      to_number: '+14155550111',
      message_time__gte: utc(since),
      limit: '20',
      offset: '0',
    });

    // Time filters: nothing after the last send; `__lt` the first send's time excludes it.
    expect(await client.messages.list({ from_number: '14155550100', to_number: '14155550111', message_time__gt: utc(Date.now() + 2000) })).toHaveLength(0);
    const firstTime = Date.parse(sim.state.getMessage(first)!.receivedAt);
    const before = await client.messages.list({ from_number: '14155550100', message_time__lt: new Date(firstTime).toISOString() });
    expect(before).toHaveLength(0);
    const fromOne = await client.messages.list({ from_number: '%2B14155550100', message_direction: 'outbound' });
    expect(fromOne).toHaveLength(3);
    expect(await client.messages.list({ to_number: '+14155550111' })).toHaveLength(3);
    // Only outbound texts are stored.
    expect(await client.messages.list({ message_direction: 'inbound' })).toHaveLength(0);
  });

  test('pages by 20 with offset; limit above 20 is clamped', async () => {
    sim.rent('14155550100', { activated: true });
    const uuids: string[] = [];
    for (let i = 0; i < 25; i++) uuids.push(await send('14155550100', '14155550111', `Text ${i}`));
    const page1 = await client.messages.list({ from_number: '+14155550100', to_number: '+14155550111', limit: 50 });
    expect(page1).toHaveLength(20);
    expect(page1.meta).toMatchObject({ limit: 20, offset: 0, totalCount: 25 });
    expect(String(page1.meta.next)).toContain('offset=20');
    const page2 = await client.messages.list({ from_number: '+14155550100', to_number: '+14155550111', limit: 20, offset: 20 });
    expect(page2).toHaveLength(5);
    expect(page2.meta.next).toBeNull();
    expect([...page1, ...page2].map((m) => m.messageUuid)).toEqual([...uuids].reverse());
  });

  test('shows delivery state, filters by it, and lists only the last 24 hours without a time filter', async () => {
    sim.rent('14155550100', { activated: true });
    const old = await send('14155550100', '14155550111', 'Old');
    const delivered = await send('14155550100', '14155550111', 'Delivered');
    sim.state.setMessageStatus(delivered, 'delivered');
    sim.state.getMessage(old)!.receivedAt = new Date(Date.now() - 48 * 3600_000).toISOString();

    const recent = await client.messages.list({ from_number: '+14155550100', to_number: '+14155550111' });
    expect(recent.map((m) => [m.messageUuid, m.messageState])).toEqual([[delivered, 'delivered']]);
    const all = await client.messages.list({ from_number: '+14155550100', to_number: '+14155550111', message_time__gte: utc(Date.now() - 72 * 3600_000) });
    expect(all.map((m) => m.messageUuid)).toEqual([delivered, old]);
    expect(await client.messages.list({ message_state: 'queued', message_time__gte: utc(Date.now() - 72 * 3600_000) })).toHaveLength(1);
  });

  test('lists a text only after the configured lag (real Plivo lists it some seconds late)', async () => {
    sim.rent('14155550100', { activated: true });
    const config = await control<Loose>(sim, 'POST', '/config', { messageListLagMs: 400 });
    expect(config.body).toMatchObject({ messageListLagMs: 400 });
    try {
      const uuid = await send('14155550100', '14155550111');
      const query = { from_number: '+14155550100', to_number: '+14155550111', message_time__gte: utc(Date.now() - 5000) };
      expect(await client.messages.list(query)).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 450));
      expect((await client.messages.list(query)).map((m) => m.messageUuid)).toEqual([uuid]);
    } finally {
      sim.state.messageListLagMs = 0;
    }
  });

  test('rejects a malformed time or direction with 400; faults apply to list_messages', async () => {
    const badTime = (await rejection(client.messages.list({ message_time__gte: 'yesterday' }))) as { status?: number; message?: string };
    expect(badTime.status).toBe(400);
    expect(badTime.message).toMatch(/message_time__gte must be a UTC time/);
    const badDirection = (await rejection(client.messages.list({ message_direction: 'sideways' }))) as { status?: number };
    expect(badDirection.status).toBe(400);
    sim.addFault({ endpoint: 'list_messages', kind: 'status', status: 503, times: 1 });
    const err = (await rejection(client.messages.list({}))) as Error;
    expect(String(err.message)).toMatch(/503/);
    await expect(client.messages.list({})).resolves.toHaveLength(0);
    // POST still sends, other methods are not allowed.
    const put = await fetch(`${sim.apiUrl}/Message/`, { method: 'PUT', headers: { authorization: `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}` } });
    expect(put.status).toBe(405);
  });

  test('the sender+recipient index forgets the messages the store drops', async () => {
    const small = await startSimulator({ authId: AUTH_ID, authToken: AUTH_TOKEN, maxMessages: 3 });
    try {
      const c = sdk(small);
      small.rent('14155550100', { activated: true });
      const uuids: string[] = [];
      for (let i = 0; i < 5; i++) uuids.push(((await c.messages.create('14155550100', '14155550111', `T${i}`)).messageUuid as string[])[0]);
      const listed = await c.messages.list({ from_number: '+14155550100', to_number: '+14155550111' });
      expect(listed.map((m) => m.messageUuid)).toEqual(uuids.slice(2).reverse());
      expect(small.messages()).toHaveLength(3);
    } finally {
      await small.close();
    }
  });
});

describe('authentication and faults', () => {
  test('a wrong token is an SDK error with status 401', async () => {
    const bad = sdk(sim, 'wrong-token');
    const err = (await rejection(bad.numbers.search('US', { pattern: '415' }))) as { status?: number; message?: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(401);
    expect(sim.requests()[0]).toMatchObject({ endpoint: 'search', status: 401 });
  });

  test('account details (a cheap credentials check) answer for the right token only', async () => {
    await expect(client.accounts.get()).resolves.toMatchObject({ resourceUri: `/v1/Account/${AUTH_ID}/` });
    const err = (await rejection(sdk(sim, 'nope').accounts.get())) as { status?: number };
    expect(err.status).toBe(401);
  });

  test('status fault: HTTP 500 reaches the caller with .status, limited by times', async () => {
    sim.addFault({ endpoint: 'search', kind: 'status', status: 500, times: 1 });
    const err = (await rejection(client.numbers.search('US', { pattern: '415' }))) as { status?: number; message?: string };
    expect(err.status).toBe(500);
    expect(typeof err.message).toBe('string');
    await expect(client.numbers.search('US', { pattern: '415', limit: 1 })).resolves.toHaveLength(1);
    expect(sim.faults()).toHaveLength(0);
  });

  test('status fault set over HTTP on another endpoint leaves others alone; DELETE clears it', async () => {
    sim.rent('14155550100', { activated: true });
    const added = await control<Loose>(sim, 'POST', '/faults', { endpoint: 'send', kind: 'status', status: 400 });
    expect(added.status).toBe(201);
    const err = (await rejection(client.messages.create('14155550100', '14155550111', 'x'))) as { status?: number };
    expect(err.status).toBe(400);
    await expect(client.numbers.get('14155550100')).resolves.toMatchObject({ number: '14155550100' });
    expect((await control(sim, 'DELETE', '/faults')).status).toBe(200);
    await expect(client.messages.create('14155550100', '14155550111', 'x')).resolves.toMatchObject({ message: 'message(s) queued' });
  });

  test('rate_limit fault: 429 becomes a plain Error without status', async () => {
    sim.addFault({ endpoint: '*', kind: 'rate_limit', times: 1 });
    const err = (await rejection(client.numbers.list())) as Error & { status?: number };
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBeUndefined();
    expect(String(err.message)).toContain('429');
    expect(sim.requests()[0]).toMatchObject({ endpoint: 'list', status: 429 });
  });

  test('drop fault: the socket is destroyed and the SDK rejects with a network error string', async () => {
    sim.addFault({ endpoint: 'buy', kind: 'drop', times: 1 });
    const err = await rejection(client.numbers.buy('14155550123'));
    expect(typeof err).toBe('string');
    expect(String(err)).toMatch(/socket hang up|ECONNRESET/i);
    expect(sim.requests({ endpoint: 'buy' })[0].status).toBeNull();
    expect(sim.rented()).toHaveLength(0);
  });

  test('after: the request is carried out, then its answer comes late or never (Plivo did it, the client cannot tell)', async () => {
    sim.rent('14155550100', { activated: true });
    sim.addFault({ endpoint: 'send', kind: 'latency', latencyMs: 300, after: true, times: 1 });
    const started = Date.now();
    const pending = client.messages.create('14155550100', '14155550111', 'late');
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.messages()).toHaveLength(1); // recorded before the answer left
    await expect(pending).resolves.toMatchObject({ message: 'message(s) queued' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    const added = await control<Loose>(sim, 'POST', '/faults', { endpoint: 'send', kind: 'drop', after: true, times: 1 });
    expect(added.body).toMatchObject({ kind: 'drop', after: true });
    const err = await rejection(client.messages.create('14155550100', '14155550112', 'lost answer'));
    expect(String(err)).toMatch(/socket hang up|ECONNRESET/i);
    expect(sim.messages().map((m) => m.dst)).toEqual(['14155550111', '14155550112']);
    expect(sim.requests({ endpoint: 'send' })[1].status).toBeNull();
    expect((await control(sim, 'POST', '/faults', { endpoint: 'send', kind: 'status', after: true })).status).toBe(400);
  });

  test('latency fault delays the normal answer', async () => {
    sim.addFault({ endpoint: 'search', kind: 'latency', latencyMs: 300, times: 1 });
    const started = Date.now();
    const found = await client.numbers.search('US', { pattern: '415', limit: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(found).toHaveLength(2);
    const t2 = Date.now();
    await client.numbers.search('US', { pattern: '415', limit: 2 });
    expect(Date.now() - t2).toBeLessThan(250);
  });
});

describe('callbacks to the app', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });

  test('inbound text, V3-signed, validates with plivo.validateV3Signature', async () => {
    const url = `${receiver.origin}/api/texting/webhooks/plivo/message`;
    const answer = await control<Loose & { headers: Loose; messageUuid: string }>(sim, 'POST', '/inbound', {
      from: '+14155550111',
      to: '+14155550100',
      text: 'STOP please — café ✓',
      intent: 'optout',
      url,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 200, json: { ok: true, n: 1 }, error: null });
    expect(answer.body.headers['content-type']).toContain('application/json');
    expect(answer.body.messageUuid).toMatch(/^[0-9a-f-]{36}$/);

    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    expect(got.method).toBe('POST');
    expect(header(got, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(got.params).toMatchObject({
      From: '14155550111',
      To: '14155550100',
      Text: 'STOP please — café ✓',
      Type: 'sms',
      MessageUUID: answer.body.messageUuid,
      MessageIntent: 'optout',
      Units: '1',
    });
    expect(Object.keys(got.params).sort()).toEqual(
      ['From', 'MessageIntent', 'MessageUUID', 'PowerpackUUID', 'Text', 'TotalAmount', 'TotalRate', 'To', 'Type', 'Units'].sort(),
    );
    const sig = header(got, 'X-Plivo-Signature-V3');
    const nonce = header(got, 'X-Plivo-Signature-V3-Nonce');
    expect(sig).not.toBe('');
    expect(header(got, 'X-Plivo-Signature-Ma-V3')).toBe(sig);
    expect(plivo.validateV3Signature('POST', url, nonce, AUTH_TOKEN, sig, got.params)).toBe(true);
    expect(plivo.validateV3Signature('POST', url, nonce, 'other-token', sig, got.params)).toBe(false);
    expect(plivo.validateV3Signature('POST', url, nonce, AUTH_TOKEN, sig, { ...got.params, Text: 'changed' })).toBe(false);
  });

  test('V3 also validates for a url with a query string, and with the default messageUrl', async () => {
    const url = `${receiver.origin}/hook/?tenant=a&b=2`;
    await sim.inbound({ from: '14155550111', to: '14155550100', text: 'hi', url });
    const got = receiver.received[0];
    expect(got.url).toBe('/hook/?tenant=a&b=2');
    expect(got.params.MessageIntent).toBeUndefined();
    expect(
      plivo.validateV3Signature('POST', url, header(got, 'X-Plivo-Signature-V3-Nonce'), AUTH_TOKEN, header(got, 'X-Plivo-Signature-V3'), got.params),
    ).toBe(true);

    sim.state.messageUrl = `${receiver.origin}/default`;
    const res = await sim.inbound({ from: '14155550111', to: '14155550100', text: 'again' });
    expect(res.status).toBe(200);
    expect(receiver.received[1].url).toBe('/default');
  });

  test('wrong token, tampering and unsigned inbound texts do not validate', async () => {
    const url = `${receiver.origin}/in`;
    await control(sim, 'POST', '/inbound', { from: '1', to: '2', text: 'forged', url, authToken: 'not-the-token' });
    await control(sim, 'POST', '/inbound', { from: '14155550111', to: '14155550100', text: 'real', url, tamper: { Text: 'tampered' } });
    await control(sim, 'POST', '/inbound', { from: '14155550111', to: '14155550100', text: 'nosig', url, signature: 'none' });
    const [forged, tampered, unsigned] = receiver.received;
    const valid = (r: Captured): boolean =>
      plivo.validateV3Signature('POST', url, header(r, 'X-Plivo-Signature-V3-Nonce'), AUTH_TOKEN, header(r, 'X-Plivo-Signature-V3'), r.params) === true;
    expect(valid(forged)).toBe(false);
    expect(tampered.params.Text).toBe('tampered');
    expect(valid(tampered)).toBe(false);
    expect(header(unsigned, 'X-Plivo-Signature-V3')).toBe('');
  });

  test('V2 signature validates with plivo.validateSignature', async () => {
    const url = `${receiver.origin}/v2hook?x=1`;
    const res = await sim.inbound({ from: '14155550111', to: '14155550100', text: 'v2', url, signature: 'v2' });
    expect(res.status).toBe(200);
    const got = receiver.received[0];
    expect(header(got, 'X-Plivo-Signature-V3')).toBe('');
    const sig = header(got, 'X-Plivo-Signature-V2');
    const nonce = header(got, 'X-Plivo-Signature-V2-Nonce');
    expect(plivo.validateSignature(url, nonce, sig, AUTH_TOKEN)).toBe(true);
    expect(plivo.validateSignature(url, nonce, sig, 'other')).toBe(false);
  });

  test('delivery reports go, signed, to each message url in the requested order', async () => {
    sim.rent('14155550100', { activated: true });
    const statusUrl = `${receiver.origin}/status`;
    const a = await client.messages.create('14155550100', '14155550111', 'one', { url: statusUrl });
    await client.messages.create('14155550100', '14155550112', 'two', { url: statusUrl });
    await client.messages.create('14155550100', '14155550113', 'no callback');
    const [uuidA] = a.messageUuid as string[];

    const one = await control<{ sent: number; failed: number; reports: Array<{ messageUuid: string; status: string; result: { status: number } }> }>(
      sim,
      'POST',
      '/delivery-reports',
      { messageUuid: uuidA, order: ['sent', 'delivered'] },
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ sent: 2, failed: 0 });
    expect(receiver.received.map((r) => r.params.Status)).toEqual(['sent', 'delivered']);
    const dlr = receiver.received[1];
    expect(dlr.params).toMatchObject({ MessageUUID: uuidA, Status: 'delivered', To: '14155550111', From: '14155550100', Units: '1' });
    for (const k of ['ErrorCode', 'TotalRate', 'TotalAmount', 'MessageTime']) expect(dlr.params[k]).toBeDefined();
    expect(
      plivo.validateV3Signature('POST', statusUrl, header(dlr, 'X-Plivo-Signature-V3-Nonce'), AUTH_TOKEN, header(dlr, 'X-Plivo-Signature-V3'), dlr.params),
    ).toBe(true);
    expect(sim.state.getMessage(uuidA)?.status).toBe('delivered');

    receiver.received.length = 0;
    const all = await sim.deliveryReports({ status: 'failed', errorCode: '300' });
    expect(all.sent).toBe(2); // the message without a url gets no report
    expect(receiver.received.map((r) => r.params.ErrorCode)).toEqual(['300', '300']);
    expect(new Set(receiver.received.map((r) => r.params.To))).toEqual(new Set(['14155550111', '14155550112']));
  });

  test('an unreachable app is reported, not thrown', async () => {
    const res = await sim.inbound({ from: '1415', to: '1416', text: 'x', url: 'http://127.0.0.1:9/nothing' });
    expect(res.status).toBe(0);
    expect(res.error).toMatch(/ECONNREFUSED/);
  });
});

describe('request log and reset over HTTP', () => {
  test('GET/DELETE /__control/requests and POST /__control/reset', async () => {
    await client.numbers.search('US', { pattern: '415', limit: 1 });
    await client.numbers.list();
    const log = await control<Array<Loose>>(sim, 'GET', '/requests');
    expect(log.body.map((r) => r.endpoint)).toEqual(['search', 'list']);
    expect(log.body[0]).toMatchObject({ method: 'GET', path: `/v1/Account/${AUTH_ID}/PhoneNumber/` });
    expect((await control<Array<Loose>>(sim, 'GET', '/requests?endpoint=list')).body).toHaveLength(1);
    await control(sim, 'DELETE', '/requests');
    expect(sim.requests()).toHaveLength(0);

    sim.rent('14155550100');
    expect((await control(sim, 'POST', '/reset')).status).toBe(200);
    expect(sim.rented()).toHaveLength(0);
  });
});

/**
 * The Plivo adapter (TextingProvider), through the real `plivo` SDK against the simulator: number search,
 * buy/get/list/release, sending, error mapping, webhook signatures, and the boot-time configuration check.
 */
import * as net from 'net';
import { startApp, type TestApp } from '../helpers/app';
import { superAdminSession } from '../helpers/admin';
import {
  PLIVO_APP_ID,
  PLIVO_AUTH_ID,
  PLIVO_AUTH_TOKEN,
  startAppWithSimulator,
  startReceiver,
  type Captured,
  type PlivoApp,
} from '../helpers/plivo';
import { signV3, startSimulator, type Simulator } from '../../simulator/src/server';
import { createPlivoProvider, type PlivoProviderOptions } from '../../src/plugins/texting/server/src/provider/plivo';
import type { SignedRequest, TextingProvider } from '../../src/plugins/texting/server/src/provider/types';

const TIMEOUT_MS = 1000;
const WEBHOOK = '/api/texting/webhooks/plivo/message';

/** What a rejected adapter call looked like (the built plugin's ProviderError is another class than the source's). */
async function failure(p: Promise<unknown>): Promise<{ name: string; kind: string; status?: number; message: string; retryable: boolean }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected the call to fail');
}

describe('configuration at boot', () => {
  it('stops boot naming the missing variables when Plivo is half configured', async () => {
    await expect(startApp({ PLIVO_AUTH_ID: 'MAHALFSET' })).rejects.toThrow(/PLIVO_AUTH_TOKEN, PLIVO_APP_ID/);
    await expect(startApp({ PLIVO_AUTH_ID: 'MA1', PLIVO_AUTH_TOKEN: 't', PLIVO_APP_ID: 'a', PUBLIC_URL: '' })).rejects.toThrow(/PUBLIC_URL/);
  });

  it('stops boot on a PLIVO_TIMEOUT_MS that is not a positive number', async () => {
    await expect(startApp({ PLIVO_TIMEOUT_MS: 'soon' })).rejects.toThrow(/PLIVO_TIMEOUT_MS/);
  });

  it('schedules the activation (every 10 min) and provider sync (hourly) jobs when TEXTING_JOBS is on', async () => {
    const env = await startAppWithSimulator({ TEXTING_JOBS: 'true' });
    try {
      const jobs = (env.app.strapi.cron as unknown as { jobs: Array<{ name: string | null; options: { rule: string } }> }).jobs;
      expect(jobs.find((j) => j.name === 'textingActivation')?.options.rule).toBe('*/10 * * * *');
      expect(jobs.find((j) => j.name === 'textingProviderSync')?.options.rule).toMatch(/^\d+ \* \* \* \*$/);
    } finally {
      await env.stop();
    }
  });

  it('without credentials every call fails with not_configured and says what to set', async () => {
    const p = createPlivoProvider({ authId: '', authToken: '', appId: '', apiUrl: 'https://api.plivo.com', publicUrl: '', simulated: false, timeoutMs: 1000 });
    expect(p.configured).toBe(false);
    const message = 'Plivo is not configured: set PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_APP_ID and PUBLIC_URL';
    for (const call of [
      () => p.searchNumbers('415'),
      () => p.buyNumber('+14155550123'),
      () => p.getNumber('+14155550123'),
      () => p.listNumbers(),
      () => p.releaseNumber('+14155550123'),
      () => p.sendMessage({ from: '+14155550123', to: '+14155550124', text: 'hi' }),
      () => p.findSentMessages({ from: '+14155550123', to: '+14155550124', since: new Date() }),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: 'ProviderError', kind: 'not_configured', message });
    }
    expect(() => p.verifySignature({ method: 'POST', path: WEBHOOK, params: {}, headers: {} })).toThrow(message);
  });
});

describe('adapter against the simulator (the plugin service)', () => {
  let env: PlivoApp;
  let app: TestApp;
  let sim: Simulator;
  let provider: TextingProvider;

  beforeAll(async () => {
    env = await startAppWithSimulator({ PLIVO_TIMEOUT_MS: String(TIMEOUT_MS) });
    ({ app, sim } = env);
    provider = app.strapi.plugin('texting').service('provider');
  });
  afterAll(() => env?.stop());
  beforeEach(() => sim.reset({ seed: 7 }));

  it('is configured, knows it talks to the simulator, and schedules no job with TEXTING_JOBS=false', async () => {
    expect(provider.configured).toBe(true);
    expect(provider.simulated).toBe(true);
    const status = await app.http().get('/texting/provider').set((await superAdminSession(app)).auth);
    expect(status.body.data).toMatchObject({ configured: true, simulated: true });
    const jobs = (app.strapi.cron as unknown as { jobs: Array<{ name: string | null }> }).jobs.map((j) => j.name);
    expect(jobs).not.toContain('textingActivation');
    expect(jobs).not.toContain('textingProviderSync');
  });

  it('searches an area code for SMS-capable local numbers, E.164 out', async () => {
    const found = await provider.searchNumbers('415', { limit: 5 });
    expect(found).toHaveLength(5);
    for (const n of found) {
      expect(n).toEqual({
        phoneNumber: expect.stringMatching(/^\+1415\d{7}$/),
        city: 'San Francisco',
        region: 'California',
        monthlyRentalRate: '0.80000',
        smsEnabled: true,
        mmsEnabled: expect.any(Boolean),
      });
    }
    const [req] = sim.requests({ endpoint: 'search' });
    expect(req.query).toEqual({ country_iso: 'US', pattern: '415', services: 'sms', type: 'local', limit: '5' });

    // Canadian area codes are searched in Canada; the limit never exceeds Plivo's page of 20.
    const toronto = await provider.searchNumbers('416', { limit: 50 });
    expect(toronto).toHaveLength(20);
    expect(toronto[0]).toMatchObject({ city: 'Toronto', region: 'Ontario' });
    expect(sim.requests({ endpoint: 'search' })[1].query).toMatchObject({ country_iso: 'CA', limit: '20' });
    expect(await provider.searchNumbers('555')).toEqual([]);
  });

  it('buys with our application, reads the activation state, lists every page, releases', async () => {
    const [first] = await provider.searchNumbers('312', { limit: 1 });
    await provider.buyNumber(first.phoneNumber);
    const digits = first.phoneNumber.slice(1);
    expect(sim.requests({ endpoint: 'buy' })[0]).toMatchObject({ path: expect.stringContaining(`/PhoneNumber/${digits}/`), body: { app_id: PLIVO_APP_ID }, status: 201 });
    expect(sim.state.getRented(digits)).toMatchObject({ appId: PLIVO_APP_ID, activation: 'pending' });

    expect(await provider.getNumber(first.phoneNumber)).toEqual({
      phoneNumber: first.phoneNumber,
      appId: PLIVO_APP_ID,
      active: false,
      monthlyRentalRate: '0.80000',
    });
    sim.activate(digits);
    expect(await provider.getNumber(first.phoneNumber)).toMatchObject({ active: true });
    expect(await provider.getNumber('+14150000000')).toBeNull();

    for (let i = 0; i < 44; i++) sim.rent(`1212555${String(1000 + i)}`, { appId: 'console-app' });
    const all = await provider.listNumbers();
    expect(all).toHaveLength(45);
    expect(new Set(all.map((n) => n.phoneNumber)).size).toBe(45);
    expect(all.find((n) => n.phoneNumber === '+12125551000')).toMatchObject({ appId: 'console-app', active: false });
    expect(sim.requests({ endpoint: 'list' }).map((r) => r.query.offset)).toEqual(['0', '20', '40']);

    expect(await provider.releaseNumber(first.phoneNumber)).toBe('released');
    expect(sim.state.getRented(digits)).toBeUndefined();
    expect(await provider.releaseNumber(first.phoneNumber)).toBe('not_found');
  });

  it('sends a text with the status callback on PUBLIC_URL, POST', async () => {
    sim.rent('14155550100', { activated: true });
    const { messageUuid } = await provider.sendMessage({ from: '+14155550100', to: '+14155550111', text: 'Hello' });
    expect(messageUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.messages()).toEqual([
      expect.objectContaining({
        messageUuid,
        src: '14155550100',
        dst: '14155550111',
        text: 'Hello',
        url: `${app.url}/api/texting/webhooks/plivo/status`,
        method: 'POST',
      }),
    ]);
    // A number still in carrier registration is refused by Plivo: a bad_request the caller can show.
    sim.rent('14155550101');
    const err = await failure(provider.sendMessage({ from: '+14155550101', to: '+14155550111', text: 'Hello' }));
    expect(err).toMatchObject({ name: 'ProviderError', kind: 'bad_request', status: 400, retryable: false });
    expect(err.message).toMatch(/not yet registered/);
  });

  it.each([
    ['HTTP 400', { kind: 'status', status: 400 }, { kind: 'bad_request', status: 400, retryable: false }, /Plivo refused the request \(HTTP 400\) while searching.*simulated fault/],
    ['HTTP 401', { kind: 'status', status: 401 }, { kind: 'unauthorized', status: 401, retryable: false }, /PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN/],
    ['HTTP 500', { kind: 'status', status: 500 }, { kind: 'server_error', status: 500, retryable: true }, /Plivo failed \(HTTP 500\).*Try again/],
    ['HTTP 503 (a plain Error from the SDK)', { kind: 'status', status: 503 }, { kind: 'server_error', status: 503, retryable: true }, /HTTP 503/],
    ['HTTP 429', { kind: 'rate_limit' }, { kind: 'rate_limited', status: 429, retryable: true }, /HTTP 429.*Wait a minute/],
    ['a dropped connection (a string from the SDK)', { kind: 'drop' }, { kind: 'network', retryable: true }, /Could not reach Plivo at http:\/\/127\.0\.0\.1:\d+ while searching.*(socket hang up|ECONNRESET)/],
    ['no answer in time', { kind: 'latency', latencyMs: 4 * TIMEOUT_MS }, { kind: 'timeout', retryable: true }, /did not answer within 1 s while searching/],
  ] as const)('maps %s to a ProviderError with a clear message', async (_label, fault, expected, message) => {
    sim.addFault({ endpoint: 'search', times: 1, ...fault });
    const started = Date.now();
    const err = await failure(provider.searchNumbers('415'));
    expect(err).toMatchObject({ name: 'ProviderError', ...expected });
    expect(err.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it('maps wrong credentials and an unreachable Plivo', async () => {
    const base: PlivoProviderOptions = {
      authId: PLIVO_AUTH_ID, authToken: 'wrong-token', appId: PLIVO_APP_ID, apiUrl: sim.origin, publicUrl: app.url, simulated: true, timeoutMs: TIMEOUT_MS,
    };
    expect(await failure(createPlivoProvider(base).listNumbers())).toMatchObject({ kind: 'unauthorized', status: 401 });

    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const err = await failure(createPlivoProvider({ ...base, authToken: PLIVO_AUTH_TOKEN, apiUrl: `http://127.0.0.1:${closed}` }).buyNumber('+14155550123'));
    expect(err).toMatchObject({ kind: 'network' });
    expect(err.message).toMatch(/Could not reach Plivo .* while buying \+14155550123 \(.*ECONNREFUSED/);
  });
});

describe('webhook signatures', () => {
  let sim: Simulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const adapter = (publicUrl: string, authToken = PLIVO_AUTH_TOKEN) =>
    createPlivoProvider({ authId: PLIVO_AUTH_ID, authToken, appId: PLIVO_APP_ID, apiUrl: sim.origin, publicUrl, simulated: true, timeoutMs: TIMEOUT_MS });

  const asSigned = (c: Captured, path = c.url): SignedRequest => ({ method: 'POST', path, params: c.params, headers: c.headers });

  /** Sends an inbound text from the simulator to the receiver and returns the request as it arrived. */
  async function inbound(opts: Record<string, unknown> = {}, path = WEBHOOK): Promise<Captured> {
    receiver.received.length = 0;
    const result = await sim.inbound({ from: '+14155550111', to: '+14155550100', text: 'Hello, café ✓', url: `${receiver.origin}${path}`, ...opts });
    expect(result.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    return receiver.received[0];
  }

  beforeAll(async () => {
    sim = await startSimulator({ authId: PLIVO_AUTH_ID, authToken: PLIVO_AUTH_TOKEN });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await sim?.close();
  });

  it('accepts a V3-signed inbound text as Plivo sends it', async () => {
    const got = await inbound();
    expect(got.headers['x-plivo-signature-v3']).toBeTruthy();
    expect(adapter(receiver.origin).verifySignature(asSigned(got))).toBe(true);
  });

  it('rejects it unsigned, tampered in one parameter, signed with another token, or signed for another URL', async () => {
    const p = adapter(receiver.origin);
    expect(p.verifySignature(asSigned(await inbound({ signature: 'none' })))).toBe(false);
    expect(p.verifySignature(asSigned(await inbound({ tamper: { Text: 'Hello, cafe' } })))).toBe(false);
    expect(p.verifySignature(asSigned(await inbound({ tamper: { From: '14155550199' } })))).toBe(false);
    expect(p.verifySignature(asSigned(await inbound({ authToken: 'not-our-token' })))).toBe(false);
    // Signed for /other, replayed at our webhook path; and our path at another public origin.
    expect(p.verifySignature(asSigned(await inbound({}, '/api/texting/webhooks/plivo/other'), WEBHOOK))).toBe(false);
    expect(adapter('https://texting.example.edu').verifySignature(asSigned(await inbound()))).toBe(false);
    // A good V3 signature for another app's token does not verify with ours.
    expect(adapter(receiver.origin, 'rotated-token').verifySignature(asSigned(await inbound()))).toBe(false);
  });

  it('accepts V2, and never falls back to V2 when the V3 signature is wrong', async () => {
    const p = adapter(receiver.origin);
    const v2 = await inbound({ signature: 'v2' });
    expect(v2.headers['x-plivo-signature-v3']).toBeUndefined();
    expect(p.verifySignature(asSigned(v2))).toBe(true);
    expect(p.verifySignature(asSigned(await inbound({ signature: 'v2', authToken: 'not-our-token' })))).toBe(false);
    expect(p.verifySignature(asSigned(await inbound({ signature: 'v2' }, '/elsewhere'), WEBHOOK))).toBe(false);
    // Both sets present, body tampered: V2 (URL + nonce only) would pass, V3 must decide.
    const both = await inbound({ signature: 'both', tamper: { Text: 'changed' } });
    expect(both.headers['x-plivo-signature-v2']).toBeTruthy();
    expect(p.verifySignature(asSigned(both))).toBe(false);
  });

  it('rebuilds the URL from PUBLIC_URL with a trailing slash, an explicit port, a query string', async () => {
    const got = await inbound();
    expect(adapter(`${receiver.origin}/`).verifySignature(asSigned(got))).toBe(true);
    expect(adapter(`http://127.0.0.1:${receiver.port}`).verifySignature(asSigned(got))).toBe(true);
    const withQuery = await inbound({}, `${WEBHOOK}?tenant=a&b=2`);
    expect(withQuery.url).toBe(`${WEBHOOK}?tenant=a&b=2`);
    expect(adapter(receiver.origin).verifySignature(asSigned(withQuery))).toBe(true);

    // A default port written in PUBLIC_URL but not in the URL Plivo calls, and the reverse.
    const params = { From: '14155550111', To: '14155550100', Text: 'hi', MessageUUID: 'u-1' };
    const signedFor = (url: string): SignedRequest => ({
      method: 'POST',
      path: WEBHOOK,
      params,
      headers: { 'x-plivo-signature-v3': signV3('POST', url, params, 'n0nce', PLIVO_AUTH_TOKEN), 'x-plivo-signature-v3-nonce': 'n0nce' },
    });
    expect(adapter('https://texting.example.edu:443').verifySignature(signedFor(`https://texting.example.edu${WEBHOOK}`))).toBe(true);
    expect(adapter('https://texting.example.edu/').verifySignature(signedFor(`https://texting.example.edu:443${WEBHOOK}`))).toBe(true);
    expect(adapter('https://texting.example.edu').verifySignature(signedFor(`https://texting.example.org${WEBHOOK}`))).toBe(false);
    expect(adapter('https://texting.example.edu').verifySignature(signedFor(`http://texting.example.edu${WEBHOOK}`))).toBe(false);
  });

  it('verifies through the plugin service with the configured PUBLIC_URL', async () => {
    const env = await startAppWithSimulator();
    try {
      const provider = env.app.strapi.plugin('texting').service('provider') as TextingProvider;
      // The app's own simulator signs with the same token; deliver to the receiver and verify as the app would.
      const result = await env.sim.inbound({ from: '+14155550111', to: '+14155550100', text: 'STOP', intent: 'optout', url: `${env.app.url}${WEBHOOK}` });
      const req: SignedRequest = { method: 'POST', path: WEBHOOK, params: result.params, headers: result.requestHeaders };
      expect(provider.verifySignature(req)).toBe(true);
      expect(provider.verifySignature({ ...req, params: { ...req.params, Text: 'START' } })).toBe(false);
      // PUBLIC_URL is read from the configuration: another origin no longer matches.
      env.app.strapi.config.set('plugin::texting.publicUrl', 'https://texting.example.edu');
      expect(provider.verifySignature(req)).toBe(false);
    } finally {
      await env.stop();
    }
  });
});

describe('finding texts Plivo accepted (findSentMessages, for crash recovery)', () => {
  let env: PlivoApp;
  let sim: Simulator;
  let provider: TextingProvider;
  const FROM = '+14155550100';
  const TO = '+14155550111';

  beforeAll(async () => {
    env = await startAppWithSimulator({ PLIVO_TIMEOUT_MS: String(TIMEOUT_MS) });
    sim = env.sim;
    provider = env.app.strapi.plugin('texting').service('provider');
  });
  afterAll(() => env?.stop());
  beforeEach(() => {
    sim.reset({ seed: 7 });
    sim.rent(FROM.slice(1), { activated: true });
  });

  it('asks Plivo for outbound texts from → to since a time and answers their uuids, E.164 in', async () => {
    const since = new Date(Date.now() - 1500);
    const a = await provider.sendMessage({ from: FROM, to: TO, text: 'One' });
    const b = await provider.sendMessage({ from: FROM, to: TO, text: 'Two' });
    await provider.sendMessage({ from: FROM, to: '+14155550112', text: 'Someone else' });
    sim.state.setMessageStatus(a.messageUuid, 'delivered');

    const found = await provider.findSentMessages({ from: FROM, to: TO, since });
    expect(found).toEqual([
      { messageUuid: b.messageUuid, state: 'queued', sentAt: expect.any(Date) },
      { messageUuid: a.messageUuid, state: 'delivered', sentAt: expect.any(Date) },
    ]);
    expect(Math.abs(found[1].sentAt!.getTime() - Date.parse(sim.state.getMessage(a.messageUuid)!.receivedAt))).toBeLessThan(1);
    // One request, with Plivo's filters: UTC whole seconds, numbers as E.164.
    const reqs = sim.requests({ endpoint: 'list_messages' });
    expect(reqs).toHaveLength(1);
    expect(reqs[0].query).toEqual({
      message_direction: 'outbound',
      from_number: FROM,
      to_number: TO,
      message_time__gte: since.toISOString().slice(0, 19).replace('T', ' '),
      limit: '20',
      offset: '0',
    });

    expect(await provider.findSentMessages({ from: FROM, to: '+14155550113', since })).toEqual([]);
    expect(await provider.findSentMessages({ from: FROM, to: TO, since: new Date(Date.now() + 2000) })).toEqual([]);
  });

  it('reads every page', async () => {
    const sent = new Set<string>();
    for (let i = 0; i < 23; i++) sent.add((await provider.sendMessage({ from: FROM, to: TO, text: `Try ${i}` })).messageUuid);
    const found = await provider.findSentMessages({ from: FROM, to: TO, since: new Date(Date.now() - 60_000) });
    expect(new Set(found.map((f) => f.messageUuid))).toEqual(sent);
    expect(sim.requests({ endpoint: 'list_messages' }).map((r) => r.query.offset)).toEqual(['0', '20']);
  });

  it('does not count a text to someone else when Plivo ignores a filter', async () => {
    const other = (uuid: string, to: string, direction = 'outbound') => ({
      message_uuid: uuid, from_number: FROM.slice(1), to_number: to, message_direction: direction, message_state: 'sent', message_time: '2026-01-31 14:05:09.123456+05:30',
    });
    sim.addFault({
      endpoint: 'list_messages',
      kind: 'status',
      status: 200,
      times: 1,
      body: JSON.stringify({
        api_id: 'x',
        meta: { limit: 20, offset: 0, next: null, previous: null, total_count: 3 },
        objects: [other('u-other', '14155550199'), other('u-inbound', TO.slice(1), 'inbound'), other('u-ours', TO.slice(1))],
      }),
    });
    const found = await provider.findSentMessages({ from: FROM, to: TO, since: new Date(Date.now() - 60_000) });
    // Plivo's time in its account's zone (+05:30) read as the instant it is.
    expect(found).toEqual([{ messageUuid: 'u-ours', state: 'sent', sentAt: new Date('2026-01-31T08:35:09.123Z') }]);
  });

  it.each([
    ['HTTP 503', { kind: 'status', status: 503 }, { kind: 'server_error', retryable: true }],
    ['HTTP 429 (Plivo allows 20 list requests a minute)', { kind: 'rate_limit' }, { kind: 'rate_limited', retryable: true }],
    ['HTTP 401', { kind: 'status', status: 401 }, { kind: 'unauthorized', retryable: false }],
    ['a dropped connection', { kind: 'drop' }, { kind: 'network', retryable: true }],
    ['no answer in time', { kind: 'latency', latencyMs: 4 * TIMEOUT_MS }, { kind: 'timeout', retryable: true }],
  ] as const)('maps %s to a ProviderError naming the lookup', async (_label, fault, expected) => {
    sim.addFault({ endpoint: 'list_messages', times: 1, ...fault });
    const err = await failure(provider.findSentMessages({ from: FROM, to: TO, since: new Date() }));
    expect(err).toMatchObject({ name: 'ProviderError', ...expected });
    expect(err.message).toContain(`looking up texts sent from ${FROM} to ${TO}`);
  });
});

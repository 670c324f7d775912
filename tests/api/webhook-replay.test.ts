/**
 * Issue 10, item 4: each Plivo signature nonce (V3 or V2) is accepted once, in a store shared by every
 * instance (a database table); a replay answers 403 and stores nothing. Signatures are compared in
 * constant time, so a malformed one is a plain 403.
 */
import request from 'supertest';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { makeNumber, makeOffice, uuid, type NumberDoc } from '../helpers/inbound';
import { signV2, signV3 } from '../../simulator/src/server';

const WEBHOOK = '/api/texting/webhooks/plivo/message';
const STATUS = '/api/texting/webhooks/plivo/status';
const NONCES = 'texting_webhook_nonces';

let env: PlivoApp;
let line: NumberDoc;
let seq = 0;

const strapi = () => env.app.strapi;
const nonce = () => `9${String(Date.now()).padStart(15, '0')}${String(++seq).padStart(4, '0')}`;
const inbound = (from: string, text: string) => ({ From: from.slice(1), To: line.phoneNumber.slice(1), Text: text, Type: 'sms', MessageUUID: uuid() });
const messages = (from: string) => strapi().db.query('plugin::texting.message').count({ where: { fromNumber: from } });

function v3Headers(path: string, params: Record<string, string>, n = nonce()) {
  const sig = signV3('POST', `${env.app.url}${path}`, params, n, env.sim.authToken);
  return { 'X-Plivo-Signature-V3': sig, 'X-Plivo-Signature-V3-Nonce': n };
}
function v2Headers(path: string, n = nonce()) {
  const sig = signV2(`${env.app.url}${path}`, n, env.sim.authToken);
  return { 'X-Plivo-Signature-V2': sig, 'X-Plivo-Signature-V2-Nonce': n };
}
const post = (path: string, headers: Record<string, string>, params: Record<string, string>) =>
  request(env.app.url).post(path).type('form').set(headers).send(params);

beforeAll(async () => {
  // A batch waits 40 ms for more texts (2 by default), so that texts posted together share one (the lost
  // acknowledgement test needs a batch of two).
  process.env.TEXTING_INBOUND_BATCH_WAIT_MS = '40';
  env = await startAppWithSimulator();
  const office = await makeOffice(strapi(), 'Replay Office', { helpText: 'Help here' });
  line = await makeNumber(strapi(), env.sim, '+14155550871', office, { responseType: 'bot' });
});
afterAll(async () => {
  delete process.env.TEXTING_INBOUND_BATCH_WAIT_MS;
  await env?.stop();
});

describe('a replayed nonce is refused', () => {
  it('V3: the same request twice is stored once; the second answers 403', async () => {
    const from = '+16175550301';
    const params = inbound(from, 'When is the open day?');
    const headers = v3Headers(WEBHOOK, params);
    expect((await post(WEBHOOK, headers, params)).status).toBe(200);
    const again = await post(WEBHOOK, headers, params);
    expect(again.status).toBe(403);
    expect(again.body.error.message).toMatch(/already used/);
    expect(await messages(from)).toBe(1);
  });

  it('V2 (URL + nonce only): copied headers cannot sign a forged STOP', async () => {
    const from = '+16175550302';
    const headers = v2Headers(WEBHOOK);
    expect((await post(WEBHOOK, headers, inbound(from, 'Hello'))).status).toBe(200);
    const forged = await post(WEBHOOK, headers, inbound(from, 'STOP'));
    expect(forged.status).toBe(403);
    expect(await messages(from)).toBe(1);
    const contact = await strapi().db.query('plugin::texting.contact').findOne({ where: { phoneNumber: from } });
    expect(contact?.optedOut ?? false).toBe(false);
  });

  it('delivery reports too', async () => {
    const params = { MessageUUID: uuid(), Status: 'delivered', ErrorCode: '000' };
    const headers = v3Headers(STATUS, params);
    expect((await post(STATUS, headers, params)).status).toBe(200);
    expect((await post(STATUS, headers, params)).status).toBe(403);
    expect(await strapi().db.query('plugin::texting.delivery-report').count({ where: { messageUuid: params.MessageUUID } })).toBe(1);
  });

  it('concurrent copies: exactly one is accepted', async () => {
    const from = '+16175550303';
    const params = inbound(from, 'Race');
    const headers = v3Headers(WEBHOOK, params);
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => post(WEBHOOK, headers, params)))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 403, 403, 403, 403, 403]);
    expect(await messages(from)).toBe(1);
  });

  it('a V3 nonce and a V2 nonce with the same digits are different keys', async () => {
    const n = nonce();
    const a = inbound('+16175550304', 'one');
    expect((await post(WEBHOOK, v3Headers(WEBHOOK, a, n), a)).status).toBe(200);
    expect((await post(WEBHOOK, v2Headers(WEBHOOK, n), inbound('+16175550304', 'two'))).status).toBe(200);
  });
});

describe('a failed request gives its nonce back', () => {
  it('Plivo\'s retry of a request that answered 5xx is accepted, not taken for a replay', async () => {
    const from = '+16175550307';
    const params = inbound(from, 'During an outage');
    const headers = v3Headers(WEBHOOK, params);
    const routing = strapi().plugin('texting').service('routing');
    const spy = jest.spyOn(routing, 'receive').mockRejectedValueOnce(new Error('database unavailable'));
    try {
      expect((await post(WEBHOOK, headers, params)).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(await messages(from)).toBe(0);
    expect((await post(WEBHOOK, headers, params)).status).toBe(200);
    expect(await messages(from)).toBe(1);
    expect((await post(WEBHOOK, headers, params)).status).toBe(403);
  });
});

describe('a commit whose acknowledgement is lost', () => {
  it('answers the requests of that batch 200 (already received), and an exact replay of one 403', async () => {
    const texts = ['+16175550308', '+16175550309'].map((from) => {
      const params = inbound(from, 'Committed, but the answer got lost');
      return { from, params, headers: v3Headers(WEBHOOK, params) };
    });
    // The database commits the batch's transaction, then the connection drops before its answer arrives.
    const db = strapi().db;
    const original = db.transaction.bind(db);
    const spy = jest.spyOn(db, 'transaction').mockImplementationOnce((async (...args: Parameters<typeof original>) => {
      await original(...args);
      throw new Error('Connection terminated unexpectedly');
    }) as unknown as typeof original);
    let answers;
    let calls = 0;
    try {
      // Both in one batch: the app waits 40 ms for company (TEXTING_INBOUND_BATCH_WAIT_MS, set before it starts).
      answers = await Promise.all(texts.map((t) => post(WEBHOOK, t.headers, t.params)));
      calls = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeGreaterThan(0);
    for (const [i, res] of answers.entries()) {
      expect(res.status).toBe(200);
      expect(res.headers['x-texting-outcome']).toBe('duplicate');
      expect(await messages(texts[i].from)).toBe(1);
    }
    const replay = await post(WEBHOOK, texts[0].headers, texts[0].params);
    expect(replay.status).toBe(403);
    expect(await messages(texts[0].from)).toBe(1);
  });
});

describe('signatures', () => {
  it('a malformed or truncated signature is a plain 403 that stores nothing (and burns no nonce)', async () => {
    const from = '+16175550305';
    const params = inbound(from, 'hi');
    const good = v3Headers(WEBHOOK, params);
    for (const bad of ['abc', good['X-Plivo-Signature-V3'].slice(0, 20), '', '%%%']) {
      const res = await post(WEBHOOK, { ...good, 'X-Plivo-Signature-V3': bad || 'x' }, params);
      expect(res.status).toBe(403);
    }
    expect(await messages(from)).toBe(0);
    // The nonce was not taken by the refused attempts: the genuine request still goes through.
    expect((await post(WEBHOOK, good, params)).status).toBe(200);
  });

  it('accepts a header carrying several signatures when one is right (token rotation)', async () => {
    const params = inbound('+16175550306', 'rotated');
    const good = v3Headers(WEBHOOK, params);
    const res = await post(WEBHOOK, { ...good, 'X-Plivo-Signature-V3': `${Buffer.alloc(32).toString('base64')},${good['X-Plivo-Signature-V3']}` }, params);
    expect(res.status).toBe(200);
  });
});

describe('the nonce store', () => {
  it('keeps accepted nonces with an expiry, and pruning removes only expired ones', async () => {
    const k = strapi().db.connection;
    const rows = await k(NONCES).select('nonce', 'expires_at');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Number(r.expires_at)).toBeGreaterThan(Date.now());
    await k(NONCES).insert({ nonce: 'v3:expired-one', expires_at: Date.now() - 1000 });
    const pruned = await strapi().plugin('texting').service('door').pruneNonces();
    expect(pruned).toBe(1);
    expect(await k(NONCES).where({ nonce: 'v3:expired-one' }).first()).toBeUndefined();
    expect((await k(NONCES).count({ n: '*' }).first())?.n).toBeDefined();
    expect(Number((await k(NONCES).count({ n: '*' }).first())?.n)).toBe(rows.length);
  });
});

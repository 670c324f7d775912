/**
 * Issue 11, item 6: a conversation opens on its newest messages (it used to show its oldest 500, so new texts
 * never appeared in a long thread), and "load older" pages back with a `before` cursor.
 */
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { makeNumber, makeOffice, uuid } from '../helpers/inbound';

let p: PlivoApp;
let auth: Record<string, string>;
let conversation: string;
const COUNT = 120;

beforeAll(async () => {
  p = await startAppWithSimulator();
  ({ auth } = await superAdminSession(p.app));
  const office = await makeOffice(p.app.strapi, 'Admissions');
  const number = await makeNumber(p.app.strapi, p.sim, '+14155550100', office, { responseType: 'agent', inboxOffices: [office] });
  for (let i = 1; i <= COUNT; i++) {
    const res = await p.sim.inbound({ from: '+16175550111', to: number.phoneNumber, text: `text ${i}`, messageUuid: uuid() });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  }
  const list = await p.app.http().get('/texting/conversations').set(auth);
  conversation = list.body.data[0].documentId;
}, 120_000);
afterAll(() => p?.stop());

const bodies = (messages: Array<{ body: string }>) => messages.map((m) => m.body);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `text ${from + i}`);

it('opens on the newest 50 messages, oldest first, and says there are older ones', async () => {
  const res = await p.app.http().get(`/texting/conversations/${conversation}`).set(auth);
  expect(res.status).toBe(200);
  expect(bodies(res.body.data.messages)).toEqual(range(71, 120));
  expect(res.body.meta.messages).toEqual({ hasOlder: true, before: res.body.data.messages[0].documentId });
});

it('"load older" pages back to the first message', async () => {
  const first = await p.app.http().get(`/texting/conversations/${conversation}`).set(auth);
  let before = first.body.meta.messages.before as string;
  const seen = [...bodies(first.body.data.messages)];
  const page1 = await p.app.http().get(`/texting/conversations/${conversation}/messages`).query({ before }).set(auth);
  expect(page1.status).toBe(200);
  expect(bodies(page1.body.data)).toEqual(range(21, 70));
  expect(page1.body.meta.hasOlder).toBe(true);
  before = page1.body.meta.before;
  const page2 = await p.app.http().get(`/texting/conversations/${conversation}/messages`).query({ before, limit: 50 }).set(auth);
  expect(bodies(page2.body.data)).toEqual(range(1, 20));
  expect(page2.body.meta).toEqual({ hasOlder: false, before: null });
  seen.unshift(...bodies(page1.body.data));
  seen.unshift(...bodies(page2.body.data));
  expect(seen).toEqual(range(1, COUNT));
});

it('validates the cursor: unknown message 400, bad limit 400', async () => {
  const bad = await p.app.http().get(`/texting/conversations/${conversation}/messages`).query({ before: 'nope' }).set(auth);
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/before: no message "nope" in this conversation/);
  const limit = await p.app.http().get(`/texting/conversations/${conversation}/messages`).query({ before: 'x', limit: 0 }).set(auth);
  expect(limit.status).toBe(400);
  expect((await p.app.http().get(`/texting/conversations/${conversation}/messages`).set(auth)).status).toBe(400);
});

/**
 * Issue 13, item 1: number health. The number's page (`GET /texting/phone-numbers/:documentId/health`), the
 * list's optional columns (last inbound, delivery rate over 7 days) and their sorts, and the "Needs attention"
 * filter with each of its four reasons — on texts seeded with known counts and times.
 */
import { startApp, type TestApp } from '../helpers/app';
import { createUser, login, superAdminSession } from '../helpers/admin';
import { asPlugin, fixtures, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';
import { daysAgo, insertTexts, sent as out, times, type TextRow } from '../helpers/messages';

const CONTACT = (i: number) => `+1617555${String(1000 + i).padStart(4, '0')}`;
const MISSING = 'Not on the Plivo account any more (released outside the app?)';

let app: TestApp;
let auth: Record<string, string>;
let fx: Fixtures;
let office: Doc;
let other: Doc;
let n: Record<'busy' | 'releaseFailed' | 'missing' | 'oldPending' | 'newPending' | 'fewTexts' | 'ninety' | 'healthy' | 'elsewhere', NumberDoc>;

const http = () => app.http();
const inb = (to: string, from: string, body: string, hoursAgo: number, intent: string | null = null): TextRow => ({
  direction: 'inbound',
  from,
  to,
  body,
  intent,
  hoursAgo,
});

async function setRow(documentId: string, data: Record<string, unknown>) {
  const table = app.strapi.db.metadata.get('plugin::texting.phone-number').tableName;
  await app.strapi.db.connection(table).where({ document_id: documentId }).update(data);
}
const dbDate = (ms: number) => (app.db === 'postgres' ? new Date(ms) : ms);
const refresh = (): Promise<number> => app.strapi.plugin('texting').service('numbers').refreshWeekStats();

beforeAll(async () => {
  app = await startApp();
  ({ auth } = await superAdminSession(app));
  fx = fixtures(app.strapi);
  office = await fx.office({ name: 'Health office' });
  other = await fx.office({ name: 'Other office' });
  const num = (phoneNumber: string, name: string, providerStatus: 'pending' | 'active' | 'release_failed' = 'active', o = office) =>
    fx.number({ phoneNumber, name, office: o.documentId, providerStatus });
  n = {
    busy: await num('+12025550701', 'busy'),
    releaseFailed: await num('+12025550702', 'release failed', 'release_failed'),
    missing: await num('+12025550703', 'missing'),
    oldPending: await num('+12025550704', 'old pending', 'pending'),
    newPending: await num('+12025550705', 'new pending', 'pending'),
    fewTexts: await num('+12025550706', 'few texts'),
    ninety: await num('+12025550707', 'ninety'),
    healthy: await num('+12025550708', 'healthy'),
    elsewhere: await num('+12025550709', 'elsewhere', 'active', other),
  };
  await setRow(n.missing.documentId, { status_reason: MISSING });
  const now = Date.now();
  await setRow(n.oldPending.documentId, { created_at: dbDate(now - 11 * 24 * 3600 * 1000) });
  await setRow(n.newPending.documentId, { created_at: dbDate(now - 9 * 24 * 3600 * 1000) });
  await setRow(n.busy.documentId, { last_inbound_at: dbDate(now - 3600 * 1000) });
  await setRow(n.healthy.documentId, { last_inbound_at: dbDate(now - 5 * 3600 * 1000) });

  const busy = n.busy.phoneNumber;
  await insertTexts(app.strapi, [
    // Last 7 days: 40 out — 30 delivered, 4 undelivered (30), 2 failed (200), 1 failed without a code, 3 not final.
    ...times(30, out(busy, 'delivered', daysAgo(2))),
    ...times(4, out(busy, 'undelivered', daysAgo(1), '30')),
    ...times(2, out(busy, 'failed', 30, '200')),
    out(busy, 'failed', 10),
    out(busy, 'queued', 1),
    ...times(2, out(busy, 'sent', 2)),
    // 8 to 30 days ago: 10 delivered, 5 undelivered (30).
    ...times(10, out(busy, 'delivered', daysAgo(20))),
    ...times(5, out(busy, 'undelivered', daysAgo(12), '30')),
    // Older than 30 days: counted nowhere.
    ...times(5, out(busy, 'delivered', daysAgo(40))),
    ...times(3, out(busy, 'failed', daysAgo(31), '451')),
    // Inbound, last 7 days: 4 texts; one opt-out ("stop." from contact 1, again "STOP" from the same contact).
    inb(busy, CONTACT(1), 'Hi, is the office open?', 3),
    inb(busy, CONTACT(1), '  stop. ', 2),
    inb(busy, CONTACT(1), 'STOP', 1.5),
    inb(busy, CONTACT(2), "please don't stop texting me", 1),
    // Plivo's intent wins: help is no opt-out even with STOP as its text.
    inb(busy, CONTACT(3), 'STOP', daysAgo(3), 'help'),
    // 8 to 30 days ago: 2 texts, one opt-out by Plivo's intent (contact 4).
    inb(busy, CONTACT(4), 'please remove me', daysAgo(10), 'optout'),
    inb(busy, CONTACT(5), 'Cancel', daysAgo(15)),
    // Older than 30 days.
    inb(busy, CONTACT(6), 'STOP', daysAgo(45)),
    // Another number's texts are not this number's.
    ...times(3, out(n.healthy.phoneNumber, 'delivered', 5)),
    inb(n.healthy.phoneNumber, CONTACT(7), 'STOP', 5),
    // Below 90 % but only 19 texts with an outcome: no attention.
    ...times(10, out(n.fewTexts.phoneNumber, 'delivered', daysAgo(1))),
    ...times(9, out(n.fewTexts.phoneNumber, 'failed', daysAgo(1), '300')),
    // Exactly 90 % of 20: not below.
    ...times(18, out(n.ninety.phoneNumber, 'delivered', daysAgo(2))),
    ...times(2, out(n.ninety.phoneNumber, 'undelivered', daysAgo(2), '30')),
    // The low rate is over 7 days only: older failures of the healthy number do not count.
    ...times(30, out(n.healthy.phoneNumber, 'failed', daysAgo(9), '30')),
  ]);
  // The list reads the stored 7-day figures, which the number-health job refreshes every 5 minutes.
  await refresh();
}, 120_000);
afterAll(() => app?.stop());

describe('GET /texting/phone-numbers/:documentId/health', () => {
  it('answers the last inbound text and, over 7 and 30 days, texts in and out, delivery rate, failures by code and opt-outs', async () => {
    const res = await http().get(`/texting/phone-numbers/${n.busy.documentId}/health`).set(auth);
    expect(res.status).toBe(200);
    const h = res.body.data;
    // The latest inbound text: "please don't stop texting me", 1 hour ago.
    expect(Math.abs(Date.parse(h.lastInboundAt) - (Date.now() - 3600 * 1000))).toBeLessThan(60_000);
    expect(h.windows).toEqual([
      {
        days: 7,
        inbound: 5,
        outbound: 40,
        delivered: 30,
        failed: 7,
        deliveryRate: 30 / 37,
        failuresByCode: [
          { code: '30', count: 4 },
          { code: '200', count: 2 },
          { code: null, count: 1 },
        ],
        optOuts: 1,
      },
      {
        days: 30,
        inbound: 7,
        outbound: 55,
        delivered: 40,
        failed: 12,
        deliveryRate: 40 / 52,
        failuresByCode: [
          { code: '30', count: 9 },
          { code: '200', count: 2 },
          { code: null, count: 1 },
        ],
        optOuts: 3,
      },
    ]);
    expect(h.attention).toEqual(['low_delivery_rate']);
    expect(Math.abs(Date.parse(h.asOf) - Date.now())).toBeLessThan(60_000);
  });

  it('answers zeros and no rate for a number without texts, and the reason a pending number needs attention', async () => {
    const res = await http().get(`/texting/phone-numbers/${n.oldPending.documentId}/health`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data.lastInboundAt).toBeNull();
    for (const w of res.body.data.windows) {
      expect(w).toEqual({ days: w.days, inbound: 0, outbound: 0, delivered: 0, failed: 0, deliveryRate: null, failuresByCode: [], optOuts: 0 });
    }
    expect(res.body.data.attention).toEqual(['pending_too_long']);
  });

  it('answers 404 for an unknown number, and for another office\'s number to a user limited to their offices', async () => {
    const unknown = await http().get('/texting/phone-numbers/nope/health').set(auth);
    expect(unknown.status).toBe(404);

    const role = await app.strapi.service('admin::role').create({ name: `Health scoped ${Date.now()}`, description: 'scope test' });
    await app.strapi.service('admin::role').assignPermissions(role.id, [
      { action: 'plugin::texting.numbers.read', subject: null, properties: {}, conditions: ['plugin::texting.in-my-offices'] },
    ]);
    const user = await createUser(app.strapi, `health.scoped.${Date.now()}@test.local`, [role.id]);
    await asPlugin(app.strapi, () =>
      app.strapi.documents('plugin::texting.agent').create({ data: { name: 'Scoped', user: user.id, offices: [other.documentId] } as never })
    );
    const scoped = { Authorization: `Bearer ${await login(app, user.email)}` };
    const theirs = await http().get(`/texting/phone-numbers/${n.elsewhere.documentId}/health`).set(scoped);
    expect(theirs.status).toBe(200);
    const notTheirs = await http().get(`/texting/phone-numbers/${n.busy.documentId}/health`).set(scoped);
    expect(notTheirs.status).toBe(404);
    // The list's filter keeps to the user's offices too.
    const listed = await http().get('/texting/phone-numbers?needsAttention=true').set(scoped);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([]);
  });
});

/** API.md's CSV columns, unchanged by the health columns; every cell is quoted. */
const CSV_HEADER = ['Phone Number', 'Name', 'Description', 'Agent', 'Office', 'Type', 'Active Campaign', 'Campaign Archive Date', 'Number Type']
  .map((h) => `"${h}"`)
  .join(',');
const nameCell = (line: string) => JSON.parse(line.split(',')[1]) as string;

type Row = { name: string; lastInboundAt: string | null; deliveryRate7d: number | null; attention: string[] };
const names = (body: { data: Row[] }) => body.data.map((r) => r.name);

describe('the list: health columns, their sorts, and the "Needs attention" filter', () => {
  it('carries the last inbound time, the 7-day delivery rate and the attention reasons on each row', async () => {
    const res = await http().get(`/texting/phone-numbers?office=${office.documentId}&pageSize=100`).set(auth);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries((res.body.data as Row[]).map((r) => [r.name, r]));
    expect(byName.busy.deliveryRate7d).toBeCloseTo(30 / 37, 10);
    expect(byName.busy.attention).toEqual(['low_delivery_rate']);
    expect(Math.abs(Date.parse(byName.busy.lastInboundAt!) - (Date.now() - 3600 * 1000))).toBeLessThan(60_000);
    expect(byName.ninety.deliveryRate7d).toBe(0.9);
    expect(byName['few texts'].deliveryRate7d).toBeCloseTo(10 / 19, 10);
    expect(byName.healthy.deliveryRate7d).toBe(1);
    expect(byName['release failed']).toMatchObject({ deliveryRate7d: null, lastInboundAt: null, attention: ['release_failed'] });
    expect(byName.missing.attention).toEqual(['missing_at_plivo']);
    expect(byName['old pending'].attention).toEqual(['pending_too_long']);
    expect(byName['new pending'].attention).toEqual([]);
  });

  it('needsAttention=true lists exactly the numbers with one of the four reasons, and counts them', async () => {
    const res = await http().get('/texting/phone-numbers?needsAttention=true&sort=name:asc').set(auth);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['busy', 'missing', 'old pending', 'release failed']);
    expect(res.body.meta.pagination.total).toBe(4);
    const off = await http().get(`/texting/phone-numbers?needsAttention=false&office=${office.documentId}`).set(auth);
    expect(off.body.meta.pagination.total).toBe(8);
  });

  it('combines with search and the other filters, and the export takes it too (its columns unchanged)', async () => {
    const searched = await http().get('/texting/phone-numbers?needsAttention=true&q=pend').set(auth);
    expect(names(searched.body)).toEqual(['old pending']);
    const csv = await http().get('/texting/phone-numbers/export?needsAttention=true&sort=name:asc').set(auth);
    expect(csv.status).toBe(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.slice(1).map(nameCell)).toEqual(['busy', 'missing', 'old pending', 'release failed']);
  });

  it('sorts by delivery rate (numbers without one last, both ways) and by last inbound text', async () => {
    const asc = await http().get(`/texting/phone-numbers?office=${office.documentId}&sort=deliveryRate7d:asc&pageSize=100`).set(auth);
    expect(asc.status).toBe(200);
    expect(names(asc.body)).toEqual(['few texts', 'busy', 'ninety', 'healthy', 'release failed', 'missing', 'old pending', 'new pending']);
    const desc = await http().get(`/texting/phone-numbers?office=${office.documentId}&sort=deliveryRate7d:desc&pageSize=100`).set(auth);
    expect(names(desc.body)).toEqual(['healthy', 'ninety', 'busy', 'few texts', 'release failed', 'missing', 'old pending', 'new pending']);
    // Pages walk the same order (numbers without a rate by phone number).
    const page2 = await http().get(`/texting/phone-numbers?office=${office.documentId}&sort=deliveryRate7d:asc&pageSize=3&page=2`).set(auth);
    expect(names(page2.body)).toEqual(['healthy', 'release failed', 'missing']);
    const inbound = await http().get(`/texting/phone-numbers?office=${office.documentId}&sort=lastInboundAt:desc&pageSize=3`).set(auth);
    expect(names(inbound.body)).toEqual(['busy', 'healthy', 'release failed']);
    const csv = await http().get(`/texting/phone-numbers/export?office=${office.documentId}&sort=deliveryRate7d:asc`).set(auth);
    expect(csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map(nameCell)).toEqual(names(asc.body));
  });

  it('the stored 7-day figures: a refresh writes only what changed, and a number whose week went quiet goes back to none', async () => {
    expect(await refresh()).toBe(0);
    // The healthy number's 3 texts leave the window (5 hours ago → 8 days ago), and the few-texts number gets one more.
    const table = app.strapi.db.metadata.get('plugin::texting.message').tableName;
    await app.strapi.db.connection(table).where({ from_number: n.healthy.phoneNumber, direction: 'outbound' }).update({ created_at: dbDate(Date.now() - 8 * 24 * 3600 * 1000) });
    await insertTexts(app.strapi, [out(n.fewTexts.phoneNumber, 'delivered', 1)]);
    expect(await refresh()).toBe(2);
    const res = await http().get(`/texting/phone-numbers?office=${office.documentId}&pageSize=100`).set(auth);
    const byName = Object.fromEntries((res.body.data as Row[]).map((r) => [r.name, r]));
    expect(byName.healthy.deliveryRate7d).toBeNull();
    expect(byName['few texts'].deliveryRate7d).toBe(11 / 20);
    // 20 texts now, 55 % delivered: the few-texts number needs attention.
    expect(byName['few texts'].attention).toEqual(['low_delivery_rate']);
  });

  it('refuses a needsAttention value other than true or false with a 400 naming it', async () => {
    const res = await http().get('/texting/phone-numbers?needsAttention=maybe').set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/needsAttention must be true or false/);
  });
});

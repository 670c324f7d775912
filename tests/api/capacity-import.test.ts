/**
 * Issue 11, item 7: imports at scale. A 100,000-row recipients CSV (~3 MB) uploads as multipart/form-data to
 * `POST /texting/campaigns/:documentId/recipients` and its report comes back, while Plivo's webhooks keep
 * answering quickly (the CSV and the numbers are read in slices that give the event loop a turn every ~10 ms).
 * Body limits are per route: an oversize body answers 413 with a message naming the limit, and changes nothing.
 */
import { monitorEventLoopDelay } from 'perf_hooks';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { makeNumber, makeOffice, uuid, type Doc } from '../helpers/inbound';
import { fixtures } from '../helpers/fixtures';

let p: PlivoApp;
let auth: Record<string, string>;
let office: Doc;
let ourNumber: string;

const ROWS = 100_000;
let imported = '';

beforeAll(async () => {
  p = await startAppWithSimulator();
  ({ auth } = await superAdminSession(p.app));
  office = await makeOffice(p.app.strapi, 'Admissions');
  ourNumber = (await makeNumber(p.app.strapi, p.sim, '+14155550100', office, { responseType: 'agent', inboxOffices: [office] })).phoneNumber;
}, 60_000);
afterAll(() => p?.stop());

const draft = () => fixtures(p.app.strapi).campaign({ office: office.documentId, phoneNumber: null });
/** The import request for one campaign, as its admin sends it. */
const postRecipients = (documentId: string) => p.app.http().post(`/texting/campaigns/${documentId}/recipients`).set(auth);

/** 100,000 distinct valid numbers with names, one a line, with a header: about 3 MB. */
function bigCsv(rows = ROWS): string {
  const lines = ['phone,name'];
  for (let i = 0; i < rows; i++) lines.push(`(617) ${String(200 + Math.floor(i / 10000)).padStart(3, '0')}-${String(i % 10000).padStart(4, '0')},Student number ${i}`);
  return lines.join('\r\n') + '\r\n';
}

const recipientCount = async (documentId: string) =>
  Number(((await p.app.strapi.db.query('plugin::texting.campaign').findOne({ where: { documentId }, select: ['recipientCount'] })) as { recipientCount: number }).recipientCount ?? 0);

describe('a 100,000-row import', () => {
  it('uploads as multipart, comes back with its report, and webhooks stay under 200 ms meanwhile', async () => {
    const c = await draft();
    imported = c.documentId;
    const csv = bigCsv();
    expect(Buffer.byteLength(csv)).toBeGreaterThan(2_500_000);

    // The machine's own webhook latency right now (tests of other suites may share its CPUs): the same texts
    // before the import starts.
    const before: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await p.sim.inbound({ from: `+1312554${String(1000 + i)}`, to: ourNumber, text: `before import ${i}`, messageUuid: uuid() });
      expect(res.status).toBe(200);
      before.push(res.durationMs);
    }

    const loop = monitorEventLoopDelay({ resolution: 5 });
    let done = false;
    const upload = postRecipients(c.documentId)
      .field('mode', 'replace')
      .attach('file', Buffer.from(csv), { filename: 'students.csv', contentType: 'text/csv' })
      .timeout(120_000)
      .then((res) => {
        done = true;
        return res;
      });
    loop.enable();

    // Plivo's side: inbound texts, one after the other, for as long as the import runs.
    const latencies: number[] = [];
    let i = 0;
    while (!done) {
      const res = await p.sim.inbound({ from: `+1312555${String(1000 + (i++ % 9000))}`, to: ourNumber, text: `during import ${i}`, messageUuid: uuid() });
      expect({ status: res.status, error: res.error }).toEqual({ status: 200, error: null });
      if (!done) latencies.push(res.durationMs);
    }
    const res = await upload;
    loop.disable();

    expect(res.status).toBe(200);
    expect(res.body.meta.import).toMatchObject({ received: ROWS, accepted: ROWS, duplicates: 0, invalid: [], optedOut: [], total: ROWS });
    expect(await recipientCount(c.documentId)).toBe(ROWS);

    // The requirement, measured: while the import ran, no webhook took more than 200 ms beyond the slowest
    // webhook of the same machine just before it (on a quiet machine that is ~10-20 ms: the bound is ~220 ms).
    const maxLoopMs = loop.max / 1e6;
    process.stdout.write(
      `import of ${ROWS} rows (${p.app.db}): webhooks before it max ${Math.max(...before)} ms; ${latencies.length} during it, max ${Math.max(...latencies)} ms; event loop max delay ${maxLoopMs.toFixed(0)} ms\n`
    );
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...latencies)).toBeLessThan(200 + Math.max(...before));
  }, 180_000);
});

describe('recipients, paged', () => {
  const page = (query: Record<string, string | number>) =>
    p.app.http().get(`/texting/campaigns/${imported}/recipients`).query(query).set(auth);

  it('the detail carries the count, not the 100,000 recipients', async () => {
    const res = await p.app.http().get(`/texting/campaigns/${imported}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data.recipientCount).toBe(ROWS);
    expect(res.body.data.recipients).toBeUndefined();
  });

  it('answers a page in list order, with totals', async () => {
    const res = await page({ page: 3, pageSize: 100 });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ pagination: { page: 3, pageSize: 100, pageCount: 1000, total: ROWS }, recipientCount: ROWS });
    expect(res.body.data).toHaveLength(100);
    expect(res.body.data[0]).toEqual({ position: 201, phoneNumber: '+16172000200', name: 'Student number 200' });
    expect(res.body.data[99].position).toBe(300);
  });

  it('searches by name or by the number typed in any format', async () => {
    const byName = await page({ q: 'student NUMBER 99999' });
    expect(byName.body.data).toEqual([{ position: 100000, phoneNumber: '+16172099999', name: 'Student number 99999' }]);
    const byNumber = await page({ q: '(617) 209-9999' });
    expect(byNumber.body.data.map((r: { position: number }) => r.position)).toEqual([100000]);
    expect(byNumber.body.meta.pagination.total).toBe(1);
    const none = await page({ q: 'nobody' });
    expect(none.body).toEqual({ data: [], meta: { pagination: { page: 1, pageSize: 25, pageCount: 0, total: 0 }, recipientCount: ROWS } });
  });

  it('validates its query and 404s an unknown campaign', async () => {
    expect((await page({ pageSize: 101 })).status).toBe(400);
    expect((await page({ page: 0 })).status).toBe(400);
    expect((await p.app.http().get('/texting/campaigns/nope/recipients').set(auth)).status).toBe(404);
  });
});

describe('body limits per route', () => {
  it('a CSV file over 5 MB answers 413 naming the limit, before it is read, and changes nothing', async () => {
    const c = await draft();
    const res = await postRecipients(c.documentId)
      .attach('file', Buffer.alloc(6 * 1024 * 1024, '6175550100,x\n'), { filename: 'big.csv', contentType: 'text/csv' });
    expect(res.status).toBe(413);
    expect(res.body.error.name).toBe('PayloadTooLargeError');
    expect(res.body.error.message).toMatch(/accepts at most 5\.1 MB \(a CSV file of at most 5 MB as multipart\/form-data\)/);
    expect(await recipientCount(c.documentId)).toBe(0);
  });

  it('a JSON import over 1 MB answers 413 naming the limit and pointing to the file upload', async () => {
    const c = await draft();
    const res = await postRecipients(c.documentId).send({ csv: bigCsv(40_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/accepts at most 1 MB \(as JSON; upload a bigger CSV file as multipart\/form-data, field "file"\)/);
    expect(await recipientCount(c.documentId)).toBe(0);
  });

  it('a JSON import under 1 MB still works (the same report)', async () => {
    const c = await draft();
    const res = await postRecipients(c.documentId).send({ csv: 'phone\n6175550100\n6175550100\nnope\n' });
    expect(res.status).toBe(200);
    expect(res.body.meta.import).toMatchObject({ received: 3, accepted: 1, duplicates: 1, invalid: [{ line: 4, value: 'nope' }] });
  });

  it('a multipart upload without exactly one "file" is a 400 that says so', async () => {
    const c = await draft();
    const res = await postRecipients(c.documentId).field('mode', 'append');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/form field "file"/);
  });

  it('a webhook body over 64 KB answers 413 and stores nothing', async () => {
    const before = await p.app.strapi.db.query('plugin::texting.message').count({});
    const res = await p.app
      .http()
      .post('/api/texting/webhooks/plivo/message')
      .type('form')
      .send({ From: '13125550000', To: ourNumber.slice(1), Text: 'x'.repeat(70 * 1024), MessageUUID: uuid() });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/webhooks\/plivo\/\* accepts at most 64 KB/);
    expect(await p.app.strapi.db.query('plugin::texting.message').count({})).toBe(before);
  });
});

/**
 * Issue 11, item 5: slow readers can't take the pool. The CSV export reads keyset pages, each a short query
 * on a pooled connection, so a download whose client stopped reading holds no transaction and no connection.
 * With a dozen stalled downloads open (more than the pool's 10 connections), webhooks and the list answer as
 * usual; a stalled download that resumes still gets every row. PostgreSQL only (SQLite has one connection and
 * no pool to exhaust; its export was already paged).
 */
import crypto from 'crypto';
import net from 'net';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { makeNumber, makeOffice, uuid, waitFor } from '../helpers/inbound';

const pgOnly = process.env.TEST_DB === 'postgres' ? describe : describe.skip;

/** Rows whose CSV is ~10 MB: far more than the loopback socket buffers (a few MB), so a stalled export stops mid-way. */
const ROWS = 10_000;
const DESCRIPTION = 'd'.repeat(990);
const STALLED = 12;

/** Decodes an HTTP/1.1 chunked body. */
function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!size) return Buffer.concat(out);
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

pgOnly('CSV export with stalled downloads (PostgreSQL)', () => {
  let p: PlivoApp;
  let auth: Record<string, string>;
  let ourNumber: string;

  beforeAll(async () => {
    p = await startAppWithSimulator({ DATABASE_POOL_MAX: '10' });
    ({ auth } = await superAdminSession(p.app));
    const office = await makeOffice(p.app.strapi, 'Admissions');
    ourNumber = (await makeNumber(p.app.strapi, p.sim, '+14155550100', office, { responseType: 'agent', inboxOffices: [office] })).phoneNumber;
    // Bulk rows straight into the table (the export reads the table; no office link needed for it).
    const k = p.app.strapi.db.connection;
    const now = new Date();
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      document_id: crypto.randomBytes(12).toString('hex'),
      phone_number: `+1212${String(2000000 + i).padStart(7, '0')}`,
      name: `Bulk ${i}`,
      description: DESCRIPTION,
      number_type: 'reusable',
      response_type: 'bot',
      provider_status: 'active',
      created_at: now,
      updated_at: now,
      published_at: now,
    }));
    for (let i = 0; i < rows.length; i += 1000) await k('texting_phone_numbers').insert(rows.slice(i, i + 1000));
  }, 120_000);
  afterAll(() => p?.stop());

  /** A raw HTTP client that asks for the export, reads the first bytes, then stops reading (the socket stays open). */
  function stalledDownload(): Promise<{ socket: net.Socket; first: Buffer }> {
    const u = new URL(p.app.url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(u.port), u.hostname);
      socket.on('error', reject);
      socket.once('data', (first) => {
        socket.pause(); // from here on nothing is read: the kernel buffers fill and the server's writes stop
        resolve({ socket, first });
      });
      socket.write(
        `GET /texting/phone-numbers/export?sort=name:asc HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: ${auth.Authorization}\r\nConnection: close\r\n\r\n`
      );
    });
  }

  it('webhooks and the list answer while 12 downloads are stalled, and a resumed download is complete', async () => {
    const k = p.app.strapi.db.connection;
    const stalled = await Promise.all(Array.from({ length: STALLED }, () => stalledDownload()));
    for (const s of stalled) expect(s.first.toString('latin1')).toMatch(/^HTTP\/1\.1 200/);

    // Wait until every export has filled the buffers and stopped (its server-side stream is paused), i.e. no
    // export query is running any more: then whatever they still hold is held while waiting for the client.
    await waitFor(async () => {
      const r = await k.raw(
        `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike '%texting_phone_numbers%' and state = 'active'`
      );
      return Number(r.rows[0].n) === 0;
    }, 20_000);

    const held = await k.raw(
      `select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`
    );
    expect(Number(held.rows[0].n)).toBe(0);

    // Webhooks: each answers 200 and well inside Plivo's 8 s limit (the pool is free, nothing waits for it).
    for (let i = 0; i < 5; i++) {
      const res = await p.sim.inbound({ from: `+1617555${String(1000 + i)}`, to: ourNumber, text: `hello ${i}`, messageUuid: uuid() });
      expect({ status: res.status, error: res.error }).toEqual({ status: 200, error: null });
      expect(res.durationMs).toBeLessThan(2000);
    }
    const list = await p.app.http().get('/texting/phone-numbers').query({ sort: 'name:asc', pageSize: 10 }).set(auth).timeout(5000);
    expect(list.status).toBe(200);
    expect(list.body.meta.pagination.total).toBe(ROWS + 1);

    // One stalled download resumes and gets every row (header + ROWS + our number), ending cleanly.
    const [first, ...rest] = stalled;
    const chunks: Buffer[] = [first.first];
    await new Promise<void>((resolve, reject) => {
      first.socket.on('data', (c: Buffer) => chunks.push(c));
      first.socket.on('end', () => resolve());
      first.socket.on('error', reject);
      first.socket.resume();
    });
    const raw = Buffer.concat(chunks);
    const head = raw.indexOf('\r\n\r\n');
    expect(raw.subarray(0, head).toString('latin1')).toMatch(/transfer-encoding: chunked/i);
    const csv = dechunk(raw.subarray(head + 4)).toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').replace(/"/g, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Phone Number,Name,Description,Agent,Office,Type,Active Campaign,Campaign Archive Date,Number Type');
    expect(lines.length).toBe(1 + ROWS + 1);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(ROWS + 1);
    for (const s of rest) s.socket.destroy();

    // The abandoned downloads leave nothing behind either.
    await waitFor(async () => {
      const r = await k.raw(`select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
      return Number(r.rows[0].n) === 0;
    }, 5000);
  }, 120_000);
});

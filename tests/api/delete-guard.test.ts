/**
 * Rule 5 on every delete path: a number held by a scheduled or active campaign cannot be deleted — not by
 * our DELETE route, the Content Manager (single and bulk), the Document Service or the query engine — and
 * the error names the campaigns. Once the campaigns are archived, each path deletes.
 */
import type { TestApp } from '../helpers/app';
import { superAdminSession } from '../helpers/admin';
import { startAppWithSimulator, PLIVO_APP_ID, type PlivoApp } from '../helpers/plivo';
import { fixtures, UID, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';

let env: PlivoApp;
let app: TestApp;
let auth: Record<string, string>;
let fx: Fixtures;
let office: Doc;

const CM = `/content-manager/collection-types/${UID.number}`;

beforeAll(async () => {
  env = await startAppWithSimulator();
  app = env.app;
  ({ auth } = await superAdminSession(app));
  fx = fixtures(app.strapi);
  office = await fx.office({ name: 'Guarded Office' });
});
afterAll(() => env?.stop());

let phoneSerial = 0;
/** A number rented at the (simulated) Plivo too, so that our DELETE route can release it once allowed. */
async function rentedNumber(name: string): Promise<NumberDoc> {
  const phoneNumber = `+1415555${String(2000 + ++phoneSerial)}`;
  env.sim.rent(phoneNumber, { appId: PLIVO_APP_ID, activated: true });
  return fx.number({ phoneNumber, name, office: office.documentId });
}

const exists = async (documentId: string) => (await app.strapi.db.query(UID.number).count({ where: { documentId } })) === 1;

/** What a path reports: an HTTP status and error message, or a thrown error's name and message. */
interface Outcome {
  ok: boolean;
  status?: number;
  message: string;
}

const viaError = async (run: () => Promise<unknown>): Promise<Outcome> => {
  try {
    await run();
    return { ok: true, message: '' };
  } catch (e) {
    const err = e as Error & { name: string };
    return { ok: false, status: err.name === 'ConflictError' ? 409 : undefined, message: err.message };
  }
};

const viaHttp = (res: { status: number; body: { error?: { message: string } } }): Outcome => ({
  ok: res.status >= 200 && res.status < 300,
  status: res.status,
  message: res.body?.error?.message ?? '',
});

const PATHS: Record<string, (n: NumberDoc) => Promise<Outcome>> = {
  'DELETE /texting/phone-numbers/:documentId': async (n) =>
    viaHttp(await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth)),
  'Content Manager single delete': async (n) => viaHttp(await app.http().delete(`${CM}/${n.documentId}`).set(auth)),
  'Content Manager bulk delete': async (n) =>
    viaHttp(await app.http().post(`${CM}/actions/bulkDelete`).set(auth).send({ documentIds: [n.documentId] })),
  'strapi.documents(uid).delete': (n) => viaError(() => app.strapi.documents(UID.number).delete({ documentId: n.documentId })),
  'strapi.db.query(uid).delete': (n) => viaError(() => app.strapi.db.query(UID.number).delete({ where: { documentId: n.documentId } })),
  'strapi.db.query(uid).deleteMany': (n) =>
    viaError(() => app.strapi.db.query(UID.number).deleteMany({ where: { documentId: { $in: [n.documentId] } } })),
};

describe.each(Object.entries(PATHS))('%s', (label, attempt) => {
  let n: NumberDoc;
  let active: Doc;
  let scheduled: Doc;

  beforeAll(async () => {
    n = await rentedNumber(`Guarded via ${label}`);
    active = await fx.campaign({ name: `Fall Visit ${label}`, state: 'active', phoneNumber: n.documentId });
    scheduled = await fx.campaign({ name: `Spring ${label}`, state: 'scheduled', phoneNumber: n.documentId });
  });

  it('is refused while a scheduled or active campaign holds the number, naming them', async () => {
    const out = await attempt(n);
    expect(out.ok).toBe(false);
    expect([400, 409]).toContain(out.status);
    expect(out.message).toContain(n.phoneNumber);
    expect(out.message).toContain(`"Fall Visit ${label}" (active)`);
    expect(out.message).toContain(`"Spring ${label}" (scheduled)`);
    expect(await exists(n.documentId)).toBe(true);
  });

  it('is still refused with only the scheduled campaign left', async () => {
    await fx.setCampaignState(active.documentId, 'archived');
    const out = await attempt(n);
    expect(out.ok).toBe(false);
    expect(out.message).toContain(`"Spring ${label}" (scheduled)`);
    expect(out.message).not.toContain('Fall Visit');
    expect(await exists(n.documentId)).toBe(true);
  });

  it('deletes once every campaign is archived (drafts do not hold a number)', async () => {
    await fx.setCampaignState(scheduled.documentId, 'archived');
    await fx.campaign({ name: `Draft ${label}`, state: 'draft', phoneNumber: n.documentId });
    const out = await attempt(n);
    expect(out).toMatchObject({ ok: true });
    expect(await exists(n.documentId)).toBe(false);
  });
});

describe('our DELETE route', () => {
  it('answers 409 with the campaigns in the details and leaves the number rented at Plivo', async () => {
    const n = await rentedNumber('Route details');
    const c = await fx.campaign({ name: 'Route Fall Visit', state: 'active', phoneNumber: n.documentId });
    const res = await app.http().delete(`/texting/phone-numbers/${n.documentId}`).set(auth);
    expect(res.status).toBe(409);
    expect(res.body.error.name).toBe('ConflictError');
    expect(res.body.error.details.campaigns).toEqual([
      { documentId: c.documentId, name: 'Route Fall Visit', state: 'active', phoneNumber: n.phoneNumber },
    ]);
    expect(env.sim.rented().map((r) => `+${r.number.replace(/^\+/, '')}`)).toContain(n.phoneNumber);
  });
});

describe('bulk paths delete nothing when one number is in use', () => {
  it('Content Manager bulk delete', async () => {
    const free = await rentedNumber('Bulk free');
    const held = await rentedNumber('Bulk held');
    await fx.campaign({ name: 'Bulk Holder', state: 'scheduled', phoneNumber: held.documentId });
    const res = await app.http().post(`${CM}/actions/bulkDelete`).set(auth).send({ documentIds: [free.documentId, held.documentId] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('"Bulk Holder" (scheduled)');
    expect(await exists(free.documentId)).toBe(true);
    expect(await exists(held.documentId)).toBe(true);
  });

  it('strapi.db.query(uid).deleteMany, also with criteria that are not ids', async () => {
    const free = await rentedNumber('Many free');
    const held = await rentedNumber('Many held');
    await fx.campaign({ name: 'Many Holder', state: 'active', phoneNumber: held.documentId });
    await expect(
      app.strapi.db.query(UID.number).deleteMany({ where: { name: { $startsWith: 'Many ' } } })
    ).rejects.toThrow(/Many Holder/);
    expect(await exists(free.documentId)).toBe(true);
    expect(await exists(held.documentId)).toBe(true);
  });
});

const pgOnly = process.env.TEST_DB === 'postgres' ? it : it.skip;

describe('concurrency (PostgreSQL)', () => {
  pgOnly('a delete waits for a campaign being scheduled at the same moment, then refuses', async () => {
    const n = await fx.number({ name: 'Race', office: office.documentId });
    const c = await fx.campaign({ name: 'Race Campaign', state: 'draft', phoneNumber: n.documentId });
    const knex = app.strapi.db.connection;
    const campaigns = app.strapi.db.metadata.get(UID.campaign).tableName;

    // Another request schedules the draft and has not committed yet.
    const trx = await knex.transaction();
    await trx(campaigns).where({ id: c.id }).update({ state: 'scheduled' });

    let settled = false;
    const deletion = app.strapi
      .documents(UID.number)
      .delete({ documentId: n.documentId })
      .then(
        () => null,
        (e: Error) => e
      )
      .finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 600));
    expect(settled).toBe(false); // blocked on the campaign's row lock

    await trx.commit();
    const error = await deletion;
    expect(error?.message).toContain('"Race Campaign" (scheduled)');
    expect(await exists(n.documentId)).toBe(true);
  });
});

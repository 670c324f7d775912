/**
 * Issue 11, item 9: no half-states between deleting a number and scheduling a campaign on it. The delete
 * checks "not in use" and marks the number `releasing` in one transaction, then releases it at Plivo (which
 * may take seconds), then deletes it. A schedule that comes meanwhile answers 409; one that came first makes
 * the delete answer 409. Never a campaign on a released number. The interleavings run on both databases;
 * the truly concurrent race is PostgreSQL's (row locks), SQLite serialises writers.
 */
import { startAppWithSimulator, PLIVO_APP_ID, type PlivoApp } from '../helpers/plivo';
import { superAdminSession } from '../helpers/admin';
import { makeOffice, type Doc } from '../helpers/inbound';
import { createCampaign, minutesFromNow, type CampaignApi } from '../helpers/campaigns';
import { fixtures } from '../helpers/fixtures';

let p: PlivoApp;
let api: CampaignApi;
let office: Doc;
let serial = 0;

beforeAll(async () => {
  p = await startAppWithSimulator();
  const { auth } = await superAdminSession(p.app);
  api = { http: () => p.app.http(), auth };
  office = await makeOffice(p.app.strapi, 'Admissions', { timezone: 'America/New_York', quietHoursStart: 0, quietHoursEnd: 24 });
}, 60_000);
afterAll(() => p?.stop());

/** A number rented at the simulator with our application, and a schedulable draft campaign on it. */
async function numberWithDraft() {
  const phoneNumber = `+1415555${String(3000 + ++serial)}`;
  p.sim.rent(phoneNumber, { appId: PLIVO_APP_ID, activated: true });
  const n = await fixtures(p.app.strapi).number({ phoneNumber, office: office.documentId });
  const { data } = await createCampaign(api, {
    name: `Race ${serial}`,
    office: office.documentId,
    phoneNumber: n.documentId,
    message: 'Visit day is Friday!',
    sendAt: minutesFromNow(60),
    archiveAt: minutesFromNow(120),
    responseType: 'bot',
    recipients: ['+16172000001'],
  });
  return { number: { ...n, phoneNumber }, campaign: data.documentId };
}

const del = (documentId: string) => api.http().delete(`/texting/phone-numbers/${documentId}`).set(api.auth);
const schedule = (documentId: string) => api.http().post(`/texting/campaigns/${documentId}/schedule`).set(api.auth).send({});
const numberExists = async (documentId: string) => (await p.app.strapi.db.query('plugin::texting.phone-number').count({ where: { documentId } })) === 1;
const stateOf = async (documentId: string) =>
  ((await p.app.strapi.db.query('plugin::texting.campaign').findOne({ where: { documentId }, select: ['state'] })) as { state: string }).state;
const rentedAtPlivo = (phoneNumber: string) => p.sim.rented().some((r) => `+${r.number}` === phoneNumber || r.number === phoneNumber);

it('a schedule while the number is at Plivo being released answers 409; the delete completes', async () => {
  const { number, campaign } = await numberWithDraft();
  p.sim.addFault({ endpoint: 'unrent', kind: 'latency', latencyMs: 1500, times: 1 });
  const deleting = del(number.documentId).then((r) => r);
  // Wait for the condition: the release request has reached Plivo (the number is marked releasing by then).
  const until = Date.now() + 10_000;
  while (!p.sim.requests({ endpoint: 'unrent' }).some((r) => r.path.includes(number.phoneNumber.slice(1)))) {
    if (Date.now() > until) throw new Error('the release never reached the simulator');
    await new Promise((r) => setTimeout(r, 20));
  }
  const refused = await schedule(campaign);
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toBe(`${number.phoneNumber} is being deleted (released at Plivo); choose another number.`);
  const deleted = await deleting;
  expect(deleted.status).toBe(200);
  expect(await numberExists(number.documentId)).toBe(false);
  expect(rentedAtPlivo(number.phoneNumber)).toBe(false);
  expect(await stateOf(campaign)).toBe('draft');
});

it('a schedule that came first makes the delete answer 409 and keeps the number at Plivo', async () => {
  const { number, campaign } = await numberWithDraft();
  expect((await schedule(campaign)).status).toBe(200);
  const refused = await del(number.documentId);
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toMatch(new RegExp(`${number.phoneNumber.replace('+', '\\+')} is in use by campaign "Race ${serial}" \\(scheduled\\)`));
  expect(await numberExists(number.documentId)).toBe(true);
  expect(rentedAtPlivo(number.phoneNumber)).toBe(true);
  expect(await stateOf(campaign)).toBe('scheduled');
});

it('a release that fails at Plivo leaves the number schedulable again only through its own rules (release_failed)', async () => {
  const { number, campaign } = await numberWithDraft();
  p.sim.addFault({ endpoint: 'unrent', kind: 'status', status: 500, times: 1 });
  expect((await del(number.documentId)).status).toBe(502);
  const row = (await p.app.strapi.db.connection('texting_phone_numbers').where({ document_id: number.documentId }).first('releasing_at', 'provider_status')) as {
    releasing_at: unknown;
    provider_status: string;
  };
  expect(row).toEqual({ releasing_at: null, provider_status: 'release_failed' });
  const res = await schedule(campaign);
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/its release at Plivo failed/);
});

const pgOnly = process.env.TEST_DB === 'postgres' ? it : it.skip;

pgOnly('concurrent delete and schedule, many times: one wins, never a campaign on a released number (PostgreSQL)', async () => {
  for (let i = 0; i < 8; i++) {
    const { number, campaign } = await numberWithDraft();
    p.sim.addFault({ endpoint: 'unrent', kind: 'latency', latencyMs: 200, times: 1 });
    const [d, s] = await Promise.all([del(number.documentId), schedule(campaign)]);
    const outcome = { delete: d.status, schedule: s.status };
    expect([
      { delete: 200, schedule: 409 },
      { delete: 409, schedule: 200 },
    ]).toContainEqual(outcome);
    const state = await stateOf(campaign);
    const exists = await numberExists(number.documentId);
    if (outcome.delete === 200) {
      expect({ state, exists, rented: rentedAtPlivo(number.phoneNumber) }).toEqual({ state: 'draft', exists: false, rented: false });
    } else {
      expect({ state, exists, rented: rentedAtPlivo(number.phoneNumber) }).toEqual({ state: 'scheduled', exists: true, rented: true });
    }
  }
}, 60_000);

it('a campaign whose office is gone refuses every action (409), for a super admin too, and changes nothing', async () => {
  const { campaign } = await numberWithDraft();
  await p.app.strapi.db.query('plugin::texting.campaign').update({ where: { documentId: campaign }, data: { office: null } });
  const base = `/texting/campaigns/${campaign}`;
  const actions: Array<[string, () => Promise<{ status: number; body: { error: { message: string } } }>]> = [
    ['edit', () => api.http().put(base).set(api.auth).send({ name: 'Renamed' })],
    ['recipients', () => api.http().post(`${base}/recipients`).set(api.auth).send({ recipients: ['+16172000002'] })],
    ['schedule', () => schedule(campaign)],
    ['unschedule', () => api.http().post(`${base}/unschedule`).set(api.auth).send({})],
    ['archive', () => api.http().post(`${base}/archive`).set(api.auth).send({})],
  ];
  for (const [name, run] of actions) {
    const res = await run();
    expect({ name, status: res.status, message: res.body.error?.message }).toEqual({
      name,
      status: 409,
      message: `Campaign "Race ${serial}" has no office (it was deleted), and who may act on a campaign depends on its office: no action is allowed on it.`,
    });
  }
  const row = (await p.app.strapi.db.query('plugin::texting.campaign').findOne({ where: { documentId: campaign }, select: ['name', 'state', 'recipientCount'] })) as Record<string, unknown>;
  expect(row).toEqual({ name: `Race ${serial}`, state: 'draft', recipientCount: 1 });
});

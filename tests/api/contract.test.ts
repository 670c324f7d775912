/**
 * The HTTP contract, read from the documents themselves: every route in `../shared/API.md` (the contract outside
 * tools rely on) and in docs/API-ADDITIONS.md (what the plugin adds) is served, every route the plugin serves is
 * in one of the two, and each route of API.md answers as API.md says: status codes, shapes, the CSV's columns,
 * the 409s and 403s it names. One super admin walks through them in the order an administrator would.
 */
import fs from 'fs';
import path from 'path';
import type { TestApp } from '../helpers/app';
import { ROOT } from '../helpers/app';
import { createRole, createUser, login, superAdminSession } from '../helpers/admin';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { recipientNumbers, minutesFromNow } from '../helpers/campaigns';
import { uuid } from '../helpers/inbound';

/**
 * `../shared/API.md` of the checkout: TEXTING_API_MD, else the nearest `shared/API.md` above it (a git worktree sits
 * deeper). A clean clone elsewhere (CI) has none: it reads the copy kept in tests/fixtures, which the test below
 * holds equal to `../shared/API.md` wherever that exists.
 */
function findSharedApiMd(): string | null {
  if (process.env.TEXTING_API_MD) return process.env.TEXTING_API_MD;
  for (let dir = path.dirname(ROOT); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'API.md');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
const SHARED_API_MD = findSharedApiMd();
const API_MD_COPY = path.join(ROOT, 'tests', 'fixtures', 'shared-API.md');
const API_MD = SHARED_API_MD ?? API_MD_COPY;
const ADDITIONS_MD = path.join(ROOT, 'docs', 'API-ADDITIONS.md');

/**
 * `METHOD /path` of each table row's first cell. A cell may hold several (`GET …` · `POST …`), several methods
 * (`GET/PUT/DELETE /x`), a query (`?areaCode=…`, `[?office=…]`, dropped) and `…/rest`, which continues the
 * previous path: from its segment that `rest` starts with (`…/:documentId/schedule`), else its parent (`…/close`).
 */
function documentedRoutes(markdown: string): string[] {
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| `')) continue;
    let previous = null as { methods: string[]; path: string } | null;
    for (const [, chunk] of line.split('|')[1].matchAll(/`([^`]+)`/g)) {
      const m = /^(?:([A-Z]+(?:\/[A-Z]+)*) )?(\S+)$/.exec(chunk.trim());
      if (!m) continue;
      let routePath = m[2].replace(/\[?\?.*$/, '');
      const methods: string[] | undefined = m[1] ? m[1].split('/') : previous?.methods;
      if (!methods) continue;
      if (routePath.startsWith('…')) {
        if (!previous) continue;
        const rest = routePath.slice(1);
        const at = previous.path.indexOf(`/${rest.split('/')[1]}`);
        routePath = (at >= 0 ? previous.path.slice(0, at) : previous.path.replace(/\/[^/]+$/, '')) + rest;
      }
      if (!routePath.startsWith('/')) continue;
      previous = { methods, path: routePath };
      for (const method of methods) out.push(`${method} ${routePath.replace(/:\w+/g, ':param')}`);
    }
  }
  return [...new Set(out)];
}

let env: PlivoApp;
let app: TestApp;
let auth: Record<string, string>;
/** A staff member with the inbox actions, made an agent of one office below (rule 1: not a super admin). */
let staff: { id: number; auth: Record<string, string> };
const http = () => app.http();

/** Plivo takes days to activate a number: the simulator does it at once, and "Activate now" tells the plugin. */
async function activate(documentId: string, phoneNumber: string) {
  env.sim.state.activate(phoneNumber.slice(1));
  expect((await http().post(`/texting/phone-numbers/${documentId}/activate`).set(auth)).status).toBe(200);
}

/** The plugin's routes as Strapi's router serves them (HEAD left out: Koa adds it to every GET). */
const servedRoutes = () =>
  [
    ...new Set(
      (app.strapi.server.listRoutes() as Array<{ path: string; methods: string[] }>)
        .filter((r) => r.path.startsWith('/texting/') || r.path.startsWith('/api/texting/'))
        .flatMap((r) => r.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${r.path.replace(/:\w+/g, ':param')}`))
    ),
  ].sort();

beforeAll(async () => {
  env = await startAppWithSimulator();
  app = env.app;
  ({ auth } = await superAdminSession(app));
  const role = await createRole(app.strapi, 'Contract inbox', ['plugin::texting.inbox.read', 'plugin::texting.inbox.reply']);
  const user = await createUser(app.strapi, 'contract.staff@test.local', [role.id]);
  staff = { id: user.id, auth: { Authorization: `Bearer ${await login(app, user.email)}` } };
});
afterAll(() => env?.stop());

describe('the documents and the router agree', () => {
  const contract = documentedRoutes(fs.readFileSync(API_MD, 'utf8'));
  const additions = documentedRoutes(fs.readFileSync(ADDITIONS_MD, 'utf8'));

  (SHARED_API_MD ? it : it.skip)('the copy of API.md kept in tests/fixtures is ../shared/API.md as it is now', () => {
    expect(fs.readFileSync(API_MD_COPY, 'utf8')).toBe(fs.readFileSync(SHARED_API_MD!, 'utf8'));
  });

  it('reads the route tables of both documents', () => {
    expect(contract).toEqual(expect.arrayContaining(['GET /texting/phone-numbers', 'POST /texting/campaigns/:param/archive', 'DELETE /texting/bot-answers/:param']));
    expect(contract.length).toBeGreaterThan(30);
    expect(additions).toEqual(expect.arrayContaining(['POST /texting/conversations/:param/close', 'GET /texting/dispatch-status']));
  });

  it("every route of API.md is served", () => {
    const served = new Set(servedRoutes());
    expect(contract.filter((r) => !served.has(r))).toEqual([]);
  });

  it('every route of API-ADDITIONS.md is served, and none of them is already in API.md', () => {
    const served = new Set(servedRoutes());
    expect(additions.filter((r) => !served.has(r))).toEqual([]);
    expect(additions.filter((r) => contract.includes(r))).toEqual([]);
  });

  it('every route the plugin serves is in API.md or API-ADDITIONS.md', () => {
    const documented = new Set([...contract, ...additions]);
    expect(servedRoutes().filter((r) => !documented.has(r))).toEqual([]);
  });
});

describe('each route of API.md answers as documented', () => {
  const ids: Record<string, string> = {};
  /** A CSV line as the export writes it: every cell quoted. */
  const csvLine = (cells: string[]) => cells.map((c) => `"${c}"`).join(',');
  const csvHeader = csvLine(['Phone Number', 'Name', 'Description', 'Agent', 'Office', 'Type', 'Active Campaign', 'Campaign Archive Date', 'Number Type']);

  it('offices: create, list (paged, q, sort), read, edit', async () => {
    const created = await http()
      .post('/texting/offices')
      .set(auth)
      .send({ name: 'Contract Office', timezone: 'America/Chicago', sendWindow: { start: '08:00', end: '21:00' }, helpText: 'Call us.' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Contract Office', timezone: 'America/Chicago', sendWindow: { start: '08:00', end: '21:00' }, helpText: 'Call us.' });
    expect(created.body.data).toHaveProperty('botFallback');
    expect(created.body.data).toHaveProperty('handoffKeyword');
    ids.office = created.body.data.documentId;
    ids.other = (await http().post('/texting/offices').set(auth).send({ name: 'Other Office', timezone: 'UTC' })).body.data.documentId;

    const list = await http().get('/texting/offices?q=contract&sort=name:asc&page=1&pageSize=10').set(auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((o: { name: string }) => o.name)).toEqual(['Contract Office']);
    expect(list.body.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 1 });

    expect((await http().get(`/texting/offices/${ids.office}`).set(auth)).body.data.name).toBe('Contract Office');
    const put = await http().put(`/texting/offices/${ids.office}`).set(auth).send({ sendWindow: { start: '09:00', end: '20:00' } });
    expect(put.status).toBe(200);
    expect(put.body.data.sendWindow).toEqual({ start: '09:00', end: '20:00' });
  });

  it('agents: create (admin user id, offices), list, read, edit', async () => {
    const created = await http().post('/texting/agents').set(auth).send({ name: 'Contract Agent', user: staff.id, offices: [ids.office] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Contract Agent', user: { id: staff.id }, offices: [{ documentId: ids.office, name: 'Contract Office' }] });
    ids.agent = created.body.data.documentId;
    expect((await http().get('/texting/agents').set(auth)).body.data.map((a: { name: string }) => a.name)).toContain('Contract Agent');
    expect((await http().get(`/texting/agents/${ids.agent}`).set(auth)).status).toBe(200);
    expect((await http().put(`/texting/agents/${ids.agent}`).set(auth).send({ name: 'Contract Agent 2' })).body.data.name).toBe('Contract Agent 2');
  });

  it("bot answers: create, list by office, read, edit; the preview stores and sends nothing", async () => {
    const created = await http()
      .post('/texting/bot-answers')
      .set(auth)
      .send({ office: ids.office, question: 'When is the campus open?', keywords: ['hours', 'open'], answer: 'Nine to five.' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ office: { documentId: ids.office }, question: 'When is the campus open?', keywords: ['hours', 'open'], answer: 'Nine to five.' });
    ids.botAnswer = created.body.data.documentId;
    const list = await http().get(`/texting/bot-answers?office=${ids.office}`).set(auth);
    expect(list.body.data.map((b: { documentId: string }) => b.documentId)).toEqual([ids.botAnswer]);
    expect((await http().get(`/texting/bot-answers?office=${ids.other}`).set(auth)).body.data).toEqual([]);
    expect((await http().get(`/texting/bot-answers/${ids.botAnswer}`).set(auth)).status).toBe(200);
    expect((await http().put(`/texting/bot-answers/${ids.botAnswer}`).set(auth).send({ answer: 'Nine to six.' })).body.data.answer).toBe('Nine to six.');

    const messages = await app.strapi.db.query('plugin::texting.message').count({});
    env.sim.clearRequests();
    const preview = await http().post(`/texting/offices/${ids.office}/bot-preview`).set(auth).send({ text: 'when is the campus open' });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({ reply: 'Nine to six.' });
    expect(await app.strapi.db.query('plugin::texting.message').count({})).toBe(messages);
    expect(env.sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('available numbers: what Plivo offers in an area code', async () => {
    const res = await http().get('/texting/available-numbers?areaCode=415&limit=20').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.length).toBeLessThanOrEqual(20);
    for (const n of res.body.data) {
      expect(Object.keys(n).sort()).toEqual(['city', 'mmsEnabled', 'monthlyRentalRate', 'phoneNumber', 'region', 'smsEnabled']);
      expect(n.phoneNumber).toMatch(/^\+1415\d{7}$/);
    }
    ids.offered = res.body.data[0].phoneNumber;
  });

  it('provision: buys at Plivo and stores; 201 with the row', async () => {
    const res = await http()
      .post('/texting/phone-numbers')
      .set(auth)
      .send({ phoneNumber: ids.offered, name: 'Contract line', description: 'Front desk', office: ids.office, responseType: 'bot', unsolicitedInboxes: { offices: [], agents: [] } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ phoneNumber: ids.offered, name: 'Contract line', office: { documentId: ids.office, name: 'Contract Office' }, responseType: 'bot', numberType: 'reusable' });
    expect(env.sim.state.getRented(ids.offered.slice(1))).toBeDefined();
    ids.number = res.body.data.documentId;
    await activate(ids.number, ids.offered);
  });

  it("list and export: API.md's row, pagination, query and CSV columns", async () => {
    const digits = ids.offered.slice(2);
    const formatted = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
    for (const q of [digits, formatted, ids.offered, 'Contract line']) {
      const res = await http().get('/texting/phone-numbers').query({ q, office: ids.office, responseType: 'bot', numberType: 'reusable', sort: 'phoneNumber:asc', page: 1, pageSize: 10 }).set(auth);
      expect(res.status).toBe(200);
      expect(res.body.data.map((r: { phoneNumber: string }) => r.phoneNumber)).toEqual([ids.offered]);
      expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 1 });
    }
    const row = (await http().get(`/texting/phone-numbers?q=${digits}`).set(auth)).body.data[0];
    for (const key of ['documentId', 'phoneNumber', 'name', 'description', 'agent', 'office', 'responseType', 'numberType', 'status', 'activeCampaign', 'campaignArchiveAt', 'scheduledCampaignCount', 'inUse']) {
      expect(row).toHaveProperty(key);
    }
    expect(row).toMatchObject({ status: 'active', agent: null, activeCampaign: null, inUse: false });

    const csv = await http().get(`/texting/phone-numbers/export?office=${ids.office}`).set(auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe(csvHeader);
    expect(lines.slice(1)).toEqual([csvLine([ids.offered, 'Contract line', 'Front desk', '', 'Contract Office', 'Bot', '', '', 'Reusable'])]);
  });

  it('number detail (effective behaviour, scheduled campaigns) and edit', async () => {
    const detail = await http().get(`/texting/phone-numbers/${ids.number}`).set(auth);
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({ documentId: ids.number, effective: { responseType: 'bot', source: 'number' }, scheduledCampaigns: [] });
    const put = await http().put(`/texting/phone-numbers/${ids.number}`).set(auth).send({ name: 'Contract main', agent: ids.agent });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: 'Contract main', agent: { documentId: ids.agent, name: 'Contract Agent 2' } });
  });

  it("campaigns: number options, create (draft; another office's number → 400), edit, schedule", async () => {
    const options = await http().get(`/texting/campaigns/number-options?office=${ids.office}`).set(auth);
    expect(options.status).toBe(200);
    expect(options.body.data.map((o: { documentId: string }) => o.documentId)).toEqual([ids.number]);
    expect((await http().get(`/texting/campaigns/number-options?office=${ids.other}`).set(auth)).body.data).toEqual([]);

    const body = {
      name: 'Contract visit day',
      office: ids.office,
      phoneNumber: ids.number,
      message: 'Visit day is Saturday.',
      sendAt: minutesFromNow(60),
      archiveAt: minutesFromNow(600),
      responseType: 'bot',
      inboxes: { offices: [], agents: [] },
      recipients: recipientNumbers(2),
    };
    const outside = await http().post('/texting/campaigns').set(auth).send({ ...body, office: ids.other });
    expect(outside.status).toBe(400);
    expect(await app.strapi.db.query('plugin::texting.campaign').count({})).toBe(0);

    const created = await http().post('/texting/campaigns').set(auth).send(body);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Contract visit day', status: 'draft', office: { documentId: ids.office }, phoneNumber: { documentId: ids.number } });
    expect(created.body.data).toHaveProperty('sendAt');
    expect(created.body.data).toHaveProperty('archiveAt');
    ids.campaign = created.body.data.documentId;

    const put = await http().put(`/texting/campaigns/${ids.campaign}`).set(auth).send({ name: 'Contract visit day (Sat)' });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: 'Contract visit day (Sat)', status: 'draft' });
    const scheduled = await http().post(`/texting/campaigns/${ids.campaign}/schedule`).set(auth).send({});
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.data.status).toBe('scheduled');
  });

  it("a scheduled campaign is on the number's scheduled campaigns, and the number cannot be revoked (409)", async () => {
    const list = await http().get(`/texting/phone-numbers/${ids.number}/scheduled-campaigns`).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([expect.objectContaining({ documentId: ids.campaign, name: 'Contract visit day (Sat)', status: 'scheduled' })]);
    expect((await http().get(`/texting/phone-numbers/${ids.number}`).set(auth)).body.data.scheduledCampaigns).toHaveLength(1);
    const del = await http().delete(`/texting/phone-numbers/${ids.number}`).set(auth);
    expect(del.status).toBe(409);
    expect(env.sim.state.getRented(ids.offered.slice(1))).toBeDefined();
  });

  it('an office with numbers or campaigns cannot be deleted: 409 naming them', async () => {
    const res = await http().delete(`/texting/offices/${ids.office}`).set(auth);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(ids.offered);
    expect(res.body.error.message).toContain('Contract visit day (Sat)');
  });

  it("1:1 text: 403 unless the user is an agent of the number's office (rule 1: or a super admin)", async () => {
    const to = '+16175550177';
    const otherPhone = (await http().get('/texting/available-numbers?areaCode=212').set(auth)).body.data[0].phoneNumber;
    const other = await http()
      .post('/texting/phone-numbers')
      .set(auth)
      .send({ phoneNumber: otherPhone, name: 'Other line', office: ids.other, responseType: 'bot', unsolicitedInboxes: { offices: [], agents: [] } });
    await activate(other.body.data.documentId, otherPhone);
    env.sim.state.clearMessages();
    const refused = await http().post('/texting/messages').set(staff.auth).send({ from: other.body.data.documentId, to, text: 'Hello' });
    expect(refused.status).toBe(403);
    expect(await app.strapi.db.query('plugin::texting.message').count({ where: { toNumber: to } })).toBe(0);
    expect(env.sim.messages()).toEqual([]);

    const sent = await http().post('/texting/messages').set(staff.auth).send({ from: ids.number, to, text: 'Hello from the office' });
    expect(sent.status).toBe(201);
    expect(await app.strapi.db.query('plugin::texting.message').count({ where: { toNumber: to, direction: 'outbound' } })).toBe(1);
    expect(env.sim.messages().map((m) => m.dst)).toEqual([to.slice(1)]);

    const inbox = await http().get('/texting/conversations').set(staff.auth);
    expect(inbox.status).toBe(200);
    expect(inbox.body.data.map((c: { contact: { phoneNumber: string } }) => c.contact.phoneNumber)).toContain(to);
  });

  it('webhooks: 403 and nothing stored without a signature; a repeated MessageUUID answers 200 and changes nothing', async () => {
    const from = '+16175550188';
    const count = () => app.strapi.db.query('plugin::texting.message').count({ where: { fromNumber: from } });
    for (const hook of ['message', 'status']) {
      const unsigned = await http().post(`/api/texting/webhooks/plivo/${hook}`).type('form').send({ From: from.slice(1), To: ids.offered.slice(1), Text: 'hi', MessageUUID: uuid(), Status: 'delivered' });
      expect(unsigned.status).toBe(403);
    }
    expect(await count()).toBe(0);
    const messageUuid = uuid();
    expect((await env.sim.inbound({ from, to: ids.offered, text: 'Hi there', messageUuid })).status).toBe(200);
    expect(await count()).toBe(1);
    expect((await env.sim.inbound({ from, to: ids.offered, text: 'Hi there', messageUuid })).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it('archive; then the number is revoked (released at Plivo) and the settings rows deleted', async () => {
    const archived = await http().post(`/texting/campaigns/${ids.campaign}/archive`).set(auth).send({});
    expect(archived.status).toBe(200);
    expect(archived.body.data.status).toBe('archived');

    const del = await http().delete(`/texting/phone-numbers/${ids.number}`).set(auth);
    expect(del.status).toBe(200);
    expect(env.sim.state.getRented(ids.offered.slice(1))).toBeUndefined();
    expect((await http().get(`/texting/phone-numbers/${ids.number}`).set(auth)).status).toBe(404);

    for (const route of [`/texting/bot-answers/${ids.botAnswer}`, `/texting/agents/${ids.agent}`]) {
      expect((await http().delete(route).set(auth)).status).toBe(200);
      expect((await http().get(route).set(auth)).status).toBe(404);
    }
  });
});

/**
 * One number: detail with its effective behaviour now (rule 3), its scheduled campaigns, edit (rule 4,
 * no office move while in use, fixed number and type), history of who did what, and the 403s.
 */
import { startApp, type TestApp } from '../helpers/app';
import { createRole, createUser, login, superAdminSession } from '../helpers/admin';
import { asPlugin, fixtures, inDays, UID, type Doc, type Fixtures, type NumberDoc } from '../helpers/fixtures';

let app: TestApp;
let auth: Record<string, string>;
let adminName: string;
let fx: Fixtures;
let admissions: Doc;
let aid: Doc;
let ana: Doc;

const url = (n: { documentId: string }, tail = '') => `/texting/phone-numbers/${n.documentId}${tail}`;

beforeAll(async () => {
  app = await startApp();
  const session = await superAdminSession(app);
  auth = session.auth;
  adminName = `${session.user.firstname} ${session.user.lastname}`;
  fx = fixtures(app.strapi);
  admissions = await fx.office({ name: 'Admissions' });
  aid = await fx.office({ name: 'Financial Aid' });
  ana = await fx.agent({ name: 'Ana Ruiz', offices: [admissions.documentId] });
});
afterAll(() => app?.stop());

const short = (iso: string) => `${iso.slice(0, 16)}Z`;

describe('GET /texting/phone-numbers/:documentId', () => {
  it('while an active campaign runs, the campaign answers until its archive time, then the number', async () => {
    const n = await fx.number({ name: 'Visit line', office: admissions.documentId, responseType: 'bot' });
    const archiveAt = inDays(14);
    const c = await fx.campaign({
      name: 'Fall Visit', state: 'active', phoneNumber: n.documentId, archiveAt,
      responseType: 'agent', inboxOffices: [admissions.documentId],
    });
    const later = await fx.campaign({ name: 'Later', state: 'scheduled', phoneNumber: n.documentId, sendAt: inDays(30), archiveAt: inDays(40) });
    const sooner = await fx.campaign({ name: 'Sooner', state: 'scheduled', phoneNumber: n.documentId, sendAt: inDays(20), archiveAt: inDays(25) });

    const res = await app.http().get(url(n)).set(auth);
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d).toMatchObject({
      documentId: n.documentId,
      phoneNumber: n.phoneNumber,
      name: 'Visit line',
      office: { documentId: admissions.documentId, name: 'Admissions' },
      responseType: 'bot',
      status: 'active',
      activeCampaign: { documentId: c.documentId, name: 'Fall Visit' },
      campaignArchiveAt: archiveAt,
      scheduledCampaignCount: 2,
      inUse: true,
      unsolicitedInboxes: { offices: [], agents: [] },
    });
    expect(d.effective).toEqual({
      source: 'campaign',
      responseType: 'agent',
      inboxes: { offices: [{ documentId: admissions.documentId, name: 'Admissions' }], agents: [] },
      campaign: { documentId: c.documentId, name: 'Fall Visit', archiveAt },
      until: archiveAt,
      then: { responseType: 'bot', inboxes: { offices: [], agents: [] } },
      summary: `Campaign "Fall Visit" answers as Agent → Admissions until ${short(archiveAt)}, then Bot`,
    });
    expect(d.scheduledCampaigns.map((s: { documentId: string }) => s.documentId)).toEqual([sooner.documentId, later.documentId]);
  });

  it('once the archive time has passed (before the archiving job ran), the number answers with its own settings', async () => {
    const n = await fx.number({
      name: 'Past campaign', office: admissions.documentId, responseType: 'agent',
      inboxOffices: [admissions.documentId], inboxAgents: [ana.documentId],
    });
    await fx.campaign({ name: 'Overdue', state: 'active', phoneNumber: n.documentId, archiveAt: inDays(-1), responseType: 'bot' });
    const d = (await app.http().get(url(n)).set(auth)).body.data;
    expect(d.effective).toMatchObject({
      source: 'number',
      responseType: 'agent',
      campaign: null,
      until: null,
      summary: "Agent → Admissions, Ana Ruiz (the number's own settings)",
    });
    expect(d.unsolicitedInboxes).toEqual({
      offices: [{ documentId: admissions.documentId, name: 'Admissions' }],
      agents: [{ documentId: ana.documentId, name: 'Ana Ruiz' }],
    });
  });

  it('answers 404 for an unknown number', async () => {
    const res = await app.http().get('/texting/phone-numbers/nosuchnumber').set(auth);
    expect(res.status).toBe(404);
  });
});

describe('GET /texting/phone-numbers/:documentId/scheduled-campaigns', () => {
  it('lists only the scheduled campaigns, by send time', async () => {
    const n = await fx.number({ name: 'Scheduled list', office: aid.documentId });
    const b = await fx.campaign({ name: 'B', state: 'scheduled', phoneNumber: n.documentId, sendAt: '2030-05-02T10:00:00.000Z', archiveAt: '2030-05-09T10:00:00.000Z' });
    const a = await fx.campaign({ name: 'A', state: 'scheduled', phoneNumber: n.documentId, sendAt: '2030-05-01T10:00:00.000Z', archiveAt: null });
    await fx.campaign({ name: 'Draft', state: 'draft', phoneNumber: n.documentId });
    await fx.campaign({ name: 'Old', state: 'archived', phoneNumber: n.documentId });
    const res = await app.http().get(url(n, '/scheduled-campaigns')).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        { documentId: a.documentId, name: 'A', sendAt: '2030-05-01T10:00:00.000Z', archiveAt: null, status: 'scheduled' },
        { documentId: b.documentId, name: 'B', sendAt: '2030-05-02T10:00:00.000Z', archiveAt: '2030-05-09T10:00:00.000Z', status: 'scheduled' },
      ],
    });
  });

  it('is empty for a number without scheduled campaigns', async () => {
    const n = await fx.number({ office: aid.documentId });
    expect((await app.http().get(url(n, '/scheduled-campaigns')).set(auth)).body).toEqual({ data: [] });
  });
});

describe('PUT /texting/phone-numbers/:documentId', () => {
  let n: NumberDoc;
  beforeAll(async () => {
    n = await fx.number({ name: 'Editable', description: 'before', office: admissions.documentId, responseType: 'bot' });
  });

  it('edits name, description, agent and unsolicited settings, and records who changed what', async () => {
    const res = await app
      .http()
      .put(url(n))
      .set(auth)
      .send({
        name: 'Edited',
        description: 'after',
        agent: ana.documentId,
        responseType: 'agent',
        unsolicitedInboxes: { offices: [admissions.documentId], agents: [ana.documentId] },
      });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'Edited',
      description: 'after',
      agent: { documentId: ana.documentId, name: 'Ana Ruiz' },
      responseType: 'agent',
      unsolicitedInboxes: {
        offices: [{ documentId: admissions.documentId, name: 'Admissions' }],
        agents: [{ documentId: ana.documentId, name: 'Ana Ruiz' }],
      },
      effective: { source: 'number', summary: "Agent → Admissions, Ana Ruiz (the number's own settings)" },
    });
    const stored = await app.strapi.db.query(UID.number).findOne({ where: { documentId: n.documentId }, populate: ['agent', 'inboxOffices'] });
    expect(stored).toMatchObject({ name: 'Edited', description: 'after', responseType: 'agent', agent: { name: 'Ana Ruiz' } });

    const history = await app.http().get(url(n, '/history')).set(auth);
    expect(history.status).toBe(200);
    expect(history.body.data).toHaveLength(1);
    expect(history.body.data[0]).toMatchObject({
      action: 'edited',
      phoneNumber: n.phoneNumber,
      user: { name: adminName },
      changes: {
        name: { from: 'Editable', to: 'Edited' },
        description: { from: 'before', to: 'after' },
        agent: { from: null, to: { documentId: ana.documentId, name: 'Ana Ruiz' } },
        responseType: { from: 'bot', to: 'agent' },
        unsolicitedInboxes: {
          from: { offices: [], agents: [] },
          to: { offices: [{ documentId: admissions.documentId, name: 'Admissions' }], agents: [{ documentId: ana.documentId, name: 'Ana Ruiz' }] },
        },
      },
    });
    expect(Date.parse(history.body.data[0].createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('changes only what the body names, and records nothing when nothing changes', async () => {
    const res = await app.http().put(url(n)).set(auth).send({ description: null });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Edited', description: null, responseType: 'agent' });
    await app.http().put(url(n)).set(auth).send({ name: 'Edited' });
    const events = (await app.http().get(url(n, '/history')).set(auth)).body.data;
    // (PostgreSQL's jsonb does not keep key order)
    expect(events.map((e: { changes: object }) => Object.keys(e.changes).sort())).toEqual([
      ['description'],
      ['agent', 'description', 'name', 'responseType', 'unsolicitedInboxes'],
    ]);
  });

  it.each([
    [{ phoneNumber: '+14155550999' }, /phoneNumber cannot be changed/],
    [{ numberType: 'single_use' }, /numberType cannot be changed/],
    [{ providerStatus: 'active' }, /Unrecognized key.*providerStatus/],
    [{ name: '' }, /name: a name is required/],
    [{ responseType: 'robot' }, /responseType/],
    [{ office: 'nosuchoffice' }, /office: no office with id "nosuchoffice"/],
    [{ unsolicitedInboxes: { offices: [], agents: ['nosuchagent'] } }, /unsolicitedInboxes\.agents: no agent with id "nosuchagent"/],
    [{ unsolicitedInboxes: { offices: [], agents: [] } }, /at least one inbox/],
  ])('refuses %j with 400', async (body, message) => {
    const res = await app.http().put(url(n)).set(auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    const stored = await app.strapi.db.query(UID.number).findOne({ where: { documentId: n.documentId } });
    expect(stored).toMatchObject({ name: 'Edited', responseType: 'agent', numberType: 'reusable', phoneNumber: n.phoneNumber });
  });

  it('rule 4: switching to agent needs an inbox', async () => {
    const bot = await fx.number({ office: admissions.documentId, responseType: 'bot' });
    const res = await app.http().put(url(bot)).set(auth).send({ responseType: 'agent' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/unsolicitedInboxes: an agent-answered number needs at least one inbox/);
  });

  it('refuses to move an in-use number to another office (409, naming the campaigns), allows it once archived', async () => {
    const held = await fx.number({ name: 'Held', office: admissions.documentId });
    const c = await fx.campaign({ name: 'Office Bound', state: 'scheduled', phoneNumber: held.documentId });
    const refused = await app.http().put(url(held)).set(auth).send({ office: aid.documentId, name: 'Moved' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`${held.phoneNumber} is in use by campaign "Office Bound" (scheduled)`);
    expect(refused.body.error.details.campaigns).toEqual([
      { documentId: c.documentId, name: 'Office Bound', state: 'scheduled', phoneNumber: held.phoneNumber },
    ]);
    const stored = await app.strapi.db.query(UID.number).findOne({ where: { documentId: held.documentId }, populate: ['office'] });
    expect(stored).toMatchObject({ name: 'Held', office: { documentId: admissions.documentId } });

    // Other edits of an in-use number are fine.
    expect((await app.http().put(url(held)).set(auth).send({ name: 'Held still' })).status).toBe(200);

    await fx.setCampaignState(c.documentId, 'archived');
    const moved = await app.http().put(url(held)).set(auth).send({ office: aid.documentId });
    expect(moved.status).toBe(200);
    expect(moved.body.data.office).toEqual({ documentId: aid.documentId, name: 'Financial Aid' });
    const events = (await app.http().get(url(held, '/history')).set(auth)).body.data;
    expect(events[0].changes.office).toEqual({
      from: { documentId: admissions.documentId, name: 'Admissions' },
      to: { documentId: aid.documentId, name: 'Financial Aid' },
    });
  });

  it('answers 404 for an unknown number', async () => {
    expect((await app.http().put('/texting/phone-numbers/nosuchnumber').set(auth).send({ name: 'x' })).status).toBe(404);
  });
});

describe('history', () => {
  it('lists provisioning, edits and releases newest first, keeping the number after the row is gone', async () => {
    const n = await fx.number({ name: 'Storied', office: aid.documentId });
    const history = app.strapi.plugin('texting').service('history');
    const admin = await app.strapi.db.query('admin::user').findOne({ where: {} });
    await history.record({ phoneNumberId: n.id, phoneNumber: n.phoneNumber, action: 'provisioned', user: admin.id, changes: {} });
    await new Promise((r) => setTimeout(r, 5));
    await app.http().put(url(n)).set(auth).send({ name: 'Storied twice' });
    const res = await app.http().get(url(n, '/history')).set(auth);
    expect(res.body.data.map((e: { action: string }) => e.action)).toEqual(['edited', 'provisioned']);
    expect(res.body.data[1].user).toEqual({ id: admin.id, name: `${admin.firstname} ${admin.lastname}`.trim() });

    await asPlugin(app.strapi, () => app.strapi.documents(UID.number).delete({ documentId: n.documentId }));
    await history.record({ phoneNumberId: n.id, phoneNumber: n.phoneNumber, action: 'released' });
    const kept = await app.strapi.db.query('plugin::texting.number-event').findMany({ where: { phoneNumber: n.phoneNumber }, orderBy: { id: 'asc' } });
    expect(kept.map((e: { action: string }) => e.action)).toEqual(['provisioned', 'edited', 'released']);
    expect((await app.http().get(url(n, '/history')).set(auth)).status).toBe(404);
  });
});

describe('permissions', () => {
  let n: NumberDoc;
  let readOnly: Record<string, string>;
  let nothing: Record<string, string>;
  let editor: Record<string, string>;

  const tokenWith = async (actions: string[]) => {
    const role = await createRole(app.strapi, 'Numbers edit', actions);
    const user = await createUser(app.strapi, `e${Date.now()}${Math.random().toString(36).slice(2, 6)}@test.local`, [role.id]);
    return { Authorization: `Bearer ${await login(app, user.email)}` };
  };

  beforeAll(async () => {
    n = await fx.number({ office: aid.documentId, name: 'Guarded' });
    readOnly = await tokenWith(['plugin::texting.numbers.read']);
    nothing = await tokenWith(['plugin::texting.numbers.export']);
    editor = await tokenWith(['plugin::texting.numbers.update']);
  });

  it.each(['', '/scheduled-campaigns', '/history'])('GET …%s needs numbers.read', async (tail) => {
    expect((await app.http().get(url(n, tail)).set(nothing)).status).toBe(403);
    expect((await app.http().get(url(n, tail)).set(readOnly)).status).toBe(200);
  });

  it('PUT needs numbers.update', async () => {
    expect((await app.http().put(url(n)).set(readOnly).send({ name: 'Nope' })).status).toBe(403);
    const ok = await app.http().put(url(n)).set(editor).send({ name: 'Yes' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.name).toBe('Yes');
  });
});

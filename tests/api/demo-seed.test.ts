import { startApp, type TestApp } from '../helpers/app';
import { login } from '../helpers/admin';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ TEXTING_SEED_DEMO: 'true' });
});
afterAll(() => app?.stop());

const count = (uid: string, where: Record<string, unknown> = {}) =>
  app.strapi.db.query(uid as 'plugin::texting.office').count({ where });

async function counts() {
  return {
    offices: await count('plugin::texting.office'),
    agents: await count('plugin::texting.agent'),
    numbers: await count('plugin::texting.phone-number'),
    campaigns: await count('plugin::texting.campaign'),
  };
}

it('seeds offices, agents, ~40 mixed numbers and campaigns in every state', async () => {
  expect(await counts()).toEqual({ offices: 5, agents: 7, numbers: 40, campaigns: 10 });
  for (const [field, values] of Object.entries({
    responseType: ['bot', 'agent'],
    numberType: ['reusable', 'single_use'],
    providerStatus: ['pending', 'active'],
  })) {
    for (const value of values) expect(await count('plugin::texting.phone-number', { [field]: value })).toBeGreaterThan(0);
  }
  for (const state of ['draft', 'scheduled', 'active', 'archived']) {
    expect(await count('plugin::texting.campaign', { state })).toBeGreaterThan(0);
  }
});

it('lets the demo super admin log in and see the numbers', async () => {
  const token = await login(app, 'admin@texting.local', 'Texting-Demo-2026');
  const res = await app.http().get('/texting/phone-numbers').set({ Authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  expect(res.body.meta.pagination.total).toBe(40);
});

it('seeds notifications the demo admin sees unread: a number became active, a campaign started, one finished', async () => {
  const token = await login(app, 'admin@texting.local', 'Texting-Demo-2026');
  const res = await app.http().get('/texting/notifications').set({ Authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  expect(res.body.data.map((n: { kind: string }) => n.kind).sort()).toEqual(['campaign_finished', 'campaign_started', 'number_active']);
  expect(res.body.data.find((n: { kind: string }) => n.kind === 'campaign_started').campaign.name).toBe('Fall Visit Day');
  expect(res.body.meta.unread).toBe(3);
});

it('seeds a released number whose history the Released numbers view shows', async () => {
  const token = await login(app, 'admin@texting.local', 'Texting-Demo-2026');
  const auth = { Authorization: `Bearer ${token}` };
  const list = await app.http().get('/texting/released-numbers').set(auth);
  expect(list.body.data).toEqual([
    expect.objectContaining({ phoneNumber: '+16175559001', name: 'Undergraduate Fair 2026', office: expect.objectContaining({ name: 'Undergraduate Admissions' }) }),
  ]);
  const history = await app.http().get('/texting/released-numbers/+16175559001/history').set(auth);
  expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['released', 'edited', 'activated', 'provisioned']);
});

it('is idempotent', async () => {
  const before = await counts();
  await app.strapi.plugin('texting').service('demo').seedIfEnabled();
  expect(await counts()).toEqual(before);
});

describe('production safety', () => {
  const withNodeEnv = async <T>(value: string, fn: () => Promise<T>): Promise<T> => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = value;
    try {
      return await fn();
    } finally {
      process.env.NODE_ENV = before;
    }
  };

  it('refuses to run with NODE_ENV=production, storing nothing', async () => {
    const before = await counts();
    await withNodeEnv('production', async () => {
      await expect(app.strapi.plugin('texting').service('demo').seedIfEnabled()).rejects.toThrow(/never runs in production/);
    });
    expect(await counts()).toEqual(before);
  });

  it('prints the demo login in development only', async () => {
    const logged: string[] = [];
    const spy = jest.spyOn(app.strapi.log, 'info').mockImplementation(((m: string) => {
      logged.push(String(m));
    }) as never);
    try {
      await withNodeEnv('test', () => app.strapi.plugin('texting').service('demo').seedIfEnabled());
      expect(logged.some((m) => m.includes('Demo data present'))).toBe(true);
      expect(logged.join('\n')).not.toContain('Texting-Demo-2026');
      logged.length = 0;
      await withNodeEnv('development', () => app.strapi.plugin('texting').service('demo').seedIfEnabled());
      expect(logged.join('\n')).toContain('admin@texting.local / Texting-Demo-2026');
    } finally {
      spy.mockRestore();
    }
  });
});

it('gives agents the "Office agent" role, whose texting actions are limited to their offices', async () => {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { name: 'Office agent' }, populate: ['permissions', 'users'] });
  expect(role.users.length).toBe(7);
  expect(role.permissions.length).toBeGreaterThan(0);
  for (const p of role.permissions) expect(p.conditions).toEqual(['plugin::texting.in-my-offices']);
  // Ben Okafor is an agent of Undergraduate Admissions only.
  const token = await login(app, 'ben.okafor@texting.local', 'Texting-Demo-2026');
  const res = await app.http().get('/texting/phone-numbers?pageSize=100').set({ Authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  expect(res.body.data.length).toBeGreaterThan(0);
  expect(new Set(res.body.data.map((r: { office: { name: string } }) => r.office.name))).toEqual(new Set(['Undergraduate Admissions']));
});

describe('what a visitor sees within a minute (issue 13, item 8)', () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = { Authorization: `Bearer ${await login(app, 'admin@texting.local', 'Texting-Demo-2026')}` };
  });
  const get = (path: string) => app.http().get(path).set(auth);

  it('the inbox: conversations in several inboxes (offices and agents), with agents\' replies', async () => {
    const res = await get('/texting/conversations?pageSize=100&status=all');
    expect(res.status).toBe(200);
    const rows = res.body.data as Array<{ documentId: string; status: string; inbox: { type: string; name: string } | null }>;
    expect(rows.length).toBe(8);
    expect(new Set(rows.map((r) => `${r.inbox?.type}:${r.inbox?.name}`)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.inbox?.type))).toEqual(new Set(['office', 'agent']));
    let replies = 0;
    for (const r of rows) {
      const thread = await get(`/texting/conversations/${r.documentId}`);
      expect(thread.status).toBe(200);
      replies += (thread.body.data.messages as Array<{ direction: string }>).filter((m) => m.direction === 'outbound').length;
    }
    expect(replies).toBe(8);
  });

  it('campaigns with recipients and progress: sent, delivered, failed, opted out', async () => {
    const res = await get('/texting/campaigns?pageSize=100');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries((res.body.data as Array<{ name: string; recipientCount: number; progress: Record<string, number> }>).map((c) => [c.name, c]));
    // 30 recipients: 2 opted out (skipped), 1 refused by Plivo, 27 sent of which 2 undelivered.
    expect(byName['Fall Visit Day'].recipientCount).toBe(30);
    expect(byName['Fall Visit Day'].progress).toMatchObject({ total: 30, sent: 27, failed: 1, skipped: 2, optedOut: 2, delivered: 25, undelivered: 2, queued: 0 });
    for (const name of ['FAFSA Deadline Reminder', 'International Visa Webinar', 'Early Action Results']) {
      expect(byName[name].recipientCount).toBeGreaterThan(0);
      expect(byName[name].progress.delivered).toBeGreaterThan(0);
    }
  });

  it('delivery history on every active number: the health card and the delivery-rate column have data, two numbers need attention', async () => {
    const list = await get('/texting/phone-numbers?pageSize=100&sort=deliveryRate7d:asc');
    expect(list.status).toBe(200);
    const rows = list.body.data as Array<{ documentId: string; status: string; deliveryRate7d: number | null; lastInboundAt: string | null }>;
    const active = rows.filter((r) => r.status === 'active');
    expect(active.length).toBe(32);
    expect(active.every((r) => r.deliveryRate7d !== null && r.lastInboundAt !== null)).toBe(true);
    const attention = await get('/texting/phone-numbers?needsAttention=true');
    expect(attention.body.data.map((r: { attention: string[] }) => r.attention).sort()).toEqual([['low_delivery_rate'], ['pending_too_long']]);
    const health = await get(`/texting/phone-numbers/${active[0].documentId}/health`);
    expect(health.status).toBe(200);
    const month = health.body.data.windows.find((w: { days: number }) => w.days === 30);
    expect(month.outbound).toBeGreaterThan(0);
    expect(month.inbound).toBeGreaterThan(0);
    expect(month.failuresByCode.length).toBeGreaterThan(0);
  });
});

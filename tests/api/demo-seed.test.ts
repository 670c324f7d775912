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

/**
 * GET /texting/offices and /texting/agents as the admin's pickers and filters use them: a reader of numbers
 * (campaigns, inbox) gets every row as `{ documentId, name }`; the settings pages' full rows are in settings.test.ts.
 */
import { startApp, type TestApp } from '../helpers/app';
import { createRole, createUser, login, superAdminSession } from '../helpers/admin';

let app: TestApp;
let auth: Record<string, string>;
let readerAuth: Record<string, string>;

beforeAll(async () => {
  app = await startApp();
  ({ auth } = await superAdminSession(app));
  const role = await createRole(app.strapi, 'Picker reader', ['plugin::texting.numbers.read']);
  readerAuth = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'picker@test.local', [role.id])).email)}` };
  for (const name of ['Registrar', 'Athletics', 'Financial Aid']) {
    await app.strapi.documents('plugin::texting.office').create({ data: { name } });
  }
  for (const name of ['Zoe Brown', 'Ana Ruiz', 'Marc Lee']) {
    await app.strapi.documents('plugin::texting.agent').create({ data: { name } });
  }
});
afterAll(() => app?.stop());

describe('directory', () => {
  it('lists offices as { documentId, name } sorted by name', async () => {
    const res = await app.http().get('/texting/offices').set(readerAuth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { name: string }) => o.name)).toEqual(['Athletics', 'Financial Aid', 'Registrar']);
    for (const o of res.body.data) {
      expect(Object.keys(o).sort()).toEqual(['documentId', 'name']);
      expect(o.documentId).toMatch(/^\w{10,}$/);
    }
  });

  it('lists agents as { documentId, name } sorted by name', async () => {
    const res = await app.http().get('/texting/agents').set(readerAuth);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { documentId: expect.any(String), name: 'Ana Ruiz' },
      { documentId: expect.any(String), name: 'Marc Lee' },
      { documentId: expect.any(String), name: 'Zoe Brown' },
    ]);
  });

  it('answers 403 without numbers.read, 200 with it', async () => {
    const none = await createRole(app.strapi, 'No texting', []);
    const reader = await createRole(app.strapi, 'Numbers reader', ['plugin::texting.numbers.read']);
    const denied = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'nobody@test.local', [none.id])).email)}` };
    const allowed = { Authorization: `Bearer ${await login(app, (await createUser(app.strapi, 'reader@test.local', [reader.id])).email)}` };
    for (const path of ['/texting/offices', '/texting/agents']) {
      expect((await app.http().get(path).set(denied)).status).toBe(403);
      expect((await app.http().get(path).set(allowed)).status).toBe(200);
    }
  });
});

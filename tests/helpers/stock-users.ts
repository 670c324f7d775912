/**
 * Admin users created the way an administrator does it: `POST /admin/users` (which answers a registration
 * token), then `POST /admin/register` with a password, with Strapi's stock roles or custom ones.
 */
import type { TestApp } from './app';
import { PASSWORD } from './admin';

let seq = 0;

export async function roleIdByCode(app: TestApp, auth: Record<string, string>, code: string): Promise<number> {
  const res = await app.http().get('/admin/roles').set(auth);
  const role = (res.body.data as Array<{ id: number; code: string }>).find((r) => r.code === code);
  if (!role) throw new Error(`no role ${code}`);
  return role.id;
}

/** Creates, registers and logs in a user with these role ids; answers its id and auth header. */
export async function inviteUser(app: TestApp, auth: Record<string, string>, roles: number[], name = 'user') {
  const email = `${name}.${++seq}.${Date.now()}@test.local`;
  const created = await app.http().post('/admin/users').set(auth).send({ email, firstname: name, lastname: 'Invited', roles });
  if (created.status !== 201) throw new Error(`POST /admin/users: ${created.status} ${JSON.stringify(created.body)}`);
  const registrationToken = created.body.data.registrationToken as string;
  const reg = await app
    .http()
    .post('/admin/register')
    .send({ registrationToken, userInfo: { firstname: name, lastname: 'Invited', password: PASSWORD } });
  if (reg.status !== 200) throw new Error(`POST /admin/register: ${reg.status} ${JSON.stringify(reg.body)}`);
  return { id: created.body.data.id as number, email, auth: { Authorization: `Bearer ${reg.body.data.token as string}` } };
}

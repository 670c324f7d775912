/** Admin users, roles and logins through Strapi's own services and `POST /admin/login`. */
import type { Core } from '@strapi/strapi';
import type { TestApp } from './app';

export const PASSWORD = 'Test-Password-1';

let counter = 0;

export async function createSuperAdmin(strapi: Core.Strapi, email = `super${++counter}@test.local`) {
  const role = await strapi.service('admin::role').getSuperAdmin();
  return createUser(strapi, email, [role.id]);
}

export async function createUser(strapi: Core.Strapi, email: string, roleIds: number[]) {
  return strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Tester',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: roleIds,
  });
}

/** A role holding exactly these actions (full ids, e.g. plugin::texting.numbers.read). */
export async function createRole(strapi: Core.Strapi, name: string, actions: string[]) {
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name: `${name} ${++counter}`, description: 'test role' });
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  return role;
}

export async function setRoleActions(strapi: Core.Strapi, roleId: number, actions: string[]) {
  await strapi.service('admin::role').assignPermissions(
    roleId,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
}

export async function login(app: TestApp, email: string, password = PASSWORD): Promise<string> {
  const res = await app.http().post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
}

/** A logged-in super admin and a helper that sends authenticated requests. */
export async function superAdminSession(app: TestApp) {
  const user = await createSuperAdmin(app.strapi);
  const token = await login(app, user.email);
  return { user, token, auth: { Authorization: `Bearer ${token}` } };
}

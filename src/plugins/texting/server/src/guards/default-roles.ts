import type { Core } from '@strapi/strapi';

/**
 * Strapi's stock roles (Editor, Author) receive Content Manager rights on every displayed content type at
 * first boot, including the plugin's offices, numbers, campaigns, agents and bot answers. Texting rights
 * are granted on purpose, through custom roles (e.g. the demo's "Office agent"), so these two roles hold no
 * permission on a texting subject or action. The admin creates them after the plugins' bootstrap on a
 * fresh database, so this runs from the plugin's bootstrap (existing databases) and again from the host
 * app's bootstrap, which comes after the admin's.
 */
export const STOCK_ROLE_CODES = ['strapi-editor', 'strapi-author'];

export async function stripStockRoles(strapi: Core.Strapi): Promise<number> {
  const roles = (await strapi.db.query('admin::role').findMany({
    where: { code: { $in: STOCK_ROLE_CODES } },
    select: ['id'],
  })) as Array<{ id: number }>;
  if (!roles.length) return 0;
  const found = (await strapi.db.query('admin::permission').findMany({
    where: {
      role: { id: { $in: roles.map((r) => r.id) } },
      $or: [{ subject: { $startsWith: 'plugin::texting.' } }, { action: { $startsWith: 'plugin::texting.' } }],
    },
    select: ['id'],
  })) as Array<{ id: number }>;
  if (!found.length) return 0;
  await strapi.db.query('admin::permission').deleteMany({ where: { id: { $in: found.map((p) => p.id) } } });
  return found.length;
}

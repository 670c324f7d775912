import type { Core } from '@strapi/strapi';

const UID = 'plugin::texting.phone-number';

/** The Phone Numbers list. Placeholder shape of API.md's list answer until the full query lands. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(_query: Record<string, unknown>) {
    const rows = await strapi.documents(UID).findMany({ populate: ['office', 'agent'], sort: 'phoneNumber:asc' });
    return { data: rows, meta: { pagination: { page: 1, pageSize: rows.length, pageCount: 1, total: rows.length } } };
  },
});

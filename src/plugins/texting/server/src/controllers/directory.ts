import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';

type Named = { documentId: string; name: string };

/**
 * Offices and agents as the admin's pickers need them (filters, provisioning and edit forms):
 * every row, only `documentId` and `name`, sorted by name. Read-only; the lists are small by nature
 * (an organisation's offices and texting staff), so they are not paginated.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const names = async (uid: 'plugin::texting.office' | 'plugin::texting.agent'): Promise<Named[]> => {
    const rows = (await strapi.db.query(uid).findMany({
      select: ['documentId', 'name'],
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    })) as Named[];
    return rows.map(({ documentId, name }) => ({ documentId, name }));
  };

  return {
    async offices(ctx: AdminContext) {
      ctx.body = { data: await names('plugin::texting.office') };
    },
    async agents(ctx: AdminContext) {
      ctx.body = { data: await names('plugin::texting.agent') };
    },
  };
};

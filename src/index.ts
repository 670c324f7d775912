import type { Core } from '@strapi/strapi';

// The product is the texting plugin in src/plugins/texting. The host app's bootstrap runs after the admin's,
// which is what creates the stock roles on a fresh database: it takes texting rights away from Editor and
// Author (they are granted through custom roles), then seeds development demo data.
export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await strapi.plugin('texting').service('door').secureStockRoles();
    await strapi.plugin('texting').service('demo').seedIfEnabled();
  },
};

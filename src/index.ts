import type { Core } from '@strapi/strapi';

// The product is the texting plugin in src/plugins/texting; the host app only seeds development demo data,
// here because user bootstrap runs after the admin's, which is what creates the Super Admin role.
export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await strapi.plugin('texting').service('demo').seedIfEnabled();
  },
};

import type { Core } from '@strapi/strapi';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = await strapi.plugin('texting').service('numbers').list(ctx.query);
  },
});

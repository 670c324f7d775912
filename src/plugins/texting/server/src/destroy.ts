import type { Core } from '@strapi/strapi';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.plugin('texting').service('dispatcher').stop(); // unsent claimed rows go back to the queue
};

export default destroy;

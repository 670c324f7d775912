import type { Core } from '@strapi/strapi';
import { removeProcessGuard } from './utils/process-guard';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.plugin('texting').service('dispatcher').stop(); // unsent claimed rows go back to the queue
  removeProcessGuard(strapi);
};

export default destroy;

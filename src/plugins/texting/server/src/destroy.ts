import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { removeProcessGuard } from './utils/process-guard';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'dispatcher').stop(); // unsent claimed rows go back to the queue
  removeProcessGuard(strapi);
};

export default destroy;

import type { Core } from '@strapi/strapi';
import { actionDefinitions } from './permissions';
import { subscribeNumberRulesLifecycles } from './guards/phone-number-rules';
import { seedDemo } from './seed/demo';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  subscribeNumberRulesLifecycles(strapi);

  const config = strapi.config.get('plugin::texting') as { seedDemo: boolean };
  if (config.seedDemo) {
    await seedDemo(strapi);
  }
};

export default bootstrap;

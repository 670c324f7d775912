import type { Core } from '@strapi/strapi';
import { actionDefinitions } from './permissions';
import { subscribeNumberRulesLifecycles } from './guards/phone-number-rules';
import { subscribeInboundLifecycles } from './services/routing/lifecycles';
import { subscribeInUseLifecycles } from './guards/in-use';
import { ensureListIndexes } from './services/numbers/indexes';
import { scheduleActivationJob } from './jobs/activation';
import { scheduleProviderSyncJob } from './jobs/provider-sync';
import { scheduleNumberHealthJob } from './jobs/number-health';
import { scheduleNotificationRetentionJob } from './jobs/notification-retention';
import { scheduleCampaignJobs } from './jobs/campaigns';
import { stripStockRoles } from './guards/default-roles';
import { ensureNonceTable, scheduleNoncePruneJob } from './guards/nonces';
import { registerOfficeCondition } from './guards/office-scope';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  await registerOfficeCondition(strapi);
  await stripStockRoles(strapi);
  subscribeNumberRulesLifecycles(strapi);
  subscribeInboundLifecycles(strapi);
  subscribeInUseLifecycles(strapi);
  await ensureListIndexes(strapi);
  await ensureNonceTable(strapi);
  scheduleActivationJob(strapi);
  scheduleProviderSyncJob(strapi);
  scheduleNumberHealthJob(strapi);
  scheduleNotificationRetentionJob(strapi);
  scheduleCampaignJobs(strapi);
  scheduleNoncePruneJob(strapi);
  // Demo data is seeded by the host app's bootstrap (service `demo`): admin roles exist only after the
  // admin's own bootstrap, which runs after every plugin's.
};

export default bootstrap;

import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { runOnce } from './run-once';
import { getService } from '../utils/get-service';

export const ACTIVATION_JOB = 'textingActivation';

/**
 * Every 10 minutes: ask Plivo about pending numbers and mark the registered ones active. The body is the
 * provisioning service's `runActivation()` (tests call it directly). Only where TEXTING_JOBS is on; several
 * instances may run it, the update is conditional on the number still being pending.
 */
export function scheduleActivationJob(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const task = runOnce(strapi, 'Activation check', async () => {
    const report = await getService(strapi, 'provisioning').runActivation();
    if (report.activated.length) {
      strapi.log.info(`[texting] Activated ${report.activated.length} number(s): ${report.activated.join(', ')}`);
    }
  });
  strapi.cron.add({ [ACTIVATION_JOB]: { task, options: { rule: '*/10 * * * *' } } });
}

import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { runOnce } from './run-once';
import { getService } from '../utils/get-service';

export const PROVIDER_SYNC_JOB = 'textingProviderSync';

/**
 * Hourly: compare the numbers rented on the Plivo account with ours, flagging the ones Plivo no longer
 * has (the provisioning service's `sync()`). Only where TEXTING_JOBS is on and Plivo is configured.
 */
export function scheduleProviderSyncJob(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const task = runOnce(strapi, 'Provider sync', async () => {
    if (!getService(strapi, 'provider').configured) return;
    const report = await getService(strapi, 'provisioning').sync();
    if (report.unmanaged.length || report.missing.length) {
      strapi.log.warn(
        `[texting] Provider sync: ${report.unmanaged.length} number(s) rented at Plivo but not managed here, ${report.missing.length} of ours no longer on Plivo.`
      );
    }
  });
  strapi.cron.add({ [PROVIDER_SYNC_JOB]: { task, options: { rule: '17 * * * *' } } });
}

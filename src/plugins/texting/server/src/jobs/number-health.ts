import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { runOnce } from './run-once';
import { getService } from '../utils/get-service';

export const NUMBER_HEALTH_JOB = 'textingNumberHealth';

/**
 * Every 5 minutes (and once at boot): the Phone Numbers list's 7-day delivery figures, recomputed for every
 * number in one set-based pass (services/numbers/health.ts `refreshWeekStats`). The list sorts and filters on
 * them; the number's own page computes its figures live. Only where TEXTING_JOBS is on.
 */
export function scheduleNumberHealthJob(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const task = runOnce(strapi, 'Number health refresh', () => getService(strapi, 'numbers').refreshWeekStats());
  strapi.cron.add({ [NUMBER_HEALTH_JOB]: { task, options: { rule: '*/5 * * * *' } } });
  // Not awaited: boot does not wait for a pass over the texts.
  void task();
}

import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { runOnce } from './run-once';
import { runLeased, type LeasedRun, type LeaseOptions } from './lease';
import { getService } from '../utils/get-service';

export const NUMBER_HEALTH_JOB = 'textingNumberHealth';
export const NUMBER_HEALTH_LEASE = 'number-health';
export const NUMBER_HEALTH_INTERVAL_MS = 5 * 60_000;
/**
 * A pass holds the lease for its interval less 30 s: long enough that the other instances' ticks of the same
 * interval (their clocks a few seconds apart) find it held, short enough to have lapsed by the next tick.
 */
export const NUMBER_HEALTH_LEASE_MS = NUMBER_HEALTH_INTERVAL_MS - 30_000;

/**
 * One refresh of the Phone Numbers list's stored 7-day figures for the whole deployment: the instance that
 * takes the lease (jobs/lease.ts) runs it, the others skip this interval. `result` is how many numbers'
 * figures changed.
 */
export function runNumberHealthPass(strapi: Core.Strapi, options: LeaseOptions = {}): Promise<LeasedRun<number>> {
  return runLeased(strapi, NUMBER_HEALTH_LEASE, NUMBER_HEALTH_LEASE_MS, () => getService(strapi, 'numbers').refreshWeekStats(), options);
}

/**
 * Every 5 minutes (and once at boot): the Phone Numbers list's 7-day delivery figures, recomputed for every
 * number in one set-based pass (services/numbers/health.ts `refreshWeekStats`). The list sorts and filters on
 * them; the number's own page computes its figures live. Only where TEXTING_JOBS is on; with several
 * instances, one pass per interval in all (`runNumberHealthPass`).
 */
export function scheduleNumberHealthJob(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const task = runOnce(strapi, 'Number health refresh', () => runNumberHealthPass(strapi));
  strapi.cron.add({ [NUMBER_HEALTH_JOB]: { task, options: { rule: '*/5 * * * *' } } });
  // Not awaited: boot does not wait for a pass over the texts (skipped when another instance ran one lately).
  void task();
}

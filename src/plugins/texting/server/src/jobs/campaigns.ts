import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { runOnce } from './run-once';
import { getService } from '../utils/get-service';

export const CAMPAIGN_SCHEDULER_JOB = 'textingCampaignScheduler';
export const CAMPAIGN_DISPATCHER_JOB = 'textingCampaignDispatcher';

/**
 * The campaign jobs, only where TEXTING_JOBS is on (tests call the same service methods directly):
 *  - every 15 s: archive campaigns whose archive time has come (then release single-use numbers, retrying
 *    failed releases), and start scheduled campaigns whose send time has come — archive first, so a number
 *    handed from one campaign to the next is free when the next one starts;
 *  - every 2 s: drain the outbox (the dispatcher returns when nothing is due; a drain still running is not
 *    started twice in this instance, and other instances claim other rows).
 * Every step claims its work with a conditional update, so any number of instances may run these.
 */
export function scheduleCampaignJobs(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const campaigns = () => getService(strapi, 'campaigns');
  const scheduler = runOnce(strapi, 'Campaign scheduler', async () => {
    const archived = await campaigns().archiveDue();
    for (const c of archived.archived) strapi.log.info(`[texting] Archived campaign "${c.name}" (archive time reached)`);
    const started = await campaigns().activateDue();
    for (const c of started.activated) strapi.log.info(`[texting] Started campaign "${c.name}": ${c.queued} text(s) queued`);
  });
  const dispatcher = runOnce(strapi, 'Campaign dispatcher', async () => {
    await getService(strapi, 'dispatcher').drain();
  });
  strapi.cron.add({
    [CAMPAIGN_SCHEDULER_JOB]: { task: scheduler, options: { rule: '*/15 * * * * *' } },
    [CAMPAIGN_DISPATCHER_JOB]: { task: dispatcher, options: { rule: '*/2 * * * * *' } },
  });
}

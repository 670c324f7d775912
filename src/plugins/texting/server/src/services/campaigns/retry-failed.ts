import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ConflictError } from '../../utils/errors';
import { assertMayManage, type AdminUser } from './access';
import { outbox } from './outbox';
import type { RetryFailedResult } from '../../../../shared/contracts';

/**
 * "Retry failed": a campaign's permanently failed texts go back to the queue while the campaign is active
 * (before its archive time). Opted-out and skipped rows stay out; rows queued again are sent under the same
 * rules as the first time (quiet hours, opt-out at send, pause).
 */
export async function retryFailed(strapi: Core.Strapi, documentId: string, user: AdminUser | undefined): Promise<RetryFailedResult> {
  const campaign = (await strapi.db.query('plugin::texting.campaign').findOne({
    where: { documentId },
    select: ['id', 'documentId', 'name', 'state', 'archiveAt'],
    populate: { office: { select: ['documentId', 'name'] } },
  })) as { documentId: string; name: string; state: string; archiveAt: string | null; office?: { documentId: string; name: string } | null } | null;
  if (!campaign) throw new errors.NotFoundError(`No campaign with id "${documentId}".`);
  if (!campaign.office) throw new ConflictError(`The campaign "${campaign.name}" has no office any more; it cannot be changed.`);
  await assertMayManage(strapi, user, campaign.office);
  if (campaign.state !== 'active' || (campaign.archiveAt && new Date(campaign.archiveAt).getTime() <= Date.now())) {
    throw new ConflictError(`Failed texts can be retried only while the campaign is active; "${campaign.name}" is ${campaign.state}.`, {
      state: campaign.state,
    });
  }
  return { requeued: await outbox(strapi).requeueFailed(documentId) };
}

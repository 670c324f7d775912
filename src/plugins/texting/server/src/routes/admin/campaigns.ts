import { requires } from '../../permissions';
import { route } from '../route';

/**
 * Campaigns (API.md). Reading needs `campaigns.read`; every change needs `campaigns.manage`, and the service
 * adds rule 1 (only agents of the campaign's office, and super admins). Literal paths before `/:documentId`.
 */
export default [
  route('GET', '/campaigns', 'campaigns.find', requires('campaignsRead')),
  route('GET', '/campaigns/number-options', 'campaigns.numberOptions', requires('campaignsRead')),
  route('POST', '/campaigns', 'campaigns.create', requires('campaignsManage')),
  route('GET', '/campaigns/:documentId', 'campaigns.findOne', requires('campaignsRead')),
  route('PUT', '/campaigns/:documentId', 'campaigns.update', requires('campaignsManage')),
  route('GET', '/campaigns/:documentId/impact', 'campaigns.impact', requires('campaignsRead')),
  route('GET', '/campaigns/:documentId/recipients', 'campaigns.recipientsPage', requires('campaignsRead')),
  route('POST', '/campaigns/:documentId/recipients', 'campaigns.recipients', requires('campaignsManage')),
  route('POST', '/campaigns/:documentId/schedule', 'campaigns.schedule', requires('campaignsManage')),
  route('POST', '/campaigns/:documentId/unschedule', 'campaigns.unschedule', requires('campaignsManage')),
  route('POST', '/campaigns/:documentId/archive', 'campaigns.archive', requires('campaignsManage')),
];

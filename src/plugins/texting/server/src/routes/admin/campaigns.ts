import { requires } from '../../permissions';

/**
 * Campaigns (API.md). Reading needs `campaigns.read`; every change needs `campaigns.manage`, and the service
 * adds rule 1 (only agents of the campaign's office, and super admins). Literal paths before `/:documentId`.
 */
export default [
  { method: 'GET', path: '/campaigns', handler: 'campaigns.find', config: requires('campaignsRead') },
  { method: 'GET', path: '/campaigns/number-options', handler: 'campaigns.numberOptions', config: requires('campaignsRead') },
  { method: 'POST', path: '/campaigns', handler: 'campaigns.create', config: requires('campaignsManage') },
  { method: 'GET', path: '/campaigns/:documentId', handler: 'campaigns.findOne', config: requires('campaignsRead') },
  { method: 'PUT', path: '/campaigns/:documentId', handler: 'campaigns.update', config: requires('campaignsManage') },
  { method: 'GET', path: '/campaigns/:documentId/recipients', handler: 'campaigns.recipientsPage', config: requires('campaignsRead') },
  { method: 'POST', path: '/campaigns/:documentId/recipients', handler: 'campaigns.recipients', config: requires('campaignsManage') },
  { method: 'POST', path: '/campaigns/:documentId/schedule', handler: 'campaigns.schedule', config: requires('campaignsManage') },
  { method: 'POST', path: '/campaigns/:documentId/unschedule', handler: 'campaigns.unschedule', config: requires('campaignsManage') },
  { method: 'POST', path: '/campaigns/:documentId/archive', handler: 'campaigns.archive', config: requires('campaignsManage') },
];

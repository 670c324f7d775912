import { requires } from '../../permissions';

/**
 * Sending health (docs/API-ADDITIONS.md). The pause banner shows on every Texting page, whatever the user's
 * Texting actions, and says nothing about any office's data: any signed-in admin may read it.
 */
export default [
  { method: 'GET', path: '/dispatch-status', handler: 'reliability.dispatchStatus', config: requires() },
  { method: 'POST', path: '/campaigns/:documentId/retry-failed', handler: 'reliability.retryFailed', config: requires('campaignsManage') },
];

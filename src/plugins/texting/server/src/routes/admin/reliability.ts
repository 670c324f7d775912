import { requires } from '../../permissions';
import { route } from '../route';

/**
 * Sending health (docs/API-ADDITIONS.md). The pause banner shows on every Texting page, whatever the user's
 * Texting actions, and says nothing about any office's data: any signed-in admin may read it.
 */
export default [
  route('GET', '/dispatch-status', 'reliability.dispatchStatus', requires()),
  route('POST', '/campaigns/:documentId/retry-failed', 'reliability.retryFailed', requires('campaignsManage')),
];

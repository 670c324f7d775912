import { requiresAnyOf } from '../../permissions';
import { route } from '../route';

/**
 * Notifications (docs/API-ADDITIONS.md): for users who may read numbers or campaigns; each user sees the events
 * of the offices those actions allow them (the controller's scopes).
 */
const readers = requiresAnyOf('numbersRead', 'campaignsRead');

export default [
  route('GET', '/notifications', 'notifications.find', readers),
  route('GET', '/notifications/unread-count', 'notifications.unreadCount', readers),
  route('PUT', '/notifications/read', 'notifications.mark', readers),
  route('GET', '/notifications/settings', 'notifications.settings', readers),
  route('PUT', '/notifications/settings', 'notifications.updateSettings', readers),
];

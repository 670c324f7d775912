/** Inputs of the notification routes: the schemas live in shared/contracts, where the admin uses them too. */
export { markNotificationsBody, notificationSettingsBody, notificationsQuery } from '../../../shared/contracts';

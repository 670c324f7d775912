import numbers from './numbers';
import provisioning from './provisioning';
import campaigns from './campaigns';
import inbox from './inbox';
import settings from './settings';
import reliability from './reliability';
import notifications from './notifications';
import { router } from '../route';

/**
 * Admin routes, served under /texting/… with the admin JWT. Every one is guarded by the plugin's own
 * actions (`requires(...)`). Within a file, literal paths (`/phone-numbers/export`) come before
 * parameterised ones (`/phone-numbers/:id`).
 */
export default router('admin', [...provisioning, ...numbers, ...campaigns, ...inbox, ...settings, ...reliability, ...notifications]);

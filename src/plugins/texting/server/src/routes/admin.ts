import { requires } from '../permissions';

/**
 * Admin routes, served under /texting/… with the admin JWT. Every one is guarded by the plugin's own actions.
 * Literal paths (`/phone-numbers/export`) come before parameterised ones (`/phone-numbers/:id`).
 */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/provider', handler: 'provider.status', config: requires('numbersRead') },

    { method: 'GET', path: '/phone-numbers', handler: 'phoneNumbers.find', config: requires('numbersRead') },
  ],
};

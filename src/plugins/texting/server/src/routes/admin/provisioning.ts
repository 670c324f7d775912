import { requires } from '../../permissions';

/** Provider status, number search, provisioning, release, activation and provider sync. */
export default [
  { method: 'GET', path: '/provider', handler: 'provider.status', config: requires('numbersRead') },
  { method: 'GET', path: '/provider/sync', handler: 'provisioning.sync', config: requires('numbersRead') },
  { method: 'GET', path: '/available-numbers', handler: 'provisioning.availableNumbers', config: requires('numbersProvision') },
  { method: 'POST', path: '/phone-numbers', handler: 'provisioning.provision', config: requires('numbersProvision') },
  { method: 'DELETE', path: '/phone-numbers/:documentId', handler: 'provisioning.release', config: requires('numbersDelete') },
  {
    method: 'POST',
    path: '/phone-numbers/:documentId/activate',
    handler: 'provisioning.activate',
    config: requires('numbersUpdate'),
  },
];

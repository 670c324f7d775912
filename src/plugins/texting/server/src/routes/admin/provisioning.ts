import { requires } from '../../permissions';

/** Provider status, number search, provisioning, release, activation and provider sync. */
export default [
  { method: 'GET', path: '/provider', handler: 'provider.status', config: requires('numbersRead') },
];

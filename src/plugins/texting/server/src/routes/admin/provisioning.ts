import { requires } from '../../permissions';
import { route } from '../route';

/** Provider status, number search, provisioning, release, activation and provider sync. */
export default [
  route('GET', '/provider', 'provider.status', requires('numbersRead')),
  route('GET', '/provider/sync', 'provisioning.sync', requires('numbersRead')),
  route('GET', '/provider/overview', 'provisioning.overview', requires('numbersRead')),
  route('POST', '/provider/sync', 'provisioning.syncNow', requires('numbersRead', 'numbersUpdate')),
  route('POST', '/provider/unmanaged/import', 'provisioning.importUnmanaged', requires('numbersProvision')),
  route('POST', '/provider/unmanaged/release', 'provisioning.releaseUnmanaged', requires('numbersDelete')),
  route('GET', '/available-numbers', 'provisioning.availableNumbers', requires('numbersProvision')),
  route('POST', '/phone-numbers', 'provisioning.provision', requires('numbersProvision')),
  route('DELETE', '/phone-numbers/:documentId', 'provisioning.release', requires('numbersDelete')),
  route('POST', '/phone-numbers/:documentId/activate', 'provisioning.activate', requires('numbersUpdate')),
];

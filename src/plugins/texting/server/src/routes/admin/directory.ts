import { requires } from '../../permissions';

/** Offices and agents, `{ data: [{ documentId, name }] }` sorted by name, for the admin's pickers and filters. */
export default [
  { method: 'GET', path: '/offices', handler: 'directory.offices', config: requires('numbersRead') },
  { method: 'GET', path: '/agents', handler: 'directory.agents', config: requires('numbersRead') },
];

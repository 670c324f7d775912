import { requires } from '../../permissions';

/** The Phone Numbers list, export, detail, edit and history. */
export default [
  { method: 'GET', path: '/phone-numbers', handler: 'phoneNumbers.find', config: requires('numbersRead') },
];

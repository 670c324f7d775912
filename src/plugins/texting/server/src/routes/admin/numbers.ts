import { requires } from '../../permissions';

/** The Phone Numbers list, export, detail, edit, scheduled campaigns and history. */
export default [
  { method: 'GET', path: '/phone-numbers', handler: 'phoneNumbers.find', config: requires('numbersRead') },
  { method: 'GET', path: '/phone-numbers/export', handler: 'phoneNumbers.export', config: requires('numbersExport') },
  { method: 'GET', path: '/phone-numbers/:documentId', handler: 'phoneNumbers.findOne', config: requires('numbersRead') },
  { method: 'PUT', path: '/phone-numbers/:documentId', handler: 'phoneNumbers.update', config: requires('numbersUpdate') },
  {
    method: 'GET',
    path: '/phone-numbers/:documentId/scheduled-campaigns',
    handler: 'phoneNumbers.scheduledCampaigns',
    config: requires('numbersRead'),
  },
  { method: 'GET', path: '/phone-numbers/:documentId/history', handler: 'phoneNumbers.history', config: requires('numbersRead') },
];

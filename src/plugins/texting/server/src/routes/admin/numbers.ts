import { requires } from '../../permissions';
import { route } from '../route';

/** The Phone Numbers list, export, detail, edit, scheduled campaigns, history and health. */
export default [
  route('GET', '/phone-numbers', 'phoneNumbers.find', requires('numbersRead')),
  route('GET', '/phone-numbers/export', 'phoneNumbers.export', requires('numbersExport')),
  route('GET', '/phone-numbers/:documentId', 'phoneNumbers.findOne', requires('numbersRead')),
  route('PUT', '/phone-numbers/:documentId', 'phoneNumbers.update', requires('numbersUpdate')),
  route('GET', '/phone-numbers/:documentId/scheduled-campaigns', 'phoneNumbers.scheduledCampaigns', requires('numbersRead')),
  route('GET', '/phone-numbers/:documentId/history', 'phoneNumbers.history', requires('numbersRead')),
  route('GET', '/phone-numbers/:documentId/health', 'phoneNumbers.health', requires('numbersRead')),
];

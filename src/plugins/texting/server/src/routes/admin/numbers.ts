import { requires, requiresAnyOf } from '../../permissions';
import { route } from '../route';

/** The Phone Numbers list, export, bulk actions, detail, edit, scheduled campaigns, history, health, impact; released numbers. */
export default [
  route('GET', '/phone-numbers', 'phoneNumbers.find', requires('numbersRead')),
  route('GET', '/phone-numbers/export', 'phoneNumbers.export', requires('numbersExport')),
  route('POST', '/phone-numbers/bulk', 'phoneNumbers.bulk', requiresAnyOf('numbersUpdate', 'numbersDelete')),
  route('GET', '/phone-numbers/:documentId', 'phoneNumbers.findOne', requires('numbersRead')),
  route('PUT', '/phone-numbers/:documentId', 'phoneNumbers.update', requires('numbersUpdate')),
  route('GET', '/phone-numbers/:documentId/scheduled-campaigns', 'phoneNumbers.scheduledCampaigns', requires('numbersRead')),
  route('GET', '/phone-numbers/:documentId/history', 'phoneNumbers.history', requires('numbersRead')),
  route('GET', '/phone-numbers/:documentId/impact', 'phoneNumbers.impact', requires('numbersRead')),
  route('GET', '/released-numbers', 'audit.released', requires('numbersRead')),
  route('GET', '/released-numbers/:phoneNumber/history', 'audit.releasedHistory', requires('numbersRead')),
  route('GET', '/phone-numbers/:documentId/health', 'phoneNumbers.health', requires('numbersRead')),
];

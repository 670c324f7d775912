import { requires, requiresAnyOf } from '../../permissions';

/**
 * Settings → Texting (API.md "Offices, agents, bot answers"), guarded by the plugin's `settings` action.
 * The office and agent lists also feed the pickers of the other pages: a user with a reading action there
 * gets them too, as `{ documentId, name }` only (controllers/settings.ts).
 */
const PICKERS = ['settings', 'numbersRead', 'campaignsRead', 'campaignsManage', 'inboxRead'] as const;

export default [
  { method: 'GET', path: '/offices', handler: 'settings.listOffices', config: requiresAnyOf(...PICKERS) },
  { method: 'POST', path: '/offices', handler: 'settings.createOffice', config: requires('settings') },
  { method: 'GET', path: '/offices/:documentId', handler: 'settings.getOffice', config: requires('settings') },
  { method: 'PUT', path: '/offices/:documentId', handler: 'settings.updateOffice', config: requires('settings') },
  { method: 'DELETE', path: '/offices/:documentId', handler: 'settings.deleteOffice', config: requires('settings') },
  { method: 'POST', path: '/offices/:documentId/bot-preview', handler: 'settings.previewBot', config: requires('settings') },
  { method: 'GET', path: '/agents', handler: 'settings.listAgents', config: requiresAnyOf(...PICKERS) },
  { method: 'POST', path: '/agents', handler: 'settings.createAgent', config: requires('settings') },
  { method: 'GET', path: '/agents/:documentId', handler: 'settings.getAgent', config: requires('settings') },
  { method: 'PUT', path: '/agents/:documentId', handler: 'settings.updateAgent', config: requires('settings') },
  { method: 'DELETE', path: '/agents/:documentId', handler: 'settings.deleteAgent', config: requires('settings') },
  { method: 'GET', path: '/bot-answers', handler: 'settings.listBotAnswers', config: requires('settings') },
  { method: 'POST', path: '/bot-answers', handler: 'settings.createBotAnswer', config: requires('settings') },
  { method: 'GET', path: '/bot-answers/:documentId', handler: 'settings.getBotAnswer', config: requires('settings') },
  { method: 'PUT', path: '/bot-answers/:documentId', handler: 'settings.updateBotAnswer', config: requires('settings') },
  { method: 'DELETE', path: '/bot-answers/:documentId', handler: 'settings.deleteBotAnswer', config: requires('settings') },
];

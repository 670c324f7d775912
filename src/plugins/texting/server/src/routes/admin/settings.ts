import { requires, requiresAnyOf } from '../../permissions';

/**
 * Settings → Texting (API.md "Offices, agents, bot answers"), guarded by the plugin's `settings` action.
 * The office and agent lists also feed the pickers of the other pages: a user with a reading action there
 * gets them too, as `{ documentId, name }` only (controllers/settings.ts).
 */
const PICKERS = ['settings', 'numbersRead', 'campaignsRead', 'campaignsManage', 'inboxRead'] as const;

/** GET/POST on the collection, GET/PUT/DELETE on one item. */
const crud = (path: string, noun: string, plural: string, listedForPickers: boolean) => [
  { method: 'GET', path, handler: `settings.list${plural}`, config: listedForPickers ? requiresAnyOf(...PICKERS) : requires('settings') },
  { method: 'POST', path, handler: `settings.create${noun}`, config: requires('settings') },
  ...(['GET', 'PUT', 'DELETE'] as const).map((method) => ({
    method,
    path: `${path}/:documentId`,
    handler: `settings.${{ GET: 'get', PUT: 'update', DELETE: 'delete' }[method]}${noun}`,
    config: requires('settings'),
  })),
];

export default [
  ...crud('/offices', 'Office', 'Offices', true),
  { method: 'POST', path: '/offices/:documentId/bot-preview', handler: 'settings.previewBot', config: requires('settings') },
  ...crud('/agents', 'Agent', 'Agents', true),
  ...crud('/bot-answers', 'BotAnswer', 'BotAnswers', false),
];

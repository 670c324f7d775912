import { requires, requiresAnyOf } from '../../permissions';
import { route } from '../route';

/**
 * Settings → Texting (API.md "Offices, agents, bot answers"), guarded by the plugin's `settings` action.
 * The office and agent lists also feed the pickers of the other pages: a user with a reading action there
 * gets them too, as `{ documentId, name }` only (controllers/settings.ts).
 */
const PICKERS = ['settings', 'numbersRead', 'campaignsRead', 'campaignsManage', 'inboxRead'] as const;

type Noun = 'Office' | 'Agent' | 'BotAnswer';

/** GET/POST on the collection, GET/PUT/DELETE on one item; the handler names are checked like any other. */
const crud = (path: string, noun: Noun, plural: `${Noun}s`, listedForPickers: boolean) => [
  route('GET', path, `settings.list${plural}`, listedForPickers ? requiresAnyOf(...PICKERS) : requires('settings')),
  route('POST', path, `settings.create${noun}`, requires('settings')),
  route('GET', `${path}/:documentId`, `settings.get${noun}`, requires('settings')),
  route('PUT', `${path}/:documentId`, `settings.update${noun}`, requires('settings')),
  route('DELETE', `${path}/:documentId`, `settings.delete${noun}`, requires('settings')),
];

export default [
  ...crud('/offices', 'Office', 'Offices', true),
  route('POST', '/offices/:documentId/bot-preview', 'settings.previewBot', requires('settings')),
  ...crud('/agents', 'Agent', 'Agents', true),
  ...crud('/bot-answers', 'BotAnswer', 'BotAnswers', false),
];

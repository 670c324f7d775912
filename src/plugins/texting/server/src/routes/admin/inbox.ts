import { requires } from '../../permissions';

/** Inbox routes (see API.md): conversations, replies, 1:1 texts, and test routing of a number. */
export default [
  { method: 'GET', path: '/conversations', handler: 'inbox.find', config: requires('inboxRead') },
  { method: 'GET', path: '/conversations/:documentId', handler: 'inbox.findOne', config: requires('inboxRead') },
  {
    method: 'GET',
    path: '/conversations/:documentId/reassign-options',
    handler: 'inbox.reassignOptions',
    config: requires('inboxRead', 'inboxReply'),
  },
  { method: 'GET', path: '/conversations/:documentId/messages', handler: 'inbox.olderMessages', config: requires('inboxRead') },
  { method: 'POST', path: '/conversations/:documentId/messages', handler: 'inbox.reply', config: requires('inboxRead', 'inboxReply') },
  { method: 'POST', path: '/conversations/:documentId/close', handler: 'inbox.close', config: requires('inboxRead', 'inboxReply') },
  { method: 'POST', path: '/conversations/:documentId/reassign', handler: 'inbox.reassign', config: requires('inboxRead', 'inboxReply') },
  { method: 'GET', path: '/messages/from-options', handler: 'inbox.fromOptions', config: requires('inboxReply') },
  { method: 'POST', path: '/messages', handler: 'messages.create', config: requires('inboxReply') },
  { method: 'POST', path: '/phone-numbers/:documentId/test-inbound', handler: 'inbox.testInbound', config: requires('numbersUpdate') },
] as Array<{ method: string; path: string; handler: string; config: Record<string, unknown> }>;

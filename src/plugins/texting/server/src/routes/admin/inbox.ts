import { requires } from '../../permissions';
import { route } from '../route';

/** Inbox routes (see API.md): conversations, replies, 1:1 texts, and test routing of a number. */
export default [
  route('GET', '/conversations', 'inbox.find', requires('inboxRead')),
  route('GET', '/conversations/:documentId', 'inbox.findOne', requires('inboxRead')),
  route('GET', '/conversations/:documentId/reassign-options', 'inbox.reassignOptions', requires('inboxRead', 'inboxReply')),
  route('GET', '/conversations/:documentId/messages', 'inbox.olderMessages', requires('inboxRead')),
  route('POST', '/conversations/:documentId/messages', 'inbox.reply', requires('inboxRead', 'inboxReply')),
  route('POST', '/conversations/:documentId/close', 'inbox.close', requires('inboxRead', 'inboxReply')),
  route('POST', '/conversations/:documentId/reassign', 'inbox.reassign', requires('inboxRead', 'inboxReply')),
  route('POST', '/conversations/:documentId/opt-out', 'inbox.setOptOut', requires('inboxRead', 'inboxReply')),
  route('GET', '/opt-outs', 'audit.optOuts', requires('inboxRead')),
  route('GET', '/opt-outs/export', 'audit.exportOptOuts', requires('inboxRead')),
  route('POST', '/opt-outs/import', 'audit.importOptOuts', requires('inboxRead', 'inboxReply')),
  route('GET', '/messages/from-options', 'inbox.fromOptions', requires('inboxReply')),
  route('POST', '/messages', 'messages.create', requires('inboxReply')),
  route('POST', '/phone-numbers/:documentId/test-inbound', 'inbox.testInbound', requires('numbersUpdate')),
];

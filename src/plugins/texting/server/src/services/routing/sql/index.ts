import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { CampaignForRouting } from '../effective';
import { createSqlContext, type Runner } from './run';
import { messageExists, readSnapshot, readSnapshots, type BatchText } from './snapshot';
import { insertMessages, lockContacts, openConversation, touchNumber } from './writes';
import type { ConversationInsert, MessageInsert } from './types';

/**
 * The webhook's hot path in plain SQL. Strapi's query engine costs one round trip per relation (and a
 * re-read after each write), and building a query with knex costs more CPU than running it; an inbound
 * text touches a dozen relations, which capped the webhook at a few dozen texts per second. So the
 * statements here are written once (per process, from Strapi's own metadata: a renamed attribute fails
 * loudly instead of writing to the wrong place) and run with bindings. Identifiers are double-quoted,
 * which PostgreSQL and SQLite both accept. Rows written here are the rows Strapi writes (documentId,
 * timestamps, publishedAt, link tables with their order columns).
 *
 * statements.ts builds the SQL text, run.ts runs it (named prepared statements on PostgreSQL), snapshot.ts
 * reads what routing needs, writes.ts writes contacts' locks, conversations and messages.
 */
export function createSql(strapi: Core.Strapi) {
  const context = createSqlContext(strapi);
  return {
    isPg: context.isPg,
    snapshot: (trx: Knex.Transaction, to: string, from: string, now: Date, messageUuid: string) => readSnapshot(context, trx, to, from, now, messageUuid),
    snapshots: (trx: Knex.Transaction, texts: BatchText[], now: Date) => readSnapshots(context, trx, texts, now),
    lockContacts: (trx: Knex.Transaction, phones: string[]) => lockContacts(context, trx, phones),
    openConversation: (trx: Knex.Transaction, conversation: ConversationInsert, now: Date) => openConversation(context, trx, conversation, now),
    messageExists: (messageUuid: string, runner?: Runner) => messageExists(context, messageUuid, runner),
    insertMessages: (runner: Runner, list: Array<{ message: MessageInsert; now: Date }>) => insertMessages(context, runner, list),
    touchNumber: (numberId: number, now: Date) => touchNumber(context, numberId, now),
  };
}

export type Sql = ReturnType<typeof createSql>;
export type { BatchSnapshot, ContactLocked, ConversationInsert, ConvRow, MessageInsert, Snapshot } from './types';
export { pgTimestamp } from './writes';
export type { CampaignForRouting };

import type { Knex } from 'knex';
import { newDocumentId } from '../../../db';
import { runStatement, runUnnamed, selectRows, type Runner, type SqlContext } from './run';
import { insertLinkInto, type LinkTable, type Statements } from './statements';
import type { ConversationInsert, MessageInsert } from './types';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/**
 * A Date as the pg driver sends a bound Date (the process's local wall time; a `timestamp` column ignores any
 * offset), for values that travel inside a JSON parameter: they store exactly what a bound Date stores.
 */
export const pgTimestamp = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:` +
  `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;

/**
 * Serialises routing per contact across batches and instances: PostgreSQL transaction-scoped advisory
 * locks, one per contact number (a 64-bit hash of it), taken in one statement in key order (two batches sharing contacts
 * cannot deadlock). Unlike `SELECT … FOR UPDATE` on the contact row it writes nothing (no tuple lock,
 * no WAL record), and it also covers a contact that does not exist yet. SQLite runs one writer at a
 * time, so there it is a no-op.
 */
export async function lockContacts(context: SqlContext, trx: Knex.Transaction, phones: string[]) {
  if (!context.isPg() || !phones.length) return;
  // One prepared statement whatever the count: the phones come as one JSON array.
  await runStatement(
    context,
    trx,
    `select pg_advisory_xact_lock(k) from (select distinct hashtextextended('texting:contact:' || p, 0) as k ` +
      `from json_array_elements_text(cast(? as json)) as v(p) order by k) s`,
    [JSON.stringify([...new Set(phones)])]
  );
}

async function touchConversations(context: SqlContext, runner: Runner, ids: number[], now: Date, preview: string) {
  if (!ids.length) return;
  await runStatement(context, runner, context.statements().touchConversations(ids.length), [now, preview, now, ...ids]);
}

export async function touchNumber(context: SqlContext, numberId: number, now: Date) {
  await runStatement(context, context.knex(), context.statements().touchNumber, [now, numberId]);
}

/**
 * Opens a conversation with its relations: what `strapi.db.query(conversation).create` writes (the row,
 * then one link row per relation, the links' order columns left null as for messages), in one statement
 * on PostgreSQL instead of one per table.
 */
export async function openConversation(
  context: SqlContext,
  trx: Knex.Transaction,
  conversation: ConversationInsert,
  now: Date
): Promise<{ id: number; documentId: string }> {
  const { insertConversation, links } = context.statements();
  const documentId = newDocumentId();
  const values = [documentId, 'open', conversation.handler, now, now, now, now];
  const linkRows = (
    [
      [links.conversationContact, conversation.contactId],
      [links.conversationNumber, conversation.numberId],
      [links.conversationCampaign, conversation.campaignId],
      [links.conversationInboxOffice, conversation.inboxOfficeId],
      [links.conversationInboxAgent, conversation.inboxAgentId],
    ] as Array<[LinkTable, number | null]>
  ).filter((linkRow): linkRow is [LinkTable, number] => linkRow[1] != null);
  if (context.isPg()) {
    const ctes = [`c as (${insertConversation} returning id)`, ...linkRows.map(([link], i) => `l${i} as (${insertLinkInto(link)} select c.id, ? from c)`)];
    const [row] = await selectRows(context, trx, `with ${ctes.join(', ')} select id from c`, [...values, ...linkRows.map(([, id]) => id)]);
    return { id: Number(row.id), documentId };
  }
  const [row] = await selectRows(context, trx, `${insertConversation} returning id`, values);
  const id = Number(row.id);
  for (const [link, other] of linkRows) await runUnnamed(trx, `${insertLinkInto(link)} values (?, ?)`, [id, other]);
  return { id, documentId };
}

// [statement parts, bindings] of each link row of a message, `NEW_MESSAGE_ID` standing for the new message's id.
const NEW_MESSAGE_ID = Symbol('message id');
interface MessageLinkRow {
  table: string;
  columns: string[];
  values: Array<unknown | typeof NEW_MESSAGE_ID>;
  /** The order column to fill with the next value among the rows whose `whereColumn` is `id` (a conversation's messages). */
  nextOrder?: { table: string; column: string; whereColumn: string; id: number };
}

/** A message's row values (statements.insertMessage's columns) and its link rows, for SQLite's one-statement-per-table insert. */
function messageRow(statements: Statements, message: MessageInsert, now: Date) {
  const values: unknown[] = [
    newDocumentId(),
    message.direction,
    message.status,
    message.body,
    message.messageUuid,
    message.fromNumber,
    message.toNumber,
    message.intent ?? null,
    message.units ?? null,
    message.routedTo === undefined ? null : JSON.stringify(message.routedTo),
    message.routingReason ?? null,
    message.inReplyTo ?? null,
    now,
    now,
    now,
  ];
  const linkRows: MessageLinkRow[] = [];
  const plain = (kind: 'number' | 'contact' | 'campaign', other: number | null) => {
    if (other == null) return;
    const link = statements.messageLinks[kind];
    linkRows.push({ table: link.table, columns: link.columns, values: [NEW_MESSAGE_ID, other] });
  };
  plain('number', message.phoneNumberId);
  plain('contact', message.contactId);
  plain('campaign', message.campaignId);
  if (message.conversationId != null) {
    const link = statements.messageLinks.conversation;
    linkRows.push({
      table: link.table,
      columns: link.columns,
      values: [NEW_MESSAGE_ID, message.conversationId],
      nextOrder: link.quoted.inverseOrderColumn
        ? { table: link.table, column: link.quoted.inverseOrderColumn, whereColumn: link.quoted.otherColumn, id: message.conversationId }
        : undefined,
    });
  }
  message.threadIds.forEach((conversationId, i) => {
    const link = statements.messageLinks.threads;
    linkRows.push({ table: link.table, columns: link.columns, values: link.quoted.orderColumn ? [NEW_MESSAGE_ID, conversationId, i + 1] : [NEW_MESSAGE_ID, conversationId] });
  });
  return { values, linkRows };
}

/**
 * Inserts messages with their relations (and moves their conversations' last-message fields), in order.
 * On PostgreSQL it is one prepared statement for all of them (`insertBatch`: one round trip for a whole
 * group commit); on SQLite, in-process, one statement per table. A duplicate MessageUUID raises the unique violation of `texting_msg_uuid_uq`, which the
 * caller turns into "already received".
 */
export async function insertMessages(context: SqlContext, runner: Runner, list: Array<{ message: MessageInsert; now: Date }>): Promise<void> {
  if (!list.length) return;
  if (context.isPg()) await insertMessageBatch(context, runner, list);
  else await insertMessagesOneByOne(context, runner, list);
}

/** PostgreSQL: the batch as the JSON parameters of the `insertBatch` statement (messages, thread links, conversation touches). */
async function insertMessageBatch(context: SqlContext, runner: Runner, list: Array<{ message: MessageInsert; now: Date }>) {
  const messages: Array<Record<string, unknown>> = [];
  const threads: Array<{ doc: string; conv: number; ord: number }> = [];
  // Messages joining the same conversation in one statement read the same max(order): number them on.
  const conversationSeq = new Map<number, number>();
  // Each conversation is touched once, by its last message.
  const lastTouch = new Map<number, { at: string; preview: string }>();
  list.forEach(({ message, now }, i) => {
    const doc = newDocumentId();
    const at = pgTimestamp(now);
    let seq: number | null = null;
    if (message.conversationId != null) {
      seq = (conversationSeq.get(message.conversationId) ?? 0) + 1;
      conversationSeq.set(message.conversationId, seq);
    }
    messages.push({
      i,
      doc,
      direction: message.direction,
      status: message.status,
      body: message.body,
      uuid: message.messageUuid,
      from_n: message.fromNumber,
      to_n: message.toNumber,
      intent: message.intent ?? null,
      units: message.units ?? null,
      routed_to: message.routedTo ?? null,
      reason: message.routingReason ?? null,
      reply_to: message.inReplyTo ?? null,
      at,
      num: message.phoneNumberId,
      contact: message.contactId,
      campaign: message.campaignId,
      conv: message.conversationId,
      conv_seq: seq,
    });
    message.threadIds.forEach((conv, k) => threads.push({ doc, conv, ord: k + 1 }));
    for (const id of message.touch?.ids ?? []) lastTouch.set(id, { at, preview: message.touch!.preview });
  });
  const touches = [...lastTouch].map(([id, touch]) => ({ id, at: touch.at, preview: touch.preview }));
  await runStatement(context, runner, context.statements().insertBatch, [JSON.stringify(messages), JSON.stringify(threads), JSON.stringify(touches)]);
}

/** SQLite (in process): each message's row, then its link rows, then its conversations' last-message fields. */
async function insertMessagesOneByOne(context: SqlContext, runner: Runner, list: Array<{ message: MessageInsert; now: Date }>) {
  const statements = context.statements();
  for (const { message, now } of list) {
    const { values, linkRows } = messageRow(statements, message, now);
    const [row] = await selectRows(context, runner, `${statements.insertMessage} returning id`, values);
    const id = Number(row.id);
    for (const linkRow of linkRows) {
      const bindings = linkRow.values.map((value) => (value === NEW_MESSAGE_ID ? id : value));
      if (linkRow.nextOrder) {
        const { table, column, whereColumn, id: whereId } = linkRow.nextOrder;
        const [max] = await selectRows(context, runner, `select coalesce(max(${column}), 0) + 1 as n from ${table} where ${whereColumn} = ?`, [whereId]);
        bindings.push(Number(max.n));
      }
      await runUnnamed(runner, `insert into ${linkRow.table} (${linkRow.columns.join(', ')}) values (${bindings.map(() => '?').join(', ')})`, bindings);
    }
    if (message.touch) await touchConversations(context, runner, message.touch.ids, now, message.touch.preview);
  }
}

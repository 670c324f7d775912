import type { Core } from '@strapi/strapi';
import { entityMeta, UIDS } from '../../../db';

/**
 * The SQL text of the webhook's hot path (index.ts), built once per process from Strapi's metadata. The text is
 * tuned (see each statement's comment), and on PostgreSQL a prepared statement's name derives from it (run.ts):
 * change it knowingly.
 */

/** A relation's link table as Strapi's metadata names it (the order columns only on ordered relations). */
export interface LinkTable {
  table: string;
  ownColumn: string;
  otherColumn: string;
  orderColumn?: string;
  inverseOrderColumn?: string;
}

export const quoteIdentifier = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** A link table with every name quoted, ready for SQL text. */
const quoteLink = (link: LinkTable): LinkTable => ({
  table: quoteIdentifier(link.table),
  ownColumn: quoteIdentifier(link.ownColumn),
  otherColumn: quoteIdentifier(link.otherColumn),
  orderColumn: link.orderColumn && quoteIdentifier(link.orderColumn),
  inverseOrderColumn: link.inverseOrderColumn && quoteIdentifier(link.inverseOrderColumn),
});

/** An attribute's column name (unquoted). */
function columnName(strapi: Core.Strapi, uid: string, attribute: string): string {
  const described = entityMeta(strapi, uid).attributes[attribute];
  if (!described) throw new Error(`[texting] ${uid} has no attribute ${attribute}`);
  return described.columnName ?? attribute;
}

function linkTable(strapi: Core.Strapi, uid: string, attribute: string): LinkTable {
  const joinTable = entityMeta(strapi, uid).attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`[texting] ${uid}.${attribute} is not a relation with a join table`);
  return {
    table: joinTable.name,
    ownColumn: joinTable.joinColumn.name,
    otherColumn: joinTable.inverseJoinColumn.name,
    orderColumn: joinTable.orderColumnName,
    inverseOrderColumn: joinTable.inverseOrderColumnName,
  };
}

const tableNames = (strapi: Core.Strapi) => {
  const quotedTable = (uid: string) => quoteIdentifier(entityMeta(strapi, uid).tableName);
  return {
    number: quotedTable(UIDS.number),
    office: quotedTable(UIDS.office),
    agent: quotedTable(UIDS.agent),
    campaign: quotedTable(UIDS.campaign),
    contact: quotedTable(UIDS.contact),
    conversation: quotedTable(UIDS.conversation),
    message: quotedTable(UIDS.message),
  };
};

const linkTables = (strapi: Core.Strapi) => ({
  numberOffice: linkTable(strapi, UIDS.number, 'office'),
  numberInboxOffices: linkTable(strapi, UIDS.number, 'inboxOffices'),
  numberInboxAgents: linkTable(strapi, UIDS.number, 'inboxAgents'),
  campaignNumber: linkTable(strapi, UIDS.campaign, 'phoneNumber'),
  conversationContact: linkTable(strapi, UIDS.conversation, 'contact'),
  conversationNumber: linkTable(strapi, UIDS.conversation, 'phoneNumber'),
  conversationCampaign: linkTable(strapi, UIDS.conversation, 'campaign'),
  conversationInboxOffice: linkTable(strapi, UIDS.conversation, 'inboxOffice'),
  conversationInboxAgent: linkTable(strapi, UIDS.conversation, 'inboxAgent'),
  messageConversation: linkTable(strapi, UIDS.message, 'conversation'),
  messageThreads: linkTable(strapi, UIDS.message, 'threads'),
  messageNumber: linkTable(strapi, UIDS.message, 'phoneNumber'),
  messageContact: linkTable(strapi, UIDS.message, 'contact'),
  messageCampaign: linkTable(strapi, UIDS.message, 'campaign'),
});

/** What the statements name, read from Strapi's metadata: tables (quoted), link tables, and columns. */
interface Schema {
  tables: ReturnType<typeof tableNames>;
  links: ReturnType<typeof linkTables>;
  /** An attribute's column, quoted. */
  column: (uid: string, attribute: string) => string;
}

function readSchema(strapi: Core.Strapi): Schema {
  return {
    tables: tableNames(strapi),
    links: linkTables(strapi),
    column: (uid, attribute) => quoteIdentifier(columnName(strapi, uid, attribute)),
  };
}

// Each to-one relation of a conversation is a scalar subquery, not a LEFT JOIN: on fresh tables
// PostgreSQL multiplies its default guesses across the joins, estimates millions of rows and spends
// most of a second JIT-compiling the query.
/** The id the conversation `c`'s to-one relation points at. */
const relatedId = (link: LinkTable) => {
  const quoted = quoteLink(link);
  return `(select x.${quoted.otherColumn} from ${quoted.table} x where x.${quoted.ownColumn} = c.id limit 1)`;
};
/** A column of the row the conversation `c`'s to-one relation points at. */
const relatedField = (link: LinkTable, target: string, column: string) => {
  const quoted = quoteLink(link);
  return `(select t.${column} from ${target} t join ${quoted.table} x on t.id = x.${quoted.otherColumn} where x.${quoted.ownColumn} = c.id limit 1)`;
};

/** `count` untyped null columns, filling a row out to the snapshot's column layout. */
const nullColumns = (count: number) => Array(count).fill('null').join(', ');

/** The number's row with its office (kind n), for the number whose id is `numberId` (an SQL expression). */
function numberWithOffice({ tables, links, column }: Schema, numberId: string) {
  const office = quoteLink(links.numberOffice);
  return (
    `n.id as id, n.document_id as document_id, n.name as name, ` +
    `n.${column(UIDS.number, 'responseType')} as t1, o.document_id as t2, o.name as t3, o.${column(UIDS.office, 'helpText')} as t4, ` +
    `o.${column(UIDS.office, 'botFallback')} as t5, o.${column(UIDS.office, 'handoffKeywords')} as t6, ` +
    // typed nulls: PostgreSQL settles a UNION column's type on its first branches
    `o.id as i1, cast(null as integer) as i2, cast(null as integer) as i3, cast(null as boolean) as b1, cast(null as timestamp) as ts ` +
    `from ${tables.number} n left join ${office.table} l on l.${office.ownColumn} = n.id ` +
    `left join ${tables.office} o on o.id = l.${office.otherColumn} where n.id = ${numberId}`
  );
}

/** A number's inbox relation (link alias `l`) joined to the rows it points at (alias `t`), for the number whose id is `numberId`. */
function inboxJoin(link: LinkTable, target: string, numberId: string) {
  const quoted = quoteLink(link);
  return `${quoted.table} l join ${target} t on t.id = l.${quoted.otherColumn} where l.${quoted.ownColumn} = ${numberId}`;
}

/** A conversation's fields in the snapshot's columns: handler, status, inboxes' document_id and name (t1..t6), campaign and inbox ids (i1..i3). */
function conversationFields({ tables, links, column }: Schema, withAliases: boolean) {
  const as = (name: string) => (withAliases ? ` as ${name}` : '');
  return (
    `c.${column(UIDS.conversation, 'handler')}${as('t1')}, c.${column(UIDS.conversation, 'status')}${as('t2')}, ` +
    `${relatedField(links.conversationInboxOffice, tables.office, 'document_id')}${as('t3')}, ${relatedField(links.conversationInboxOffice, tables.office, 'name')}${as('t4')}, ` +
    `${relatedField(links.conversationInboxAgent, tables.agent, 'document_id')}${as('t5')}, ${relatedField(links.conversationInboxAgent, tables.agent, 'name')}${as('t6')}, ` +
    `${relatedId(links.conversationCampaign)}${as('i1')}, ${relatedId(links.conversationInboxOffice)}${as('i2')}, ${relatedId(links.conversationInboxAgent)}${as('i3')}`
  );
}

/** The id of the number whose phone is `phone` (an SQL expression). */
const numberByPhone = ({ tables, column }: Schema, phone: string) => `select id from ${tables.number} where ${column(UIDS.number, 'phoneNumber')} = ${phone}`;

/** The contact whose phone is `phone`: id, document_id, name, opted_out. */
const contactByPhone = ({ tables, column }: Schema, phone: string) =>
  `select id, document_id, name, ${column(UIDS.contact, 'optedOut')} as opted_out from ${tables.contact} where ${column(UIDS.contact, 'phoneNumber')} = ${phone}`;

/** Whether the campaign `k` is live: state active, archive time (the `?` binding: now) not passed. */
const campaignIsLive = ({ column }: Schema) => {
  const archiveAt = column(UIDS.campaign, 'archiveAt');
  return `k.${column(UIDS.campaign, 'state')} = 'active' and (k.${archiveAt} is null or k.${archiveAt} > ?)`;
};

/** The stored message `m` whose MessageUUID is `uuid`. */
const storedMessage = ({ tables, column }: Schema, uuid: string) => `from ${tables.message} m where m.${column(UIDS.message, 'messageUuid')} = ${uuid}`;

/*
 * Everything routing reads, in one round trip, inside the routing transaction: the number with its office
 * (kind n), its unsolicited inboxes (o, g), its live campaigns (p), the message if this MessageUUID is
 * already stored (d), the contact (a), and the contact's open conversations on the number (c), newest
 * first. Rows share one column layout:
 *   kind, id, document_id, name, t1..t6 (text), i1..i3 (integer), b1 (boolean), ts (timestamp)
 * It runs after the batch took the contact's lock (`lockContacts`), in a statement of its own, so on
 * PostgreSQL its snapshot already sees what the lock's previous holder committed.
 */
function snapshotStatement(schema: Schema) {
  const { tables, links, column } = schema;
  const campaignNumber = quoteLink(links.campaignNumber);
  const conversationContact = quoteLink(links.conversationContact);
  const conversationNumber = quoteLink(links.conversationNumber);
  const inboxBranch = (kind: string, link: LinkTable, target: string) =>
    `select '${kind}', t.id, t.document_id, t.name, ${nullColumns(11)} from ${inboxJoin(link, target, '(select id from pn)')}`;
  return (
    `with pn as (${numberByPhone(schema, '?')}), ct as (${contactByPhone(schema, '?')}) ` +
    // the number and its office
    `select 'n' as kind, ${numberWithOffice(schema, '(select id from pn)')} ` +
    `union all ${inboxBranch('o', links.numberInboxOffices, tables.office)} ` +
    `union all ${inboxBranch('g', links.numberInboxAgents, tables.agent)} ` +
    // live campaigns: state active, archive time not passed
    `union all select 'p', k.id, k.document_id, k.name, ${nullColumns(11)} ` +
    `from ${tables.campaign} k join ${campaignNumber.table} l on l.${campaignNumber.ownColumn} = k.id ` +
    `where l.${campaignNumber.otherColumn} = (select id from pn) and ${campaignIsLive(schema)} ` +
    // this MessageUUID when it is already stored (Plivo's retry of a text we kept): nothing to write
    `union all select 'd', m.id, m.document_id, null, ${nullColumns(11)} ${storedMessage(schema, '?')} ` +
    // the contact
    `union all select 'a', ct.id, ct.document_id, ct.name, ${nullColumns(9)}, ct.opted_out, null from ct ` +
    // its open conversations on the number
    `union all select 'c', c.id, c.document_id, null, ${conversationFields(schema, false)}, null, c.${column(UIDS.conversation, 'lastMessageAt')} ` +
    `from ${tables.conversation} c join ${conversationContact.table} lc on lc.${conversationContact.ownColumn} = c.id ` +
    `join ${conversationNumber.table} ln on ln.${conversationNumber.ownColumn} = c.id ` +
    `where lc.${conversationContact.otherColumn} = (select id from ct) and ln.${conversationNumber.otherColumn} = (select id from pn) ` +
    `and c.${column(UIDS.conversation, 'status')} = 'open' ` +
    `order by 1, 15 desc, 2 desc`
  );
}

// `offset 0` keeps each subquery from being pulled up into a join the planner may turn into a hash join.
const lateralJoin = (outer: string, select: string) => `from ${outer} cross join lateral (${select} offset 0) z`;

/*
 * The same read for every text of a batch at once (PostgreSQL; one prepared statement whatever the batch
 * size: the texts come as one JSON parameter). Each row carries a key, `k`: the number's phone for the
 * number's rows (n, o, g, p: read once per number, however many texts it got), the MessageUUID for d, the
 * contact's phone for a, and "contact number" for c. Every lookup is a LATERAL subquery driven by the
 * batch's few rows, run per row with its index: plain joins (or flattened subqueries) let the planner,
 * which cannot know the JSON's row count and sees young tables as tiny, hash-join whole tables (measured:
 * 5.4 ms per batch at 360 conversations, growing with the table).
 */
function snapshotBatchStatement(schema: Schema) {
  const { tables, links, column } = schema;
  const campaignNumber = quoteLink(links.campaignNumber);
  const conversationContact = quoteLink(links.conversationContact);
  const conversationNumber = quoteLink(links.conversationNumber);
  return (
    `with x as (select * from json_to_recordset(cast(? as json)) as x(to_n text, from_n text, uuid text)), ` +
    `pn as materialized (select s.phone, z.id ${lateralJoin('(select distinct to_n as phone from x) s', numberByPhone(schema, 's.phone'))}), ` +
    `ct as materialized (select s.phone, z.* ${lateralJoin('(select distinct from_n as phone from x) s', contactByPhone(schema, 's.phone'))}) ` +
    // the number and its office
    `select 'n' as kind, pn.phone as k, z.* ` +
    lateralJoin('pn', `select ${numberWithOffice(schema, 'pn.id')}`) +
    ` union all select 'o', pn.phone, z.*, ${nullColumns(11)} ` +
    lateralJoin('pn', `select t.id, t.document_id, t.name from ${inboxJoin(links.numberInboxOffices, tables.office, 'pn.id')}`) +
    ` union all select 'g', pn.phone, z.*, ${nullColumns(11)} ` +
    lateralJoin('pn', `select t.id, t.document_id, t.name from ${inboxJoin(links.numberInboxAgents, tables.agent, 'pn.id')}`) +
    // live campaigns: state active, archive time not passed
    ` union all select 'p', pn.phone, z.*, ${nullColumns(11)} ` +
    lateralJoin(
      'pn',
      `select k.id, k.document_id, k.name from ${campaignNumber.table} l join ${tables.campaign} k on k.id = l.${campaignNumber.ownColumn} ` +
        `where l.${campaignNumber.otherColumn} = pn.id and ${campaignIsLive(schema)}`
    ) +
    // texts of the batch already stored (Plivo's retries)
    ` union all select 'd', x.uuid, z.*, null, ${nullColumns(11)} ` +
    lateralJoin('x', `select m.id, m.document_id ${storedMessage(schema, 'x.uuid')}`) +
    // the contacts
    ` union all select 'a', ct.phone, ct.id, ct.document_id, ct.name, ${nullColumns(9)}, ct.opted_out, null from ct ` +
    // each contact's open conversations on the number it texted
    `union all select 'c', p.from_n || ' ' || p.to_n, z.id, z.document_id, null, z.t1, z.t2, z.t3, z.t4, z.t5, z.t6, z.i1, z.i2, z.i3, null, z.ts ` +
    lateralJoin(
      '(select distinct from_n, to_n from x) p join ct on ct.phone = p.from_n join pn on pn.phone = p.to_n',
      `select c.id, c.document_id, ${conversationFields(schema, true)}, c.${column(UIDS.conversation, 'lastMessageAt')} as ts ` +
        // the contact's conversations by its link's index, then each by its primary key
        `from (select lc.${conversationContact.ownColumn} as cid from ${conversationContact.table} lc where lc.${conversationContact.otherColumn} = ct.id offset 0) a ` +
        `cross join lateral (select * from ${tables.conversation} c0 where c0.id = a.cid offset 0) c ` +
        `where c.${column(UIDS.conversation, 'status')} = 'open' and exists (select 1 from ${conversationNumber.table} ln ` +
        `where ln.${conversationNumber.ownColumn} = c.id and ln.${conversationNumber.otherColumn} = pn.id)`
    ) +
    ` order by 1, 2, 16 desc, 3 desc`
  );
}

/** `insert into link (own, other)`: the start of a link row's insert, without its order columns. */
export const insertLinkInto = (link: LinkTable) => {
  const quoted = quoteLink(link);
  return `insert into ${quoted.table} (${quoted.ownColumn}, ${quoted.otherColumn})`;
};

/** `insert into table (columns…) values (?, …)`: the row Strapi would write, with one binding per column. */
const insertRow = (table: string, columns: string[]) =>
  `insert into ${table} (${columns.map(quoteIdentifier).join(', ')}) values (${columns.map(() => '?').join(', ')})`;

/** Columns of a row Strapi writes: documentId, the attributes' columns, then the timestamps and publishedAt. */
const rowColumns = (strapi: Core.Strapi, uid: string, attributes: string[]) => [
  'document_id',
  ...attributes.map((attribute) => columnName(strapi, uid, attribute)),
  'created_at',
  'updated_at',
  'published_at',
];

/** A message's link table (names quoted) with the columns a new link row fills: the order column too, if any. */
const messageLinkInsert = (link: LinkTable, withOrder: 'none' | 'own' | 'inverse') => {
  const quoted = quoteLink(link);
  const columns = [quoted.ownColumn, quoted.otherColumn];
  if (withOrder === 'own' && quoted.orderColumn) columns.push(quoted.orderColumn);
  if (withOrder === 'inverse' && quoted.inverseOrderColumn) columns.push(quoted.inverseOrderColumn);
  return { table: quoted.table, columns, quoted };
};

/*
 * A batch's messages with their relations in one prepared statement (PostgreSQL): the rows come as one JSON
 * parameter (`json_to_recordset`), so the statement has one shape whatever the batch size and each
 * connection plans it once — planning the old one-CTE-per-row statement cost as much as running it.
 * Ids follow the batch's order (`order by i`); each message's link rows join back by its documentId. A
 * conversation link's order column is the conversation's max so far plus the message's rank among this
 * statement's messages to it (`conv_seq`): the statement's own inserts are invisible to its subqueries.
 * Each touched conversation comes once (a statement may update a row only once).
 */
function insertBatchStatement({ tables, links, column }: Schema, messageColumns: string[]) {
  const conversationLink = quoteLink(links.messageConversation);
  const threadsLink = quoteLink(links.messageThreads);
  const plainLink = (link: LinkTable, source: string) => `${insertLinkInto(link)} select mid, ${source} from j where ${source} is not null`;
  const conversationLinkColumns = [conversationLink.ownColumn, conversationLink.otherColumn, ...(conversationLink.inverseOrderColumn ? [conversationLink.inverseOrderColumn] : [])];
  const conversationLinkValues = [
    'mid',
    'conv',
    // `+ 0`: a bare max() lets the planner walk the order column's index backwards, over every conversation's
    // links, until it meets this one (53 rows at 500 conversations, growing with the table); this way it
    // reads the conversation's own links by their index.
    ...(conversationLink.inverseOrderColumn
      ? [`(select coalesce(max(y.${conversationLink.inverseOrderColumn} + 0), 0) from ${conversationLink.table} y where y.${conversationLink.otherColumn} = j.conv) + j.conv_seq`]
      : []),
  ];
  const threadColumns = [threadsLink.ownColumn, threadsLink.otherColumn, ...(threadsLink.orderColumn ? [threadsLink.orderColumn] : [])];
  const threadValues = ['j.mid', 't.conv', ...(threadsLink.orderColumn ? ['t.ord'] : [])];
  return (
    `with x as (select * from json_to_recordset(cast(? as json)) as x(i integer, doc text, direction text, status text, ` +
    `body text, uuid text, from_n text, to_n text, intent text, units integer, routed_to jsonb, reason text, reply_to text, ` +
    `at timestamp, num integer, contact integer, campaign integer, conv integer, conv_seq integer)), ` +
    `m as (insert into ${tables.message} (${messageColumns.map(quoteIdentifier).join(', ')}) select doc, direction, status, body, uuid, ` +
    `from_n, to_n, intent, units, routed_to, reason, reply_to, at, at, at from x order by i returning id, document_id), ` +
    `j as (select m.id as mid, x.* from m join x on x.doc = m.document_id), ` +
    `ln as (${plainLink(links.messageNumber, 'num')}), lc as (${plainLink(links.messageContact, 'contact')}), ` +
    `lk as (${plainLink(links.messageCampaign, 'campaign')}), ` +
    `lv as (insert into ${conversationLink.table} (${conversationLinkColumns.join(', ')}) select ${conversationLinkValues.join(', ')} from j where conv is not null), ` +
    `lt as (insert into ${threadsLink.table} (${threadColumns.join(', ')}) select ${threadValues.join(', ')} from j ` +
    `join json_to_recordset(cast(? as json)) as t(doc text, conv integer, ord integer) on t.doc = j.doc), ` +
    `u as (update ${tables.conversation} c set ${column(UIDS.conversation, 'lastMessageAt')} = t.at, ${column(UIDS.conversation, 'lastMessagePreview')} = t.preview, ` +
    `updated_at = t.at from json_to_recordset(cast(? as json)) as t(id integer, at timestamp, preview text) where c.id = t.id) ` +
    `select 1`
  );
}

/** Every statement of the hot path, compiled from Strapi's metadata (on first use: `createSqlContext` in run.ts). */
export function compileStatements(strapi: Core.Strapi) {
  const schema = readSchema(strapi);
  const { tables, links, column } = schema;
  const contactPhone = column(UIDS.contact, 'phoneNumber');
  const optedOut = column(UIDS.contact, 'optedOut');
  const messageColumns = rowColumns(strapi, UIDS.message, [
    'direction',
    'status',
    'body',
    'messageUuid',
    'fromNumber',
    'toNumber',
    'intent',
    'units',
    'routedTo',
    'routingReason',
    'inReplyTo',
  ]);
  const conversationColumns = rowColumns(strapi, UIDS.conversation, ['status', 'handler', 'lastMessageAt']);

  return {
    tables,
    links,
    snapshot: snapshotStatement(schema),
    snapshotBatch: snapshotBatchStatement(schema),
    insertConversation: insertRow(tables.conversation, conversationColumns),
    insertContact:
      `insert into ${tables.contact} (document_id, ${contactPhone}, ${optedOut}, created_at, updated_at, published_at) ` +
      `values (?, ?, ?, ?, ?, ?) on conflict (${contactPhone}) do nothing`,
    // A batch's new contacts at once (PostgreSQL): `[{ doc, phone }]` as one JSON parameter.
    insertContacts:
      `insert into ${tables.contact} (document_id, ${contactPhone}, ${optedOut}, created_at, updated_at, published_at) ` +
      `select doc, phone, false, ?, ?, ? from json_to_recordset(cast(? as json)) as x(doc text, phone text) ` +
      `on conflict (${contactPhone}) do nothing`,
    touchConversations: (count: number) =>
      `update ${tables.conversation} set ${column(UIDS.conversation, 'lastMessageAt')} = ?, ${column(UIDS.conversation, 'lastMessagePreview')} = ?, updated_at = ? ` +
      `where id in (${Array(count).fill('?').join(', ')})`,
    insertMessage: insertRow(tables.message, messageColumns),
    insertBatch: insertBatchStatement(schema, messageColumns),
    messageExists: `select id from ${tables.message} where ${column(UIDS.message, 'messageUuid')} = ? limit 1`,
    touchNumber: `update ${tables.number} set ${column(UIDS.number, 'lastInboundAt')} = ? where id = ?`,
    messageLinks: {
      number: messageLinkInsert(links.messageNumber, 'none'),
      contact: messageLinkInsert(links.messageContact, 'none'),
      campaign: messageLinkInsert(links.messageCampaign, 'none'),
      conversation: messageLinkInsert(links.messageConversation, 'inverse'),
      threads: messageLinkInsert(links.messageThreads, 'own'),
    },
  };
}

export type Statements = ReturnType<typeof compileStatements>;

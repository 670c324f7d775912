import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { entityMeta, isPostgres, newDocumentId, UIDS } from '../../db';
import type { CampaignForRouting, NumberForRouting, Ref } from './effective';

/**
 * The webhook's hot path in plain SQL. Strapi's query engine costs one round trip per relation (and a
 * re-read after each write), and building a query with knex costs more CPU than running it; an inbound
 * text touches a dozen relations, which capped the webhook at a few dozen texts per second. So the
 * statements here are written once (per process, from Strapi's own metadata: a renamed attribute fails
 * loudly instead of writing to the wrong place) and run with bindings. Identifiers are double-quoted,
 * which PostgreSQL and SQLite both accept. Rows written here are the rows Strapi writes (documentId,
 * timestamps, publishedAt, link tables with their order columns).
 */

export interface Link {
  table: string;
  own: string;
  other: string;
  ord?: string;
  invOrd?: string;
}

export interface ConvRow {
  id: number;
  documentId: string;
  handler: 'bot' | 'agent';
  status: 'open' | 'closed';
  campaign: { id: number } | null;
  inboxOffice: Ref | null;
  inboxAgent: Ref | null;
}

export interface ContactLocked {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string | null;
  optedOut: boolean;
}

export interface Snapshot {
  number: NumberForRouting;
  liveCampaignIds: number[];
  contact: ContactLocked;
  open: ConvRow[];
}

export interface MessageInsert {
  direction: 'inbound' | 'outbound';
  status: string;
  body: string;
  messageUuid: string | null;
  fromNumber: string;
  toNumber: string;
  intent?: string | null;
  units?: number | null;
  routedTo?: unknown;
  routingReason?: string | null;
  inReplyTo?: string | null;
  phoneNumberId: number | null;
  contactId: number | null;
  campaignId: number | null;
  conversationId: number | null;
  threadIds: number[];
  /** Conversations whose last message this becomes (updated in the same statement on PostgreSQL). */
  touch?: { ids: number[]; preview: string };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/**
 * A Date as the pg driver sends a bound Date (the process's local wall time; a `timestamp` column ignores any
 * offset), for values that travel inside a JSON parameter: they store exactly what a bound Date stores.
 */
export const pgTimestamp = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:` +
  `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;

/** What the batch's read says of one text: its snapshot, a stored duplicate, not our number (null), or "read it alone" (undefined: a new contact). */
export type BatchSnapshot = Snapshot | 'duplicate' | null | undefined;

export function createSql(strapi: Core.Strapi) {
  const meta = (uid: string) => entityMeta(strapi, uid);
  const table = (uid: string) => meta(uid).tableName;
  const col = (uid: string, attr: string) => {
    const a = meta(uid).attributes[attr];
    if (!a) throw new Error(`[texting] ${uid} has no attribute ${attr}`);
    return a.columnName ?? attr;
  };
  const link = (uid: string, attr: string): Link => {
    const joinTable = meta(uid).attributes[attr]?.joinTable;
    if (!joinTable) throw new Error(`[texting] ${uid}.${attr} is not a relation with a join table`);
    return { table: joinTable.name, own: joinTable.joinColumn.name, other: joinTable.inverseJoinColumn.name, ord: joinTable.orderColumnName, invOrd: joinTable.inverseOrderColumnName };
  };
  const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
  const isPg = () => isPostgres(strapi);
  const knex = (): Knex => strapi.db.connection as unknown as Knex;

  /**
   * Runs a statement, whichever driver. On PostgreSQL it is a named prepared statement (knex hands
   * `options` to pg), so each pooled connection parses and plans it once: planning the routing read
   * costs more than running it.
   */
  const statementNames = new Map<string, string>();
  function run(runner: Knex | Knex.Transaction, sql: string, bindings: unknown[]) {
    const raw = runner.raw(sql, bindings as Knex.RawBinding[]);
    if (!isPg()) return raw;
    let name = statementNames.get(sql);
    if (!name) {
      name = `texting_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      statementNames.set(sql, name);
    }
    return (raw as unknown as { options(o: Record<string, unknown>): typeof raw }).options({ name });
  }

  /** Rows of a statement, whichever driver ran it. */
  async function rows(runner: Knex | Knex.Transaction, sql: string, bindings: unknown[]): Promise<Array<Record<string, unknown>>> {
    const res = (await run(runner, sql, bindings)) as unknown;
    if (Array.isArray(res)) return res as Array<Record<string, unknown>>;
    return ((res as { rows?: Array<Record<string, unknown>> }).rows ?? []) as Array<Record<string, unknown>>;
  }

  function compile() {
    const T = {
      number: q(table(UIDS.number)),
      office: q(table(UIDS.office)),
      agent: q(table(UIDS.agent)),
      campaign: q(table(UIDS.campaign)),
      contact: q(table(UIDS.contact)),
      conversation: q(table(UIDS.conversation)),
      message: q(table(UIDS.message)),
    };
    const L = {
      numberOffice: link(UIDS.number, 'office'),
      numberInboxOffices: link(UIDS.number, 'inboxOffices'),
      numberInboxAgents: link(UIDS.number, 'inboxAgents'),
      campaignNumber: link(UIDS.campaign, 'phoneNumber'),
      convContact: link(UIDS.conversation, 'contact'),
      convNumber: link(UIDS.conversation, 'phoneNumber'),
      convCampaign: link(UIDS.conversation, 'campaign'),
      convInboxOffice: link(UIDS.conversation, 'inboxOffice'),
      convInboxAgent: link(UIDS.conversation, 'inboxAgent'),
      msgConversation: link(UIDS.message, 'conversation'),
      msgThreads: link(UIDS.message, 'threads'),
      msgNumber: link(UIDS.message, 'phoneNumber'),
      msgContact: link(UIDS.message, 'contact'),
      msgCampaign: link(UIDS.message, 'campaign'),
    };
    const c = (uid: string, attr: string) => q(col(uid, attr));
    const pnPhone = c(UIDS.number, 'phoneNumber');
    const contactPhone = c(UIDS.contact, 'phoneNumber');
    const optedOut = c(UIDS.contact, 'optedOut');
    const lastMessageAt = c(UIDS.conversation, 'lastMessageAt');
    const convStatus = c(UIDS.conversation, 'status');

    const insertContact =
      `insert into ${T.contact} (document_id, ${contactPhone}, ${optedOut}, created_at, updated_at, published_at) ` +
      `values (?, ?, ?, ?, ?, ?) on conflict (${contactPhone}) do nothing`;
    // A batch's new contacts at once (PostgreSQL): `[{ doc, phone }]` as one JSON parameter.
    const insertContacts =
      `insert into ${T.contact} (document_id, ${contactPhone}, ${optedOut}, created_at, updated_at, published_at) ` +
      `select doc, phone, false, ?, ?, ? from json_to_recordset(cast(? as json)) as x(doc text, phone text) ` +
      `on conflict (${contactPhone}) do nothing`;

    // Each to-one relation of a conversation is a scalar subquery, not a LEFT JOIN: on fresh tables
    // PostgreSQL multiplies its default guesses across the joins, estimates millions of rows and spends
    // most of a second JIT-compiling the query.
    const one = (l: Link) => `(select x.${q(l.other)} from ${q(l.table)} x where x.${q(l.own)} = c.id limit 1)`;
    const field = (l: Link, target: string, column: string) =>
      `(select t.${column} from ${target} t join ${q(l.table)} x on t.id = x.${q(l.other)} where x.${q(l.own)} = c.id limit 1)`;

    /*
     * Everything routing reads, in one round trip, inside the routing transaction: the number with its office
     * (kind n), its unsolicited inboxes (o, g), its live campaigns (p), the message if this MessageUUID is
     * already stored (d), the contact (a), and the contact's open conversations on the number (c), newest
     * first. Rows share one column layout:
     *   kind, id, document_id, name, t1..t6 (text), i1..i3 (integer), b1 (boolean), ts (timestamp)
     * It runs after the batch took the contact's lock (`lockContacts`), in a statement of its own, so on
     * PostgreSQL its snapshot already sees what the lock's previous holder committed.
     */
    const NULLS = (n: number) => Array(n).fill('null').join(', ');
    const inboxBranch = (kind: string, l: Link, target: string) =>
      `select '${kind}', t.id, t.document_id, t.name, ${NULLS(11)} ` +
      `from ${q(l.table)} l join ${target} t on t.id = l.${q(l.other)} where l.${q(l.own)} = (select id from pn)`;
    const snapshot =
      `with pn as (select id from ${T.number} where ${pnPhone} = ?), ` +
      `ct as (select id, document_id, name, ${optedOut} as opted_out from ${T.contact} where ${contactPhone} = ?) ` +
      // the number and its office
      `select 'n' as kind, n.id as id, n.document_id as document_id, n.name as name, ` +
      `n.${c(UIDS.number, 'responseType')} as t1, o.document_id as t2, o.name as t3, o.${c(UIDS.office, 'helpText')} as t4, ` +
      `o.${c(UIDS.office, 'botFallback')} as t5, o.${c(UIDS.office, 'handoffKeywords')} as t6, ` +
      // typed nulls: PostgreSQL settles a UNION column's type on its first branches
      `o.id as i1, cast(null as integer) as i2, cast(null as integer) as i3, cast(null as boolean) as b1, ` +
      `cast(null as timestamp) as ts ` +
      `from ${T.number} n left join ${q(L.numberOffice.table)} l on l.${q(L.numberOffice.own)} = n.id ` +
      `left join ${T.office} o on o.id = l.${q(L.numberOffice.other)} where n.id = (select id from pn) ` +
      `union all ${inboxBranch('o', L.numberInboxOffices, T.office)} ` +
      `union all ${inboxBranch('g', L.numberInboxAgents, T.agent)} ` +
      // live campaigns: state active, archive time not passed
      `union all select 'p', k.id, k.document_id, k.name, ${NULLS(11)} ` +
      `from ${T.campaign} k join ${q(L.campaignNumber.table)} l on l.${q(L.campaignNumber.own)} = k.id ` +
      `where l.${q(L.campaignNumber.other)} = (select id from pn) and k.${c(UIDS.campaign, 'state')} = 'active' ` +
      `and (k.${c(UIDS.campaign, 'archiveAt')} is null or k.${c(UIDS.campaign, 'archiveAt')} > ?) ` +
      // this MessageUUID when it is already stored (Plivo's retry of a text we kept): nothing to write
      `union all select 'd', m.id, m.document_id, null, ${NULLS(11)} from ${T.message} m where m.${c(UIDS.message, 'messageUuid')} = ? ` +
      // the contact
      `union all select 'a', ct.id, ct.document_id, ct.name, ${NULLS(9)}, ct.opted_out, null from ct ` +
      // its open conversations on the number
      `union all select 'c', c.id, c.document_id, null, c.${c(UIDS.conversation, 'handler')}, c.${convStatus}, ` +
      `${field(L.convInboxOffice, T.office, 'document_id')}, ${field(L.convInboxOffice, T.office, 'name')}, ` +
      `${field(L.convInboxAgent, T.agent, 'document_id')}, ${field(L.convInboxAgent, T.agent, 'name')}, ` +
      `${one(L.convCampaign)}, ${one(L.convInboxOffice)}, ${one(L.convInboxAgent)}, null, c.${lastMessageAt} ` +
      `from ${T.conversation} c join ${q(L.convContact.table)} lc on lc.${q(L.convContact.own)} = c.id ` +
      `join ${q(L.convNumber.table)} ln on ln.${q(L.convNumber.own)} = c.id ` +
      `where lc.${q(L.convContact.other)} = (select id from ct) and ln.${q(L.convNumber.other)} = (select id from pn) ` +
      `and c.${convStatus} = 'open' ` +
      `order by 1, 15 desc, 2 desc`;

    /*
     * The same read for every text of a batch at once (PostgreSQL; one prepared statement whatever the batch
     * size: the texts come as one JSON parameter). Each row carries a key, `k`: the number's phone for the
     * number's rows (n, o, g, p: read once per number, however many texts it got), the MessageUUID for d, the
     * contact's phone for a, and "contact number" for c. Every lookup is a LATERAL subquery driven by the
     * batch's few rows, run per row with its index: plain joins (or flattened subqueries) let the planner,
     * which cannot know the JSON's row count and sees young tables as tiny, hash-join whole tables (measured:
     * 5.4 ms per batch at 360 conversations, growing with the table).
     */
    // `offset 0` keeps each subquery from being pulled up into a join the planner may turn into a hash join.
    const lateral = (outer: string, select: string) => `from ${outer} cross join lateral (${select} offset 0) z`;
    const snapshotBatch =
      `with x as (select * from json_to_recordset(cast(? as json)) as x(to_n text, from_n text, uuid text)), ` +
      `pn as materialized (select s.phone, z.id ${lateral('(select distinct to_n as phone from x) s', `select id from ${T.number} where ${pnPhone} = s.phone`)}), ` +
      `ct as materialized (select s.phone, z.* ${lateral('(select distinct from_n as phone from x) s', `select id, document_id, name, ${optedOut} as opted_out from ${T.contact} where ${contactPhone} = s.phone`)}) ` +
      // the number and its office
      `select 'n' as kind, pn.phone as k, z.* ` +
      lateral(
        'pn',
        `select n.id as id, n.document_id as document_id, n.name as name, ` +
          `n.${c(UIDS.number, 'responseType')} as t1, o.document_id as t2, o.name as t3, o.${c(UIDS.office, 'helpText')} as t4, ` +
          `o.${c(UIDS.office, 'botFallback')} as t5, o.${c(UIDS.office, 'handoffKeywords')} as t6, ` +
          `o.id as i1, cast(null as integer) as i2, cast(null as integer) as i3, cast(null as boolean) as b1, cast(null as timestamp) as ts ` +
          `from ${T.number} n left join ${q(L.numberOffice.table)} l on l.${q(L.numberOffice.own)} = n.id ` +
          `left join ${T.office} o on o.id = l.${q(L.numberOffice.other)} where n.id = pn.id`
      ) +
      ` union all select 'o', pn.phone, z.*, ${NULLS(11)} ` +
      lateral('pn', `select t.id, t.document_id, t.name from ${q(L.numberInboxOffices.table)} l join ${T.office} t on t.id = l.${q(L.numberInboxOffices.other)} where l.${q(L.numberInboxOffices.own)} = pn.id`) +
      ` union all select 'g', pn.phone, z.*, ${NULLS(11)} ` +
      lateral('pn', `select t.id, t.document_id, t.name from ${q(L.numberInboxAgents.table)} l join ${T.agent} t on t.id = l.${q(L.numberInboxAgents.other)} where l.${q(L.numberInboxAgents.own)} = pn.id`) +
      // live campaigns: state active, archive time not passed
      ` union all select 'p', pn.phone, z.*, ${NULLS(11)} ` +
      lateral(
        'pn',
        `select k.id, k.document_id, k.name from ${q(L.campaignNumber.table)} l join ${T.campaign} k on k.id = l.${q(L.campaignNumber.own)} ` +
          `where l.${q(L.campaignNumber.other)} = pn.id and k.${c(UIDS.campaign, 'state')} = 'active' ` +
          `and (k.${c(UIDS.campaign, 'archiveAt')} is null or k.${c(UIDS.campaign, 'archiveAt')} > ?)`
      ) +
      // texts of the batch already stored (Plivo's retries)
      ` union all select 'd', x.uuid, z.*, null, ${NULLS(11)} ` +
      lateral('x', `select m.id, m.document_id from ${T.message} m where m.${c(UIDS.message, 'messageUuid')} = x.uuid`) +
      // the contacts
      ` union all select 'a', ct.phone, ct.id, ct.document_id, ct.name, ${NULLS(9)}, ct.opted_out, null from ct ` +
      // each contact's open conversations on the number it texted
      `union all select 'c', p.from_n || ' ' || p.to_n, z.id, z.document_id, null, z.t1, z.t2, z.t3, z.t4, z.t5, z.t6, z.i1, z.i2, z.i3, null, z.ts ` +
      lateral(
        '(select distinct from_n, to_n from x) p join ct on ct.phone = p.from_n join pn on pn.phone = p.to_n',
        `select c.id, c.document_id, c.${c(UIDS.conversation, 'handler')} as t1, c.${convStatus} as t2, ` +
          `${field(L.convInboxOffice, T.office, 'document_id')} as t3, ${field(L.convInboxOffice, T.office, 'name')} as t4, ` +
          `${field(L.convInboxAgent, T.agent, 'document_id')} as t5, ${field(L.convInboxAgent, T.agent, 'name')} as t6, ` +
          `${one(L.convCampaign)} as i1, ${one(L.convInboxOffice)} as i2, ${one(L.convInboxAgent)} as i3, c.${lastMessageAt} as ts ` +
          // the contact's conversations by its link's index, then each by its primary key
          `from (select lc.${q(L.convContact.own)} as cid from ${q(L.convContact.table)} lc where lc.${q(L.convContact.other)} = ct.id offset 0) a ` +
          `cross join lateral (select * from ${T.conversation} c0 where c0.id = a.cid offset 0) c ` +
          `where c.${convStatus} = 'open' and exists (select 1 from ${q(L.convNumber.table)} ln ` +
          `where ln.${q(L.convNumber.own)} = c.id and ln.${q(L.convNumber.other)} = pn.id)`
      ) +
      ` order by 1, 2, 16 desc, 3 desc`;

    const touchConversations = (count: number) =>
      `update ${T.conversation} set ${lastMessageAt} = ?, ${c(UIDS.conversation, 'lastMessagePreview')} = ?, updated_at = ? ` +
      `where id in (${Array(count).fill('?').join(', ')})`;

    const messageColumns = [
      'document_id',
      col(UIDS.message, 'direction'),
      col(UIDS.message, 'status'),
      col(UIDS.message, 'body'),
      col(UIDS.message, 'messageUuid'),
      col(UIDS.message, 'fromNumber'),
      col(UIDS.message, 'toNumber'),
      col(UIDS.message, 'intent'),
      col(UIDS.message, 'units'),
      col(UIDS.message, 'routedTo'),
      col(UIDS.message, 'routingReason'),
      col(UIDS.message, 'inReplyTo'),
      'created_at',
      'updated_at',
      'published_at',
    ];
    /** `insert into table (columns…) values (?, …)`: the row Strapi would write, with one binding per column. */
    const insertRow = (table: string, columns: string[]) =>
      `insert into ${table} (${columns.map(q).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
    const insertMessage = insertRow(T.message, messageColumns);
    const linkInsert = (l: Link, withOrd: 'none' | 'own' | 'inverse') => {
      const cols = [q(l.own), q(l.other)];
      if (withOrd === 'own' && l.ord) cols.push(q(l.ord));
      if (withOrd === 'inverse' && l.invOrd) cols.push(q(l.invOrd));
      return { table: q(l.table), cols, l };
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
    const LV = L.msgConversation;
    const LT = L.msgThreads;
    const plainLink = (l: Link, column: string) =>
      `insert into ${q(l.table)} (${q(l.own)}, ${q(l.other)}) select mid, ${column} from j where ${column} is not null`;
    const convLinkCols = [q(LV.own), q(LV.other), ...(LV.invOrd ? [q(LV.invOrd)] : [])];
    const convLinkValues = [
      'mid',
      'conv',
      // `+ 0`: a bare max() lets the planner walk the order column's index backwards, over every conversation's
      // links, until it meets this one (53 rows at 500 conversations, growing with the table); this way it
      // reads the conversation's own links by their index.
      ...(LV.invOrd ? [`(select coalesce(max(y.${q(LV.invOrd)} + 0), 0) from ${q(LV.table)} y where y.${q(LV.other)} = j.conv) + j.conv_seq`] : []),
    ];
    const threadCols = [q(LT.own), q(LT.other), ...(LT.ord ? [q(LT.ord)] : [])];
    const threadValues = ['j.mid', 't.conv', ...(LT.ord ? ['t.ord'] : [])];
    const insertBatch =
      `with x as (select * from json_to_recordset(cast(? as json)) as x(i integer, doc text, direction text, status text, ` +
      `body text, uuid text, from_n text, to_n text, intent text, units integer, routed_to jsonb, reason text, reply_to text, ` +
      `at timestamp, num integer, contact integer, campaign integer, conv integer, conv_seq integer)), ` +
      `m as (insert into ${T.message} (${messageColumns.map(q).join(', ')}) select doc, direction, status, body, uuid, ` +
      `from_n, to_n, intent, units, routed_to, reason, reply_to, at, at, at from x order by i returning id, document_id), ` +
      `j as (select m.id as mid, x.* from m join x on x.doc = m.document_id), ` +
      `ln as (${plainLink(L.msgNumber, 'num')}), lc as (${plainLink(L.msgContact, 'contact')}), ` +
      `lk as (${plainLink(L.msgCampaign, 'campaign')}), ` +
      `lv as (insert into ${q(LV.table)} (${convLinkCols.join(', ')}) select ${convLinkValues.join(', ')} from j where conv is not null), ` +
      `lt as (insert into ${q(LT.table)} (${threadCols.join(', ')}) select ${threadValues.join(', ')} from j ` +
      `join json_to_recordset(cast(? as json)) as t(doc text, conv integer, ord integer) on t.doc = j.doc), ` +
      `u as (update ${T.conversation} c set ${lastMessageAt} = t.at, ${c(UIDS.conversation, 'lastMessagePreview')} = t.preview, ` +
      `updated_at = t.at from json_to_recordset(cast(? as json)) as t(id integer, at timestamp, preview text) where c.id = t.id) ` +
      `select 1`;

    const insertConversation = insertRow(T.conversation, [
      'document_id',
      col(UIDS.conversation, 'status'),
      col(UIDS.conversation, 'handler'),
      col(UIDS.conversation, 'lastMessageAt'),
      'created_at',
      'updated_at',
      'published_at',
    ]);

    return {
      T,
      L,
      snapshot,
      snapshotBatch,
      insertConversation,
      insertContact,
      insertContacts,
      touchConversations,
      insertMessage,
      insertBatch,
      messageExists: `select id from ${T.message} where ${c(UIDS.message, 'messageUuid')} = ? limit 1`,
      touchNumber: `update ${T.number} set ${c(UIDS.number, 'lastInboundAt')} = ? where id = ?`,
      links: {
        number: linkInsert(L.msgNumber, 'none'),
        contact: linkInsert(L.msgContact, 'none'),
        campaign: linkInsert(L.msgCampaign, 'none'),
        conversation: linkInsert(L.msgConversation, 'inverse'),
        threads: linkInsert(L.msgThreads, 'own'),
      },
    };
  }
  let compiled: ReturnType<typeof compile> | null = null;
  const statements = () => (compiled ??= compile());

  const str = (v: unknown) => (v == null ? null : String(v));
  const ref = (x: Record<string, unknown>): Ref => ({ id: Number(x.id), documentId: String(x.document_id), name: String(x.name) });

  async function messageExists(messageUuid: string, runner: Knex | Knex.Transaction = knex()): Promise<boolean> {
    return (await rows(runner, statements().messageExists, [messageUuid])).length > 0;
  }

  function parseSnapshot(list: Array<Record<string, unknown>>, to: string, from: string): Omit<Snapshot, 'contact'> & { contact: ContactLocked | null } {
    const r = list.find((x) => x.kind === 'n')!;
    const contactRow = list.find((x) => x.kind === 'a');
    return {
      number: {
        id: Number(r.id),
        documentId: String(r.document_id),
        phoneNumber: to,
        name: str(r.name),
        responseType: r.t1 === 'agent' ? 'agent' : 'bot',
        office: r.i1
          ? {
              id: Number(r.i1),
              documentId: String(r.t2),
              name: String(r.t3),
              helpText: str(r.t4),
              botFallback: str(r.t5),
              handoffKeywords: str(r.t6),
            }
          : null,
        inboxOffices: list.filter((x) => x.kind === 'o').map(ref),
        inboxAgents: list.filter((x) => x.kind === 'g').map(ref),
      },
      liveCampaignIds: list.filter((x) => x.kind === 'p').map((x) => Number(x.id)),
      contact: contactRow
        ? {
            id: Number(contactRow.id),
            documentId: String(contactRow.document_id),
            phoneNumber: from,
            name: str(contactRow.name),
            optedOut: Boolean(contactRow.b1),
          }
        : null,
      open: list
        .filter((x) => x.kind === 'c')
        .map((x) => ({
          id: Number(x.id),
          documentId: String(x.document_id),
          handler: x.t1 === 'bot' ? 'bot' : 'agent',
          status: x.t2 === 'closed' ? 'closed' : 'open',
          campaign: x.i1 ? { id: Number(x.i1) } : null,
          inboxOffice: x.i2 ? { id: Number(x.i2), documentId: String(x.t3), name: String(x.t4) } : null,
          inboxAgent: x.i3 ? { id: Number(x.i3), documentId: String(x.t5), name: String(x.t6) } : null,
        })),
    };
  }

  /**
   * What routing needs, read in the routing transaction (see `snapshot` above). The contact is created on
   * first contact (`ON CONFLICT DO NOTHING`: a campaign import may create it at the same moment). 'duplicate'
   * when this MessageUUID is already stored; null when the number is not ours.
   */
  async function snapshot(trx: Knex.Transaction, to: string, from: string, now: Date, messageUuid: string): Promise<Snapshot | 'duplicate' | null> {
    const sqlText = statements();
    const bindings = [to, from, now, messageUuid];
    let list = await rows(trx, sqlText.snapshot, bindings);
    if (list.some((x) => x.kind === 'd')) return 'duplicate';
    if (!list.some((x) => x.kind === 'n')) return null;
    if (!list.some((x) => x.kind === 'a')) {
      await run(trx, sqlText.insertContact, [newDocumentId(), from, false, now, now, now]);
      list = await rows(trx, sqlText.snapshot, bindings);
    }
    const snap = parseSnapshot(list, to, from);
    if (!snap.contact) throw new Error(`[texting] could not create the contact ${from}`);
    return snap as Snapshot;
  }

  /**
   * `snapshot` for every text of a batch in one statement (PostgreSQL; SQLite answers null: there each text
   * reads alone, in process). Taken after the batch holds its contacts' locks; the contacts of texts to our
   * numbers are created first when new (`ON CONFLICT DO NOTHING`, as `snapshot` does). A contact's second
   * text in the batch must read alone (after its first text's writes); the caller sees to that.
   */
  async function snapshots(trx: Knex.Transaction, texts: Array<{ to: string; from: string; uuid: string }>, now: Date): Promise<BatchSnapshot[] | null> {
    if (!isPg()) return null;
    const sqlText = statements();
    const input = JSON.stringify(texts.map((t) => ({ to_n: t.to, from_n: t.from, uuid: t.uuid })));
    let read = parseBatch(await rows(trx, sqlText.snapshotBatch, [input, now]), texts);
    // First texts of new contacts: create them all in one statement, then read again.
    const missing = [...new Set(texts.filter((_, i) => read[i] === undefined).map((t) => t.from))];
    if (missing.length) {
      const created = JSON.stringify(missing.map((phone) => ({ doc: newDocumentId(), phone })));
      await run(trx, sqlText.insertContacts, [now, now, now, created]);
      read = parseBatch(await rows(trx, sqlText.snapshotBatch, [input, now]), texts);
    }
    return read;
  }

  function parseBatch(found: Array<Record<string, unknown>>, texts: Array<{ to: string; from: string; uuid: string }>): BatchSnapshot[] {
    const byKey = new Map<string, Array<Record<string, unknown>>>();
    for (const r of found) {
      const key = `${String(r.kind)} ${String(r.k)}`;
      const group = byKey.get(key);
      if (group) group.push(r);
      else byKey.set(key, [r]);
    }
    const of = (kind: string, key: string) => byKey.get(`${kind} ${key}`) ?? [];
    return texts.map((t) => {
      if (byKey.has(`d ${t.uuid}`)) return 'duplicate';
      if (!byKey.has(`n ${t.to}`)) return null;
      if (!byKey.has(`a ${t.from}`)) return undefined;
      const list = [...of('n', t.to), ...of('o', t.to), ...of('g', t.to), ...of('p', t.to), ...of('a', t.from), ...of('c', `${t.from} ${t.to}`)];
      return parseSnapshot(list, t.to, t.from) as Snapshot;
    });
  }

  /**
   * Serialises routing per contact across batches and instances: PostgreSQL transaction-scoped advisory
   * locks, one per contact number (a 64-bit hash of it), taken in one statement in key order (two batches sharing contacts
   * cannot deadlock). Unlike `SELECT … FOR UPDATE` on the contact row it writes nothing (no tuple lock,
   * no WAL record), and it also covers a contact that does not exist yet. SQLite runs one writer at a
   * time, so there it is a no-op.
   */
  async function lockContacts(trx: Knex.Transaction, phones: string[]) {
    if (!isPg() || !phones.length) return;
    // One prepared statement whatever the count: the phones come as one JSON array.
    await run(
      trx,
      `select pg_advisory_xact_lock(k) from (select distinct hashtextextended('texting:contact:' || p, 0) as k ` +
        `from json_array_elements_text(cast(? as json)) as v(p) order by k) s`,
      [JSON.stringify([...new Set(phones)])]
    );
  }

  async function touchConversations(trx: Knex | Knex.Transaction, ids: number[], now: Date, preview: string) {
    if (!ids.length) return;
    await run(trx, statements().touchConversations(ids.length), [now, preview, now, ...ids]);
  }

  async function touchNumber(numberId: number, now: Date) {
    await run(knex(), statements().touchNumber, [now, numberId]);
  }

  /**
   * Opens a conversation with its relations: what `strapi.db.query(conversation).create` writes (the row,
   * then one link row per relation, the links' order columns left null as for messages), in one statement
   * on PostgreSQL instead of one per table.
   */
  async function openConversation(
    trx: Knex.Transaction,
    c: { contactId: number; numberId: number; campaignId: number | null; handler: 'bot' | 'agent'; inboxOfficeId: number | null; inboxAgentId: number | null },
    now: Date
  ): Promise<{ id: number; documentId: string }> {
    const { insertConversation, L } = statements();
    const documentId = newDocumentId();
    const values = [documentId, 'open', c.handler, now, now, now, now];
    const links = (
      [
        [L.convContact, c.contactId],
        [L.convNumber, c.numberId],
        [L.convCampaign, c.campaignId],
        [L.convInboxOffice, c.inboxOfficeId],
        [L.convInboxAgent, c.inboxAgentId],
      ] as Array<[Link, number | null]>
    ).filter((x): x is [Link, number] => x[1] != null);
    const linkInsert = (l: Link) => `insert into ${q(l.table)} (${q(l.own)}, ${q(l.other)})`;
    if (isPg()) {
      const ctes = [`c as (${insertConversation} returning id)`, ...links.map(([l], i) => `l${i} as (${linkInsert(l)} select c.id, ? from c)`)];
      const [row] = await rows(trx, `with ${ctes.join(', ')} select id from c`, [...values, ...links.map(([, id]) => id)]);
      return { id: Number(row.id), documentId };
    }
    const [row] = await rows(trx, `${insertConversation} returning id`, values);
    const id = Number(row.id);
    for (const [l, other] of links) await trx.raw(`${linkInsert(l)} values (?, ?)`, [id, other]);
    return { id, documentId };
  }

  // [statement parts, bindings] of each link row of a message, `ID` standing for the new message's id.
  const ID = Symbol('message id');
  type LinkRow = { table: string; cols: string[]; values: Array<unknown | typeof ID>; ordOf?: { table: string; column: string; where: string; id: number } };

  function messageRow(m: MessageInsert, now: Date) {
    const sqlText = statements();
    const values: unknown[] = [
      newDocumentId(),
      m.direction,
      m.status,
      m.body,
      m.messageUuid,
      m.fromNumber,
      m.toNumber,
      m.intent ?? null,
      m.units ?? null,
      m.routedTo === undefined ? null : JSON.stringify(m.routedTo),
      m.routingReason ?? null,
      m.inReplyTo ?? null,
      now,
      now,
      now,
    ];
    const linkRows: LinkRow[] = [];
    const plain = (k: 'number' | 'contact' | 'campaign', other: number | null) => {
      if (other == null) return;
      const x = sqlText.links[k];
      linkRows.push({ table: x.table, cols: x.cols, values: [ID, other] });
    };
    plain('number', m.phoneNumberId);
    plain('contact', m.contactId);
    plain('campaign', m.campaignId);
    if (m.conversationId != null) {
      const x = sqlText.links.conversation;
      linkRows.push({
        table: x.table,
        cols: x.cols,
        values: [ID, m.conversationId],
        ordOf: x.l.invOrd ? { table: x.table, column: q(x.l.invOrd), where: q(x.l.other), id: m.conversationId } : undefined,
      });
    }
    m.threadIds.forEach((cid, i) => {
      const x = sqlText.links.threads;
      linkRows.push({ table: x.table, cols: x.cols, values: x.l.ord ? [ID, cid, i + 1] : [ID, cid] });
    });
    return { values, linkRows };
  }

  /**
   * Inserts messages with their relations (and moves their conversations' last-message fields), in order.
   * On PostgreSQL it is one prepared statement for all of them (`insertBatch`: one round trip for a whole
   * group commit); on SQLite, in-process, one statement per table. A duplicate MessageUUID raises the unique violation of `texting_msg_uuid_uq`, which the
   * caller turns into "already received".
   */
  async function insertMessages(trx: Knex | Knex.Transaction, list: Array<{ message: MessageInsert; now: Date }>): Promise<void> {
    if (!list.length) return;
    const sqlText = statements();
    if (isPg()) {
      const messages: Array<Record<string, unknown>> = [];
      const threads: Array<{ doc: string; conv: number; ord: number }> = [];
      // Messages joining the same conversation in one statement read the same max(order): number them on.
      const convSeq = new Map<number, number>();
      // Each conversation is touched once, by its last message.
      const lastTouch = new Map<number, { at: string; preview: string }>();
      list.forEach(({ message: m, now }, i) => {
        const doc = newDocumentId();
        const at = pgTimestamp(now);
        let seq: number | null = null;
        if (m.conversationId != null) {
          seq = (convSeq.get(m.conversationId) ?? 0) + 1;
          convSeq.set(m.conversationId, seq);
        }
        messages.push({
          i,
          doc,
          direction: m.direction,
          status: m.status,
          body: m.body,
          uuid: m.messageUuid,
          from_n: m.fromNumber,
          to_n: m.toNumber,
          intent: m.intent ?? null,
          units: m.units ?? null,
          routed_to: m.routedTo ?? null,
          reason: m.routingReason ?? null,
          reply_to: m.inReplyTo ?? null,
          at,
          num: m.phoneNumberId,
          contact: m.contactId,
          campaign: m.campaignId,
          conv: m.conversationId,
          conv_seq: seq,
        });
        m.threadIds.forEach((conv, k) => threads.push({ doc, conv, ord: k + 1 }));
        for (const id of m.touch?.ids ?? []) lastTouch.set(id, { at, preview: m.touch!.preview });
      });
      const touches = [...lastTouch].map(([id, t]) => ({ id, at: t.at, preview: t.preview }));
      await run(trx, sqlText.insertBatch, [JSON.stringify(messages), JSON.stringify(threads), JSON.stringify(touches)]);
      return;
    }

    for (const { message: m, now } of list) {
      const { values, linkRows } = messageRow(m, now);
      const [row] = await rows(trx, `${sqlText.insertMessage} returning id`, values);
      const id = Number(row.id);
      for (const r of linkRows) {
        const vals = r.values.map((v) => (v === ID ? id : v));
        if (r.ordOf) {
          const [max] = await rows(trx, `select coalesce(max(${r.ordOf.column}), 0) + 1 as n from ${r.ordOf.table} where ${r.ordOf.where} = ?`, [r.ordOf.id]);
          vals.push(Number(max.n));
        }
        await trx.raw(`insert into ${r.table} (${r.cols.join(', ')}) values (${vals.map(() => '?').join(', ')})`, vals as Knex.RawBinding[]);
      }
      if (m.touch) await touchConversations(trx, m.touch.ids, now, m.touch.preview);
    }
  }

  return { isPg, snapshot, snapshots, lockContacts, openConversation, messageExists, insertMessages, touchNumber };
}

export type Sql = ReturnType<typeof createSql>;
export type { CampaignForRouting };

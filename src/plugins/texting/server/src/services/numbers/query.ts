import type { Knex } from 'knex';
import { digitsOf } from '../../utils/phone';
import type { Direction, SortColumn, ViewQuery } from '../../validation/phone-numbers';
import type { Tables } from '../../db';
import { RATE_EXPR, whereNeedsAttention } from './health';
import { NAME_SEARCH_COLUMN } from './indexes';

/**
 * The Phone Numbers view as SQL: filters, search and sort all run in the database (PostgreSQL and SQLite
 * alike), so a page costs about the same at 50 rows or 50,000. Aliases: `pn` the number, `o` its office,
 * `ag` its agent, `ac` its active campaign (at most one per number).
 */

export interface Sql {
  knex: Knex;
  t: Tables;
  client: string;
  /** The clock of the "Needs attention" filter (pending for more than 10 days); one per request. */
  now?: Date;
}

const nowOf = (sql: Sql) => sql.now ?? new Date();

/** Columns every list/export row carries, under the names rows.ts reads. */
export const ROW_COLUMNS = {
  id: 'pn.id',
  documentId: 'pn.document_id',
  phoneNumber: 'pn.phone_number',
  name: 'pn.name',
  description: 'pn.description',
  responseType: 'pn.response_type',
  numberType: 'pn.number_type',
  status: 'pn.provider_status',
  statusReason: 'pn.status_reason',
  agentDocumentId: 'ag.document_id',
  agentName: 'ag.name',
  officeDocumentId: 'o.document_id',
  officeName: 'o.name',
  campaignId: 'ac.id',
  campaignDocumentId: 'ac.document_id',
  campaignName: 'ac.name',
  campaignArchiveAt: 'ac.archive_at',
  // Health (health.ts): stored by routing (last inbound) and by the 7-day figures' refresh.
  lastInboundAt: 'pn.last_inbound_at',
  numberCreatedAt: 'pn.created_at',
  weekOutcomes: 'pn.week_outcomes',
  weekDelivered: 'pn.week_delivered',
} as const;

type Join = 'office' | 'agent' | 'campaign';

/** The numbers' active campaign (a number has at most one), as a joinable derived table. */
function activeCampaigns({ knex, t }: Sql) {
  const campaignLink = t.campaignNumber;
  return knex({ cl: campaignLink.table })
    .join({ c: t.campaigns }, 'c.id', `cl.${campaignLink.owner}`)
    .where('c.state', 'active')
    .select({ pnid: `cl.${campaignLink.target}`, id: 'c.id', document_id: 'c.document_id', name: 'c.name', archive_at: 'c.archive_at' })
    .as('ac');
}

function join(sql: Sql, qb: Knex.QueryBuilder, what: Join) {
  const { t } = sql;
  if (what === 'office') {
    qb.leftJoin({ pol: t.numberOffice.table }, `pol.${t.numberOffice.owner}`, 'pn.id').leftJoin({ o: t.offices }, 'o.id', `pol.${t.numberOffice.target}`);
  } else if (what === 'agent') {
    qb.leftJoin({ pal: t.numberAgent.table }, `pal.${t.numberAgent.owner}`, 'pn.id').leftJoin({ ag: t.agents }, 'ag.id', `pal.${t.numberAgent.target}`);
  } else {
    qb.leftJoin(activeCampaigns(sql), 'ac.pnid', 'pn.id');
  }
  return qb;
}

/**
 * The view's rows with every column the list shows, unordered; with `scheduled`, also each number's count
 * of scheduled campaigns (a correlated count: meant for a page of rows, not for the whole view).
 */
export function rowsQuery(sql: Sql, options: { scheduled?: boolean } = {}) {
  const { knex, t } = sql;
  const qb = knex({ pn: t.numbers });
  for (const j of ['office', 'agent', 'campaign'] as const) join(sql, qb, j);
  qb.select(ROW_COLUMNS);
  if (options.scheduled) {
    const campaignLink = t.campaignNumber;
    qb.select({
      scheduledCampaignCount: knex({ sl: campaignLink.table })
        .join({ sc: t.campaigns }, 'sc.id', `sl.${campaignLink.owner}`)
        .where(`sl.${campaignLink.target}`, knex.ref('pn.id'))
        .where('sc.state', 'scheduled')
        .count('*'),
    });
  }
  return qb;
}

/** Sort expression of each column (text sorts ignore case) and the join it needs. */
const SORT: Record<Exclude<SortColumn, 'phoneNumber'>, { expr: string; join?: Join }> = {
  name: { expr: 'lower(pn.name)' },
  // An empty description sorts with the missing ones. The first 100 characters decide (then the number),
  // so that the expression can be indexed whatever a description's length.
  description: { expr: "nullif(lower(substr(pn.description, 1, 100)), '')" },
  agent: { expr: 'lower(ag.name)', join: 'agent' },
  office: { expr: 'lower(o.name)', join: 'office' },
  responseType: { expr: 'pn.response_type' },
  activeCampaign: { expr: 'lower(ac.name)', join: 'campaign' },
  campaignArchiveAt: { expr: 'ac.archive_at', join: 'campaign' },
  numberType: { expr: 'pn.number_type' },
  lastInboundAt: { expr: 'pn.last_inbound_at' },
  deliveryRate7d: { expr: RATE_EXPR },
};

/** The ORDER BY expression of a column (nulls last is the caller's). */
export const sortExpr = (column: SortColumn) => (column === 'phoneNumber' ? 'pn.phone_number' : SORT[column].expr);

/** Just the number ids, with only the join the sort needs: a page is chosen on these, then its rows are read. */
export function keysQuery(sql: Sql, column: SortColumn) {
  const qb = sql.knex({ pn: sql.t.numbers }).select('pn.id');
  const j = column === 'phoneNumber' ? undefined : SORT[column].join;
  return j ? join(sql, qb, j) : qb;
}

/**
 * A sort splits the view into segments read one after the other: the rows whose sort key is set, in key
 * order (ties by number), then the rows without one, by number — "nulls last" in both directions. Each
 * segment's ORDER BY is a plain index order, so PostgreSQL walks an index (or the active campaigns, for
 * the campaign columns) and stops after a page instead of joining and sorting every number.
 */
export interface Segment {
  /** Restricts a query of the view to this segment. */
  where(qb: Knex.QueryBuilder): void;
  order(qb: Knex.QueryBuilder): void;
  /** Keyset paging (the export): rows after the one with this key and number. */
  after(qb: Knex.QueryBuilder, key: unknown, phone: string): void;
  /** Selected as `sort_key` to page on; null when the number alone orders the segment. */
  keyExpr: string | null;
}

const byNumber = (direction: Direction): Segment => ({
  where: () => undefined,
  order: (qb) => qb.orderBy('pn.phone_number', direction),
  after: (qb, _key, phone) => qb.where('pn.phone_number', direction === 'asc' ? '>' : '<', phone),
  keyExpr: null,
});

/**
 * Enumerations have a segment per value (in the sort's direction), each read in number order: the unique
 * index on the number serves every one of them, and no index per direction is needed.
 */
const ENUM_VALUES: Partial<Record<SortColumn, { column: string; values: string[] }>> = {
  responseType: { column: 'pn.response_type', values: ['agent', 'bot'] },
  numberType: { column: 'pn.number_type', values: ['reusable', 'single_use'] },
};

const numberOrder = (qb: Knex.QueryBuilder) => qb.orderBy('pn.phone_number', 'asc');
const afterNumber = (qb: Knex.QueryBuilder, _key: unknown, phone: string) => qb.where('pn.phone_number', '>', phone);

/**
 * "No value" for the columns that come from a join, as an anti-join: PostgreSQL estimates that well,
 * whereas it takes `joined.column is null` for a rare case and then joins every number before sorting.
 */
function missing(sql: Sql, column: SortColumn): ((qb: Knex.QueryBuilder) => void) | null {
  const { knex, t } = sql;
  const campaignLink = t.campaignNumber;
  const linked = (l: { table: string; owner: string; target: string }, table: string, notNull: string) =>
    knex({ l: l.table }).join({ x: table }, 'x.id', `l.${l.target}`).where(`l.${l.owner}`, knex.ref('pn.id')).whereNotNull(`x.${notNull}`).select(knex.raw('1'));
  const campaign = (notNull: string) =>
    knex({ l: campaignLink.table })
      .join({ x: t.campaigns }, 'x.id', `l.${campaignLink.owner}`)
      .where(`l.${campaignLink.target}`, knex.ref('pn.id'))
      .where('x.state', 'active')
      .whereNotNull(`x.${notNull}`)
      .select(knex.raw('1'));
  switch (column) {
    case 'agent':
      return (qb) => qb.whereNotExists(linked(t.numberAgent, t.agents, 'name'));
    case 'office':
      return (qb) => qb.whereNotExists(linked(t.numberOffice, t.offices, 'name'));
    case 'activeCampaign':
      return (qb) => qb.whereNotExists(campaign('name'));
    case 'campaignArchiveAt':
      return (qb) => qb.whereNotExists(campaign('archive_at'));
    default:
      return null;
  }
}

export function segments(sql: Sql, column: SortColumn, direction: Direction): Segment[] {
  if (column === 'phoneNumber') return [byNumber(direction)];
  const enumeration = ENUM_VALUES[column];
  if (enumeration) {
    const values = direction === 'asc' ? [...enumeration.values].sort() : [...enumeration.values].sort().reverse();
    return [
      ...values.map((v): Segment => ({ where: (qb) => qb.where(enumeration.column, v), order: numberOrder, after: afterNumber, keyExpr: null })),
      {
        where: (qb) => qb.where((w) => w.whereNull(enumeration.column).orWhereNotIn(enumeration.column, values)),
        order: numberOrder,
        after: afterNumber,
        keyExpr: null,
      },
    ];
  }
  const { expr } = SORT[column as Exclude<SortColumn, 'phoneNumber'>];
  // PostgreSQL keeps microseconds, a JS Date only milliseconds: page on the exact epoch (numeric) instead.
  const key = (column === 'campaignArchiveAt' || column === 'lastInboundAt') && sql.client === 'postgres' ? `extract(epoch from ${expr})` : expr;
  const cmp = direction === 'asc' ? '>' : '<';
  return [
    {
      where: (qb) => qb.whereRaw(`${expr} is not null`),
      order: (qb) => qb.orderByRaw(`${expr} ${direction}`).orderBy('pn.phone_number', 'asc'),
      after: (qb, sortValue, phone) => qb.whereRaw(`(${key} ${cmp} ? or (${key} = ? and pn.phone_number > ?))`, [sortValue, sortValue, phone]),
      keyExpr: key,
    },
    { where: missing(sql, column) ?? ((qb) => qb.whereRaw(`${expr} is null`)), order: numberOrder, after: afterNumber, keyExpr: null },
  ];
}

/** `\`-escapes LIKE wildcards so that a search for `50%` or `a_b` means those characters. */
export const likeContains = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Text that reads as a phone number: digits with the usual separators, e.g. `(415) 555-0123` or `+1 415 555 0123`. */
const PHONE_LIKE = /^[\d\s().+\-/]+$/;

/**
 * How a search condition is written. `filter`: a condition on each row, which PostgreSQL answers from the
 * trigram indexes (a BitmapOr) when it collects the matches, or tests row by row while walking a sort's
 * index. `set`: the matching ids are collected first and only those rows are read in order. The planner has
 * no statistics for substring matches and misjudges which is cheaper (e.g. walking all 50,000 names for a
 * number that matches once), so callers decide: the list collects a search's matches once and sorts them
 * (searchPage in index.ts); the export, which walks in batches, picks `set` when few rows match.
 */
export type SearchMode = 'set' | 'filter';
export const SEARCH_SET_LIMIT = 1000;

function searchCondition(sql: Sql, w: Knex.QueryBuilder, alias: string, q: string) {
  const { knex, t } = sql;
  const pattern = likeContains(q);
  // Stored numbers are E.164 ("+" and digits), so the typed digits match as a substring whatever the
  // typed format: 4155550123, (415) 555-0123 and +1 415 555 0123 all find +14155550123.
  const digits = PHONE_LIKE.test(q) ? digitsOf(q) : '';
  const campaignLink = t.campaignNumber;
  const campaignMatches = knex({ cl: campaignLink.table })
    .join({ c: t.campaigns }, 'c.id', `cl.${campaignLink.owner}`)
    .where('c.state', 'active')
    .whereRaw('lower(c.name) like ? escape ?', [pattern, '\\'])
    .select(`cl.${campaignLink.target}`);
  // PostgreSQL keeps lower(name) in a column (indexes.ts, ensureNameSearchColumn); SQLite computes it.
  const name = sql.client === 'postgres' ? `${alias}.${NAME_SEARCH_COLUMN}` : `lower(${alias}.name)`;
  w.whereRaw(`${name} like ? escape ?`, [pattern, '\\']);
  if (digits) w.orWhere(`${alias}.phone_number`, 'like', `%${digits}%`);
  // `= any(array(…))` is evaluated once and can be a third arm of a BitmapOr; `in (…)` could not.
  if (sql.client === 'postgres') w.orWhereRaw(`${alias}.id = any(array(?))`, [campaignMatches]);
  else w.orWhereIn(`${alias}.id`, campaignMatches);
}

/** Restricts `qb` (which selects from `pn`) to the view's filters and search. No join is needed for these. */
export function applyFilters(sql: Sql, qb: Knex.QueryBuilder, view: ViewQuery, search: SearchMode = 'filter') {
  const { knex, t } = sql;
  if (view.scope) {
    // Office scoping (rule 12): only numbers of the user's offices; an empty scope matches nothing.
    const l = t.numberOffice;
    qb.whereIn('pn.id', knex({ l: l.table }).whereIn(`l.${l.target}`, view.scope).select(`l.${l.owner}`));
  }
  if (view.office.length) {
    const l = t.numberOffice;
    qb.whereIn('pn.id', knex({ l: l.table }).join({ x: t.offices }, 'x.id', `l.${l.target}`).whereIn('x.document_id', view.office).select(`l.${l.owner}`));
  }
  if (view.agent.length) {
    const l = t.numberAgent;
    qb.whereIn('pn.id', knex({ l: l.table }).join({ x: t.agents }, 'x.id', `l.${l.target}`).whereIn('x.document_id', view.agent).select(`l.${l.owner}`));
  }
  if (view.responseType) qb.where('pn.response_type', view.responseType);
  if (view.numberType) qb.where('pn.number_type', view.numberType);
  if (view.needsAttention) whereNeedsAttention(sql, qb, nowOf(sql));
  const q = view.q;
  if (q) {
    if (search === 'filter') {
      qb.where((w) => searchCondition(sql, w, 'pn', q));
    } else {
      const ids = knex({ x: t.numbers }).select('x.id').where((w) => searchCondition(sql, w, 'x', q));
      if (sql.client === 'postgres') qb.whereRaw('pn.id = any(array(?))', [ids]);
      else qb.whereIn('pn.id', ids);
    }
  }
  return qb;
}

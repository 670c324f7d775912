import type { Core } from '@strapi/strapi';
import type { Readable } from 'node:stream';
import type { ListQuery, UpdateBody, ViewQuery } from '../../validation/phone-numbers';
import { applyFilters, keysQuery, rowsQuery, segments, sortExpr, SEARCH_SET_LIMIT, type SearchMode, type Sql } from './query';
import { toListRow, type ListRow, type RawNumberRow } from './rows';
import { intArray, preparedName, rowsOf, tables } from '../../db';
import type { Knex } from 'knex';
import { exportCsv } from './export';
import { findNumberRef, getDetail, scheduledCampaigns, type NumberDetail, type ScheduledCampaign } from './detail';
import { updateNumber } from './update';
import { runBulk } from './bulk';
import { numberImpact } from './impact';
import type { BulkInput } from '../../validation/bulk';
import { getHealth, refreshWeekStats } from './health';
import { NAME_SEARCH_COLUMN } from './indexes';
import type { BulkResult, NumberHealth, NumberImpact } from '../../../../shared/contracts';
import type { HistoryEvent } from '../history';
import { getService } from '../../utils/get-service';
import type { OfficeScope } from '../../guards/office-scope';
import { runNumberHealthPass } from '../../jobs/number-health';
import type { LeasedRun, LeaseOptions } from '../../jobs/lease';

export interface ListAnswer {
  data: ListRow[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** A page of the view: its rows in order, and how many rows the whole view holds. */
interface Page {
  total: number;
  rows: RawNumberRow[];
}

/**
 * A page without a search (or a search that walks, see searchPage): the page is read by walking the sort's
 * segments in order (see query.ts), which stops after the page, then its rows are read. Counting the view
 * (cheap, but it reads every row's index entry) runs meanwhile on another pooled connection: the page waits for
 * the longer of the two instead of their sum. (A search walked this way is what tests compare searchPage with:
 * `forced` says how its condition is written.)
 */
async function walkPage(sql: Sql, query: ListQuery, forced?: SearchMode, known?: number): Promise<Page> {
  const pastTheEnd = known !== undefined && known <= (query.page - 1) * query.pageSize;
  const pageRows = async () => (pastTheEnd ? [] : readRows(sql, await walkIds(sql, query, forced ?? 'filter')));
  const [total, rows] = await Promise.all([known ?? countView(sql, query), pageRows()]);
  return { total, rows };
}

/** The ids of the page, segment by segment: the rest of a page that ends a segment comes from the next one. */
async function walkIds(sql: Sql, query: ListQuery, search: SearchMode): Promise<number[]> {
  const { page, pageSize } = query;
  const ids: number[] = [];
  let offset = (page - 1) * pageSize;
  const segs = segments(sql, query.sort.column, query.sort.direction);
  const inView = () => applyFilters(sql, keysQuery(sql, query.sort.column), query, search);
  for (const [i, seg] of segs.entries()) {
    const qb = inView();
    seg.where(qb);
    seg.order(qb);
    const got = (await qb.limit(pageSize - ids.length).offset(offset)) as Array<{ id: number }>;
    ids.push(...got.map((r) => Number(r.id)));
    if (ids.length === pageSize || i === segs.length - 1) break;
    if (got.length) offset = 0;
    else {
      // A page past a segment's end skips the rows the segment holds.
      const inSegment = inView();
      seg.where(inSegment);
      const c = (await inSegment.clearSelect().count({ n: '*' }).first()) as { n: number | string } | undefined;
      offset -= Number(c?.n ?? 0);
    }
  }
  return ids;
}

/**
 * The list's rows of these numbers, in the given order. On PostgreSQL the statement is prepared (its nine-table join
 * took longer to plan, 0.7 ms, than to run, 0.3 ms): the ids go as one array binding, so its text is the same for
 * every page, and it is compiled by knex once per process instead of on every page.
 */
async function readRows(sql: Sql, ids: number[]): Promise<RawNumberRow[]> {
  if (!ids.length) return [];
  const raws =
    sql.client === 'postgres'
      ? rowsOf<RawNumberRow>(await rowsByIds(sql, ids))
      : ((await rowsQuery(sql, { scheduled: true }).whereIn('pn.id', ids)) as RawNumberRow[]);
  const byId = new Map(raws.map((r) => [Number(r.id), r]));
  return ids.map((id) => byId.get(id)).filter((r): r is RawNumberRow => Boolean(r));
}

/** PostgreSQL's rows-by-ids statement, compiled on first use (per knex instance); its last binding is the ids. */
const rowsByIdsStatements = new WeakMap<object, { text: string; bindings: readonly unknown[] }>();

function rowsByIds(sql: Sql, ids: number[]) {
  let statement = rowsByIdsStatements.get(sql.knex);
  if (!statement) {
    const compiled = rowsQuery(sql, { scheduled: true }).whereRaw('pn.id = any(?::int[])', ['{}']).toSQL();
    statement = { text: compiled.sql, bindings: compiled.bindings };
    rowsByIdsStatements.set(sql.knex, statement);
  }
  const bindings = [...statement.bindings.slice(0, -1), intArray(ids)] as Knex.RawBinding[];
  return sql.knex.raw(statement.text, bindings).options({ name: preparedName(statement.text) });
}

/** How many rows the view holds (its filters and search). */
async function countView(sql: Sql, query: ListQuery): Promise<number> {
  const { knex, t } = sql;
  const counted = (await applyFilters(sql, knex({ pn: t.numbers }), query).count({ total: '*' }).first()) as { total: number | string } | undefined;
  return Number(counted?.total ?? 0);
}

/**
 * A search walks the sort's index (testing each row) only when the page is among the first 1/WALK_SHARE of
 * many matches: the walk then reads about (the rows up to the page) ÷ (the share of rows matching) ≤
 * 1/WALK_SHARE of the table, and stops. That holds when where a match falls in the sort does not depend on
 * the search; it does for the name sort (a search is mostly a name search: `yield` matches "Yield events",
 * which all sort after 46,000 other names), so the name sort always collects.
 */
const WALK_SHARE = 20;

/**
 * A page of a search. Counting the matches comes first (PostgreSQL answers it from the trigram index,
 * rechecking each candidate row, and nothing else): the count says how common they are, which the
 * planner cannot know for a substring. Common (e.g. `visit` in 17% of 50,000 names) and an early page of a
 * sort other than the name: the page is read by walking the sort's segments with the search as a row filter
 * (walkPage), which stops after a few hundred rows. Otherwise the matches are collected once (with their sort
 * key) and the count and the page are taken from that set, in one statement.
 */
async function searchPage(sql: Sql, query: ListQuery): Promise<Page> {
  if (query.sort.column === 'name') return collectedPage(sql, query);
  const total = await countView(sql, query);
  if (total >= SEARCH_SET_LIMIT && query.page * query.pageSize * WALK_SHARE <= total) return walkPage(sql, query, 'filter', total);
  return collectedPage(sql, query);
}

/** A page of a search from its collected matches (see searchPage). */
async function collectedPage(sql: Sql, query: ListQuery): Promise<Page> {
  const { knex } = sql;
  const { column, direction } = query.sort;
  // The name's sort key is stored on PostgreSQL (the search column, indexes.ts): not recomputed for every match.
  const key = column === 'name' && sql.client === 'postgres' ? `pn.${NAME_SEARCH_COLUMN}` : sortExpr(column);
  const matches = applyFilters(sql, keysQuery(sql, column), query, 'filter').select({ ph: 'pn.phone_number' }).select(knex.raw(`${key} as sort_key`));
  const order = (alias: string) => `${alias}sort_key ${direction} nulls last, ${alias}ph asc`;
  const pageOfMatches = knex
    .select('id', 'sort_key', 'ph')
    .from('m')
    .orderByRaw(order(''))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  // One row even past the last page (the total with no id): the page is left-joined to a single row.
  const found = (await knex
    .with('m', matches)
    .with('p', pageOfMatches)
    .select(knex.raw('(select count(*) from m) as total'), 'p.id')
    .from(knex.raw('(select 1 as one) as one_row'))
    .joinRaw('left join p on 1 = 1')
    .orderByRaw(order('p.'))) as Array<{ total: number | string; id: number | null }>;
  const ids = found.filter((r) => r.id !== null && r.id !== undefined).map((r) => Number(r.id));
  return { total: Number(found[0]?.total ?? 0), rows: await readRows(sql, ids) };
}

/** The Phone Numbers page: list, export, detail, edit, scheduled campaigns and history of one number. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `search` makes a search walk the sort with that way of searching (tests compare it with the default). */
  async list(query: ListQuery, options: { search?: SearchMode } = {}): Promise<ListAnswer> {
    const knex = strapi.db.connection;
    const t = tables(strapi);
    const now = new Date();
    const sql: Sql = { knex, t, client: strapi.db.dialect.client, now };
    const { page, pageSize } = query;
    const { total, rows } = query.q && !options.search ? await searchPage(sql, query) : await walkPage(sql, query, options.search);
    return {
      data: rows.map((r) => toListRow(r, now)),
      meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
    };
  },

  /** `batch` is the rows fetched per query (tests use a tiny one to exercise the paging). */
  export(view: ViewQuery, options: { batch?: number } = {}): Readable {
    return exportCsv(strapi, view, options.batch);
  },

  async findOne(documentId: string): Promise<NumberDetail> {
    return getDetail(strapi, documentId);
  },

  async health(documentId: string): Promise<NumberHealth> {
    return getHealth(strapi, documentId);
  },

  /** The list's 7-day figures, recomputed (the number-health job's pass, `healthPass`). */
  async refreshWeekStats(): Promise<number> {
    return refreshWeekStats(strapi);
  },

  /**
   * The number-health job's run (jobs/number-health.ts): the refresh, if this caller takes the interval's lease
   * (`{ ran: false }` when another instance has it).
   */
  async healthPass(options: LeaseOptions = {}): Promise<LeasedRun<number>> {
    return runNumberHealthPass(strapi, options);
  },

  async scheduledCampaigns(documentId: string): Promise<ScheduledCampaign[]> {
    return scheduledCampaigns(strapi, documentId);
  },

  /** The number's history by phone number: earlier rentals of the same number included (their offices' events in scope). */
  async history(documentId: string, scope: OfficeScope = null): Promise<HistoryEvent[]> {
    const { phoneNumber } = await findNumberRef(strapi, documentId);
    return getService(strapi, 'history').forPhoneNumber(phoneNumber, scope);
  },

  async update(documentId: string, body: UpdateBody, userId: number | null): Promise<NumberDetail> {
    return updateNumber(strapi, documentId, body, userId);
  },

  /** Bulk reassign, answering or release: each row judged as a single request would be (bulk.ts). */
  async bulk(input: BulkInput, scope: OfficeScope, userId: number | null): Promise<BulkResult> {
    return runBulk(strapi, input, scope, userId);
  },

  /** What deleting the number (or moving it to `office`) would do to its campaigns, conversations and inboxes. */
  async impact(documentId: string, office?: string): Promise<NumberImpact> {
    return numberImpact(strapi, documentId, office);
  },
});

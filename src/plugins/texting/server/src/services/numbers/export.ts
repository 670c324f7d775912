import { pipeline, Readable } from 'node:stream';
import { Transform as CsvTransform } from '@json2csv/node';
import type { Core } from '@strapi/strapi';
import type { ViewQuery } from '../../validation/phone-numbers';
import { applyFilters, rowsQuery, SEARCH_SET_LIMIT, segments, type SearchMode, type Sql } from './query';
import type { RawNumberRow } from './rows';
import { tables, toIso } from '../../db';

/**
 * Rows per keyset page: one short query each. 10,000 rather than 2,000: at 50k numbers (PostgreSQL, loaded box)
 * 2,000-row pages took 3.7 s, 10,000-row pages 1.7-1.8 s (the old cursor 0.9-1.4 s), for ~30 MB of memory.
 */
export const EXPORT_BATCH = 10000;

/**
 * A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`
 * (OWASP "CSV injection"). Applied to every user-entered cell; see docs/DECISIONS.md for the phone number.
 */
export const neutralise = (value: string | null | undefined): string => {
  const s = value ?? '';
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/** Stored E.164 (`+` then digits) is data, not a formula; anything else in that column is neutralised. */
export const phoneCell = (value: string) => (/^\+\d{1,15}$/.test(value) ? value : neutralise(value));

export const CSV_FIELDS: Array<{ label: string; value: (r: RawNumberRow) => string }> = [
  { label: 'Phone Number', value: (r) => phoneCell(r.phoneNumber) },
  { label: 'Name', value: (r) => neutralise(r.name) },
  { label: 'Description', value: (r) => neutralise(r.description) },
  { label: 'Agent', value: (r) => neutralise(r.agentName) },
  { label: 'Office', value: (r) => neutralise(r.officeName) },
  { label: 'Type', value: (r) => (r.responseType === 'agent' ? 'Agent' : 'Bot') },
  { label: 'Active Campaign', value: (r) => neutralise(r.campaignName) },
  { label: 'Campaign Archive Date', value: (r) => (r.campaignDocumentId ? toIso(r.campaignArchiveAt) ?? '' : '') },
  { label: 'Number Type', value: (r) => (r.numberType === 'single_use' ? 'Single use' : 'Reusable') },
];

export const exportFileName = (now = new Date()) => `phone-numbers-${now.toISOString().slice(0, 10)}.csv`;

/**
 * Every row of the view, in the list's order, so that memory stays flat whatever the count. Keyset pages
 * (no OFFSET) on both databases: each page is one short query on a pooled connection that goes back to the
 * pool before the rows are handed on, so a client that stops reading holds no transaction, no connection and
 * no lock (issue 11: a dozen stalled downloads once took the whole PostgreSQL pool). The price is that the
 * file is not one snapshot: a number edited during the download shows its state at the time its page was read.
 */
export async function* exportRows(strapi: Core.Strapi, view: ViewQuery, batch = EXPORT_BATCH): AsyncGenerator<RawNumberRow> {
  const knex = strapi.db.connection;
  const t = tables(strapi);
  const sql: Sql = { knex, t, client: strapi.db.dialect.client, now: new Date() };
  let search: SearchMode = 'filter';
  if (view.q) {
    const counted = (await applyFilters(sql, knex({ pn: t.numbers }), view).count({ n: '*' }).first()) as { n: number | string } | undefined;
    if (Number(counted?.n ?? 0) <= SEARCH_SET_LIMIT) search = 'set';
  }
  for (const seg of segments(sql, view.sort.column, view.sort.direction)) {
    let after: { key: unknown; phone: string } | null = null;
    for (;;) {
      const qb = applyFilters(sql, rowsQuery(sql), view, search);
      if (seg.keyExpr) qb.select(knex.raw(`${seg.keyExpr} as sort_key`));
      seg.where(qb);
      if (after) seg.after(qb, after.key, after.phone);
      seg.order(qb);
      const rows = (await qb.limit(batch)) as Array<RawNumberRow & { sort_key?: unknown }>;
      for (const r of rows) yield r;
      if (rows.length < batch) break;
      const last = rows[rows.length - 1];
      after = { key: last.sort_key ?? null, phone: last.phoneNumber };
    }
  }
}

/** The CSV as a stream (json2csv's Node Transform fed from exportRows), ready to become a response body. */
export function exportCsv(strapi: Core.Strapi, view: ViewQuery, batch = EXPORT_BATCH): Readable {
  const csv = new CsvTransform<RawNumberRow, RawNumberRow>(
    { fields: CSV_FIELDS, eol: '\r\n', withBOM: true },
    {},
    { objectMode: true }
  );
  // pipeline, not pipe: when the download stops early (Koa destroys the body when the client goes), the
  // source is destroyed too, which ends the generator (between pages it holds nothing in the database).
  return pipeline(Readable.from(exportRows(strapi, view, batch)), csv, (err) => {
    if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      strapi.log.error(`[texting] Phone numbers export failed: ${err.message}`);
    }
  });
}

import { pipeline, Readable } from 'node:stream';
import { Transform as CsvTransform } from '@json2csv/node';
import type { Core } from '@strapi/strapi';
import { toIso, UIDS } from '../../db';
import type { OfficeScope } from '../../guards/office-scope';
import { neutralise, phoneCell } from '../numbers/export';
import { userName, USER_FIELDS } from '../history';
import type { OptOutLogEntry, Pagination } from '../../../../shared/contracts';
import type { OptOutLogQuery } from '../../validation/opt-out-log';
import { parseCsv } from '../campaigns/csv';
import { toE164 } from '../../utils/phone';
import { importChunk, IMPORT_CHUNK, type ImportLine } from './import';

export interface OptOutImportReport {
  received: number;
  optedOut: number;
  alreadyOptedOut: number;
  invalid: Array<{ line: number; value: string }>;
}

interface Stored {
  id: number;
  contactPhone: string;
  action: OptOutLogEntry['action'];
  source: OptOutLogEntry['source'];
  detail: string | null;
  numberPhone: string | null;
  createdAt: unknown;
  office?: { documentId: string; name: string } | null;
  user?: { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null } | null;
}

const SELECT = ['id', 'contactPhone', 'action', 'source', 'detail', 'numberPhone', 'createdAt'];
const POPULATE = { office: { select: ['documentId', 'name'] }, user: { select: USER_FIELDS } };

const toEntry = (r: Stored): OptOutLogEntry => ({
  id: r.id,
  contact: r.contactPhone,
  action: r.action,
  source: r.source,
  detail: r.detail ?? null,
  number: r.numberPhone ?? null,
  office: r.office ? { documentId: r.office.documentId, name: r.office.name } : null,
  user: r.user ? { id: r.user.id, name: userName(r.user) } : null,
  createdAt: toIso(r.createdAt),
});

/**
 * The filter of a log query: office scoping (rule 12: lines of the user's offices only; lines of no office —
 * imports — only for unrestricted users), a contact, and a search on the contact's or our number's digits.
 */
function whereOf(query: Pick<OptOutLogQuery, 'q' | 'contact'>, scope: OfficeScope): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  if (scope !== null) and.push({ office: { id: { $in: scope } } });
  if (query.contact) and.push({ contactPhone: query.contact });
  if (query.q) {
    const digits = query.q.replace(/\D/g, '');
    const text = digits || query.q;
    and.push({ $or: [{ contactPhone: { $contains: text } }, { numberPhone: { $contains: text } }, { detail: { $containsi: query.q } }] });
  }
  return and.length ? { $and: and } : {};
}

export const OPT_OUT_CSV_FIELDS: Array<{ label: string; value: (e: OptOutLogEntry) => string }> = [
  { label: 'Time (UTC)', value: (e) => e.createdAt ?? '' },
  { label: 'Contact', value: (e) => phoneCell(e.contact) },
  { label: 'Change', value: (e) => (e.action === 'opt_out' ? 'Opted out' : 'Opted in') },
  { label: 'Source', value: (e) => ({ keyword: 'Keyword', plivo_intent: 'Plivo intent', import: 'Import', admin: 'Admin' })[e.source] },
  { label: 'Detail', value: (e) => neutralise(e.detail) },
  { label: 'Our number', value: (e) => (e.number ? phoneCell(e.number) : '') },
  { label: 'Office', value: (e) => neutralise(e.office?.name) },
  { label: 'By', value: (e) => neutralise(e.user?.name) },
];

export const optOutExportFileName = (now = new Date()) => `opt-out-log-${now.toISOString().slice(0, 10)}.csv`;
const EXPORT_BATCH = 2000;

/** The opt-out log (every opt-out and opt-in, with its source and time): list, per contact, CSV export. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const events = () => strapi.db.query(UIDS.optOutEvent);

  /** Newest first, in keyset pages by id (ids grow with time), so memory stays flat and no cursor is held. */
  async function* rows(query: Pick<OptOutLogQuery, 'q' | 'contact'>, scope: OfficeScope, batch = EXPORT_BATCH): AsyncGenerator<OptOutLogEntry> {
    let before: number | null = null;
    for (;;) {
      const where = whereOf(query, scope);
      const page = (await events().findMany({
        where: before === null ? where : { $and: [where, { id: { $lt: before } }] },
        select: SELECT,
        populate: POPULATE,
        orderBy: [{ id: 'desc' }],
        limit: batch,
      })) as Stored[];
      for (const r of page) yield toEntry(r);
      if (page.length < batch) return;
      before = page[page.length - 1].id;
    }
  }

  return {
    /**
     * A suppression list (contacts who opted out elsewhere: another provider, a form): the first column of
     * each line is a phone number; a header line is skipped as invalid. Each new opt-out is logged with the
     * source `import`, in the transaction that changes the contact; contacts already opted out (or named again
     * further down) are counted, not logged again. Written `chunk` lines per transaction (import.ts).
     */
    async importList(csv: string, userId: number | null, note?: string, options: { chunk?: number } = {}): Promise<OptOutImportReport> {
      const report: OptOutImportReport = { received: 0, optedOut: 0, alreadyOptedOut: 0, invalid: [] };
      const detail = (line: number) => [note?.trim(), `line ${line}`].filter(Boolean).join(' · ');
      const valid: ImportLine[] = [];
      for (const record of parseCsv(csv)) {
        report.received++;
        const value = (record.cells[0] ?? '').trim();
        const e164 = toE164(value);
        if (e164) valid.push({ line: record.line, e164 });
        else report.invalid.push({ line: record.line, value: value.slice(0, 40) });
      }
      const size = Math.max(1, options.chunk ?? IMPORT_CHUNK);
      for (let i = 0; i < valid.length; i += size) {
        const lines = valid.slice(i, i + size);
        const changed = await importChunk(strapi, lines, { detail, userId });
        report.optedOut += changed;
        report.alreadyOptedOut += lines.length - changed;
      }
      return report;
    },

    async list(query: OptOutLogQuery, scope: OfficeScope): Promise<{ data: OptOutLogEntry[]; meta: { pagination: Pagination } }> {
      const where = whereOf(query, scope);
      const [found, total] = await Promise.all([
        events().findMany({ where, select: SELECT, populate: POPULATE, orderBy: [{ id: 'desc' }], limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
        events().count({ where }),
      ]);
      return {
        data: (found as Stored[]).map(toEntry),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(Number(total) / query.pageSize), total: Number(total) } },
      };
    },

    /** The log as CSV, streamed (`batch`: rows per query; tests use a tiny one to exercise the paging). */
    export(query: Pick<OptOutLogQuery, 'q' | 'contact'>, scope: OfficeScope, options: { batch?: number } = {}): Readable {
      const csv = new CsvTransform<OptOutLogEntry, OptOutLogEntry>({ fields: OPT_OUT_CSV_FIELDS, eol: '\r\n', withBOM: true }, {}, { objectMode: true });
      // pipeline: a download that stops early destroys the source too, which ends the generator between pages.
      return pipeline(Readable.from(rows(query, scope, options.batch)), csv, (err) => {
        if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') strapi.log.error(`[texting] Opt-out log export failed: ${err.message}`);
      });
    },
  };
};

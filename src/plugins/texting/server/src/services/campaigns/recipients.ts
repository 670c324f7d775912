import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { RecipientImportReport } from '../../../../shared/contracts';
import { parseCsv, type CsvRecord } from './csv';

/** One campaign recipient as stored in `campaign.recipients`. */
export interface Recipient {
  phoneNumber: string;
  name?: string;
}

/** What a paste or an import produced, line by line, before opt-outs are looked up. */
export interface RawRecipient {
  /** 1-based: the CSV line, or the position in a pasted list. */
  line: number;
  value: string;
  name?: string;
}

/** The import report is part of the HTTP contract, shared with the admin. */
export type ImportReport = RecipientImportReport;
export type InvalidRecipient = RecipientImportReport['invalid'][number];

const PHONE_HEADER = /^(phone|phone.?number|mobile|mobile.?number|cell|cell.?phone|number|tel|telephone|to|msisdn)$/i;
const NAME_HEADER = /^(name|full.?name|contact|contact.?name)$/i;
const FIRST_HEADER = /^(first.?name|given.?name|first)$/i;
const LAST_HEADER = /^(last.?name|surname|family.?name|last)$/i;

const MAX_NAME = 120;

/** E.164 for a typed number (US by default for national formats), or the reason it is not one. */
export function checkNumber(value: string): { e164: string } | { reason: string } {
  const trimmed = value.trim();
  if (!trimmed) return { reason: 'empty' };
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (!parsed) return { reason: 'not a phone number' };
  if (!parsed.isValid()) return { reason: `not a valid ${parsed.country ?? ''} phone number`.replace('  ', ' ') };
  return { e164: parsed.number };
}

const clean = (s: string | undefined) => {
  const t = (s ?? '').trim().slice(0, MAX_NAME);
  return t === '' ? undefined : t;
};

/**
 * Recipients from CSV text. A first row whose phone cell is not a number but names a column
 * (`phone`, `mobile`, `number`…) is a header: it picks the phone and name columns. Without a header the
 * first column is the number and the second, if any, the name.
 */
export function fromCsv(csv: string): RawRecipient[] {
  const records = parseCsv(csv);
  if (records.length === 0) return [];
  const { start, toRaw } = columnsOf(records[0]);
  return records.slice(start).map(toRaw);
}

/** Which columns hold the number and the name, from the first record (a header, or the first recipient). */
function columnsOf(first: CsvRecord): { start: number; toRaw: (rec: CsvRecord) => RawRecipient } {
  let phoneCol = 0;
  let nameCol: number | null = 1;
  let firstCol: number | null = null;
  let lastCol: number | null = null;
  let start = 0;

  const header = first.cells.map((c) => c.trim());
  const looksLikeHeader =
    header.some((c) => PHONE_HEADER.test(c)) && !header.some((c) => 'e164' in checkNumber(c));
  if (looksLikeHeader) {
    start = 1;
    phoneCol = header.findIndex((c) => PHONE_HEADER.test(c));
    const n = header.findIndex((c) => NAME_HEADER.test(c));
    nameCol = n >= 0 ? n : null;
    const f = header.findIndex((c) => FIRST_HEADER.test(c));
    const l = header.findIndex((c) => LAST_HEADER.test(c));
    firstCol = f >= 0 ? f : null;
    lastCol = l >= 0 ? l : null;
  }

  const toRaw = (rec: CsvRecord): RawRecipient => {
    const value = rec.cells[phoneCol] ?? '';
    let name: string | undefined;
    if (nameCol !== null) name = clean(rec.cells[nameCol]);
    if (!name && (firstCol !== null || lastCol !== null)) {
      name = clean([firstCol, lastCol].map((c) => (c === null ? '' : (rec.cells[c] ?? '').trim())).filter(Boolean).join(' '));
    }
    return { line: rec.line, value, name };
  };
  return { start, toRaw };
}

export type RecipientList = Array<string | { phoneNumber: string; name?: string | null }>;

/** Recipients from a pasted list: strings or `{ phoneNumber, name }`. */
export function fromList(list: RecipientList): RawRecipient[] {
  return list.map((item, i) =>
    typeof item === 'string'
      ? { line: i + 1, value: item }
      : { line: i + 1, value: item.phoneNumber, name: clean(item.name ?? undefined) }
  );
}

/**
 * Validates and de-duplicates raw recipients against an existing list. Opt-outs are applied by the
 * caller (it needs the database), through `optedOut`.
 */
export function mergeRecipients(
  existing: Recipient[],
  raw: RawRecipient[],
  optedOut: Set<string>,
  checks: Checked[] = raw.map((r) => checkNumber(r.value))
): { list: Recipient[]; report: ImportReport } {
  const m = merger(existing, raw.length, optedOut);
  raw.forEach((r, i) => m.step(r, checks[i]));
  return m.finish();
}

function merger(existing: Recipient[], received: number, optedOut: Set<string>) {
  const list = [...existing];
  const seen = new Set(existing.map((r) => r.phoneNumber));
  const report: ImportReport = { received, accepted: 0, duplicates: 0, invalid: [], optedOut: [], total: 0 };
  const step = (r: RawRecipient, checked: Checked) => {
    if ('reason' in checked) {
      report.invalid.push({ line: r.line, value: r.value.slice(0, 40), reason: checked.reason });
      return;
    }
    if (seen.has(checked.e164)) {
      report.duplicates++;
      return;
    }
    seen.add(checked.e164);
    if (optedOut.has(checked.e164)) {
      report.optedOut.push({ line: r.line, phoneNumber: checked.e164 });
      return;
    }
    list.push(r.name ? { phoneNumber: checked.e164, name: r.name } : { phoneNumber: checked.e164 });
    report.accepted++;
  };
  const finish = () => {
    report.total = list.length;
    return { list, report };
  };
  return { step, finish };
}

export type Checked = ReturnType<typeof checkNumber>;

/** Every number a raw import may turn into (for one opt-out query before merging). */
export function candidateNumbers(raw: RawRecipient[], checks: Checked[] = raw.map((r) => checkNumber(r.value))): string[] {
  const out = new Set<string>();
  for (const c of checks) {
    if ('e164' in c) out.add(c.e164);
  }
  return [...out];
}

/** What an import reads: a CSV file's text, or a pasted list. */
export type ImportInput = { csv: string } | { list: RecipientList };

/** An import between its two steps: its lines, each line's check, and every number it may add. */
export interface PreparedImport {
  raw: RawRecipient[];
  checks: Checked[];
  numbers: string[];
}

/** Step 1 (pure, CPU-bound: ~40 µs a line in libphonenumber): read and check every line. */
export function prepareImport(input: ImportInput): PreparedImport {
  const raw = 'csv' in input ? fromCsv(input.csv) : fromList(input.list);
  const checks = raw.map((r) => checkNumber(r.value));
  return { raw, checks, numbers: candidateNumbers(raw, checks) };
}

/** Step 2 (pure), once the opt-outs among `numbers` are known: the merged list as stored (JSON) and the report. */
export function finishImport(prepared: PreparedImport, existing: Recipient[], optedOut: Set<string>): { json: string; count: number; report: ImportReport } {
  const { list, report } = mergeRecipients(existing, prepared.raw, optedOut, prepared.checks);
  return { json: JSON.stringify(list), count: list.length, report };
}

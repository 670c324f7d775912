import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parseCsv } from './csv';

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

export interface InvalidRecipient {
  line: number;
  value: string;
  reason: string;
}

export interface ImportReport {
  /** Lines that held a recipient (blank lines and a header row are not counted). */
  received: number;
  /** New recipients added to the list. */
  accepted: number;
  /** Repeats of a number already in the list or earlier in the same import, collapsed into one. */
  duplicates: number;
  invalid: InvalidRecipient[];
  /** Valid numbers of contacts who opted out: excluded from the list. */
  optedOut: Array<{ line: number; phoneNumber: string }>;
  /** The list's size afterwards. */
  total: number;
}

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
  let phoneCol = 0;
  let nameCol: number | null = 1;
  let firstCol: number | null = null;
  let lastCol: number | null = null;
  let start = 0;

  const header = records[0].cells.map((c) => c.trim());
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

  const out: RawRecipient[] = [];
  for (const rec of records.slice(start)) {
    const value = rec.cells[phoneCol] ?? '';
    let name: string | undefined;
    if (nameCol !== null) name = clean(rec.cells[nameCol]);
    if (!name && (firstCol !== null || lastCol !== null)) {
      name = clean([firstCol, lastCol].map((c) => (c === null ? '' : (rec.cells[c] ?? '').trim())).filter(Boolean).join(' '));
    }
    out.push({ line: rec.line, value, name });
  }
  return out;
}

/** Recipients from a pasted list: strings or `{ phoneNumber, name }`. */
export function fromList(list: Array<string | { phoneNumber: string; name?: string | null }>): RawRecipient[] {
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
  optedOut: Set<string>
): { list: Recipient[]; report: ImportReport } {
  const list = [...existing];
  const seen = new Set(existing.map((r) => r.phoneNumber));
  const report: ImportReport = { received: raw.length, accepted: 0, duplicates: 0, invalid: [], optedOut: [], total: 0 };
  for (const r of raw) {
    const checked = checkNumber(r.value);
    if ('reason' in checked) {
      report.invalid.push({ line: r.line, value: r.value.slice(0, 40), reason: checked.reason });
      continue;
    }
    if (seen.has(checked.e164)) {
      report.duplicates++;
      continue;
    }
    seen.add(checked.e164);
    if (optedOut.has(checked.e164)) {
      report.optedOut.push({ line: r.line, phoneNumber: checked.e164 });
      continue;
    }
    list.push(r.name ? { phoneNumber: checked.e164, name: r.name } : { phoneNumber: checked.e164 });
    report.accepted++;
  }
  report.total = list.length;
  return { list, report };
}

/** Every number a raw import may turn into (for one opt-out query before merging). */
export function candidateNumbers(raw: RawRecipient[]): string[] {
  const out = new Set<string>();
  for (const r of raw) {
    const c = checkNumber(r.value);
    if ('e164' in c) out.add(c.e164);
  }
  return [...out];
}

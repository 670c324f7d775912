/**
 * Texts written straight into the messages table with the times a test needs (the health figures read
 * `direction`, `status`, `error_code`, `from_number`, `to_number`, `body`, `intent`, `created_at`), as the plugin's
 * raw writers store them: SQLite keeps datetimes as epoch ms, PostgreSQL as timestamps.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

export interface TextRow {
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  status?: 'received' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  errorCode?: string | null;
  body?: string;
  intent?: string | null;
  /** How long ago, in hours. */
  hoursAgo: number;
}

const DAY_HOURS = 24;
export const daysAgo = (days: number) => days * DAY_HOURS;

/** A text sent from `from` (one of our numbers) to a contact, with its outcome. */
export const sent = (from: string, status: TextRow['status'], hoursAgo: number, errorCode: string | null = null, to = '+16175559999'): TextRow => ({
  direction: 'outbound',
  from,
  to,
  status,
  errorCode,
  hoursAgo,
});

/** `count` copies of a text. */
export const times = (count: number, row: TextRow): TextRow[] => Array.from({ length: count }, () => ({ ...row }));

export async function insertTexts(strapi: Core.Strapi, rows: TextRow[], now = Date.now()): Promise<void> {
  const table = strapi.db.metadata.get('plugin::texting.message').tableName;
  const pg = strapi.db.dialect.client === 'postgres';
  const at = (ms: number) => (pg ? new Date(ms) : ms);
  const records = rows.map((r) => {
    const created = at(now - r.hoursAgo * 3600 * 1000);
    return {
      document_id: crypto.randomBytes(12).toString('hex'),
      direction: r.direction,
      body: r.body ?? 'Hello',
      message_uuid: crypto.randomUUID(),
      status: r.status ?? (r.direction === 'inbound' ? 'received' : 'delivered'),
      error_code: r.errorCode ?? null,
      from_number: r.from,
      to_number: r.to,
      intent: r.intent ?? null,
      created_at: created,
      updated_at: created,
      published_at: created,
    };
  });
  for (let i = 0; i < records.length; i += 200) await strapi.db.connection(table).insert(records.slice(i, i + 200));
}

import type { Core } from '@strapi/strapi';
import crypto from 'crypto';

/**
 * Raw-SQL helpers for the few statements the query engine cannot express (claims with SKIP LOCKED,
 * conditional updates that must report whether they won, bulk inserts that ignore duplicates).
 */
export type Knex = Core.Strapi['db']['connection'];

export const isPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

/** A datetime column value as Strapi stores it: SQLite keeps epoch ms, PostgreSQL a timestamp. */
export const dbDate = (strapi: Core.Strapi, at: Date | number) => {
  const d = typeof at === 'number' ? new Date(at) : at;
  return isPostgres(strapi) ? d : d.getTime();
};

/** A Strapi-shaped documentId for rows inserted with raw SQL (24 lowercase alphanumerics, as cuid2 gives). */
export function newDocumentId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(24);
  let out = 'o';
  for (let i = 1; i < 24; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Rows of a raw query, whatever shape the driver gives (pg: `{ rows }`, better-sqlite3: an array). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const r = result as { rows?: T[] } | null;
  return r?.rows ?? [];
}

/** biginteger columns come back as strings from pg and numbers from SQLite. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Whether an error is a unique-constraint violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key value/i.test(e.message ?? '');
}

import type { Core } from '@strapi/strapi';

/**
 * What raw SQL needs to know about the database it runs on, for the few statements the query engine cannot
 * express (claims with SKIP LOCKED, conditional updates that must report whether they won, bulk inserts that
 * ignore duplicates, the routing hot path).
 */
export type Knex = Core.Strapi['db']['connection'];

export const isPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

/** A datetime column value as Strapi stores it: SQLite keeps epoch ms, PostgreSQL a timestamp. */
export const dbDate = (strapi: Core.Strapi, at: Date | number) => {
  const d = typeof at === 'number' ? new Date(at) : at;
  return isPostgres(strapi) ? d : d.getTime();
};

/** Datetimes come back as Date on PostgreSQL and as epoch milliseconds on SQLite. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A stored datetime as epoch milliseconds (null when unset). */
export const toMs = (value: unknown): number | null => {
  const s = toIso(value);
  return s ? Date.parse(s) : null;
};

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
  const failure = err as { code?: string; message?: string } | null;
  if (!failure) return false;
  return failure.code === '23505' || failure.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key value/i.test(failure.message ?? '');
}

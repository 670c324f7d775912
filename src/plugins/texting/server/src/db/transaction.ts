import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * `strapi.db.transaction(fn)`, except that a COMMIT the database refused rejects.
 *
 * Strapi's wrapper awaits knex's `trx.commit()`, which resolves even when the COMMIT fails (knex hands the error
 * to the transaction's `executionPromise` only), so the wrapper reports success for a transaction that was
 * rolled back: a deferred constraint, or PostgreSQL shutting down between the last statement and the COMMIT.
 * A caller that answers "stored" (the webhook's 200, which stops Plivo's retries) must see that failure.
 * Inside an enclosing transaction nothing is committed here; the enclosing one's outcome is its caller's.
 */
export async function committed<T>(strapi: Core.Strapi, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  let trx: Knex.Transaction | null = null;
  const result = (await strapi.db.transaction(async ({ trx: t }) => {
    trx = t as unknown as Knex.Transaction;
    return fn(trx);
  })) as T;
  const done = trx as Knex.Transaction | null;
  // Completed: this call committed it (not completed: an enclosing transaction will, later).
  if (done?.isCompleted()) await done.executionPromise;
  return result;
}

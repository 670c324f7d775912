import crypto from 'crypto';
import os from 'os';
import type { Core } from '@strapi/strapi';
import { dbDate, newDocumentId, num, tables, type Knex } from '../db';

/**
 * Leases for the timed jobs that do one pass per interval for the whole deployment (several Strapi instances
 * on one database is supported: without a lease every instance would run the pass). A lease is a row of
 * `texting_dispatch_state`, the table the instances already share for the sending pause, keyed `job:<name>`:
 * `holder` (which instance took it), `since` (when) and `lease_until` (epoch ms, when it lapses).
 *
 * A run takes the lease with one conditional UPDATE (`… WHERE key = ? AND (lease_until IS NULL OR lease_until
 * <= now)`, the query builder's, as the pause row's): of instances whose cron ticks fire together exactly one changes the row (PostgreSQL re-checks the
 * condition after the first one's commit; SQLite runs one writing statement at a time). A finished pass keeps
 * the lease until it lapses, so the other instances' ticks of the same interval find it held; a failed pass
 * gives it back, so the next tick anywhere tries again; a crashed holder's lease simply lapses.
 * The passes themselves stay idempotent: a pass that outlives its lease may overlap the next one, which is
 * wasted work, not wrong data.
 */

/** This process, as a lease holder (the same shape as the dispatcher's instance id). */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

export interface LeaseOptions {
  /** Who takes the lease (default: this process). */
  holder?: string;
  /** The time to judge the lease by, epoch ms (tests pass a later one instead of waiting for a lease to lapse). */
  now?: number;
}

export interface Lease {
  holder: string | null;
  since: number | null;
  until: number | null;
}

const keyOf = (name: string) => `job:${name}`;
const knex = (strapi: Core.Strapi): Knex => strapi.db.connection;

async function ensureRow(strapi: Core.Strapi, key: string, now: number): Promise<void> {
  const stamp = dbDate(strapi, now);
  await knex(strapi)(tables(strapi).dispatchState)
    .insert({ document_id: newDocumentId(), key, paused: false, created_at: stamp, updated_at: stamp, published_at: stamp })
    .onConflict(['key'])
    .ignore();
}

/** True for the one caller that took the lease `name` for `ttlMs`; false while another holds it. */
export async function claimLease(strapi: Core.Strapi, name: string, ttlMs: number, options: LeaseOptions = {}): Promise<boolean> {
  const now = options.now ?? Date.now();
  const key = keyOf(name);
  await ensureRow(strapi, key, now);
  const taken = await knex(strapi)(tables(strapi).dispatchState)
    .where({ key })
    .where((lapsed) => lapsed.whereNull('lease_until').orWhere('lease_until', '<=', now))
    .update({ holder: options.holder ?? INSTANCE_ID, since: now, lease_until: now + ttlMs, updated_at: dbDate(strapi, now) });
  return taken === 1;
}

/** Gives the lease back (only if `holder` still has it), so that the next run need not wait for it to lapse. */
export async function releaseLease(strapi: Core.Strapi, name: string, holder: string = INSTANCE_ID): Promise<void> {
  await knex(strapi)(tables(strapi).dispatchState)
    .where({ key: keyOf(name), holder })
    .update({ lease_until: null, updated_at: dbDate(strapi, Date.now()) });
}

export async function readLease(strapi: Core.Strapi, name: string): Promise<Lease | null> {
  const row = (await knex(strapi)(tables(strapi).dispatchState).select('holder', 'since', 'lease_until').where({ key: keyOf(name) }).first()) as
    | { holder: string | null; since: unknown; lease_until: unknown }
    | undefined;
  return row ? { holder: row.holder, since: num(row.since), until: num(row.lease_until) } : null;
}

export type LeasedRun<T> = { ran: false } | { ran: true; result: T };

/**
 * Runs `body` if this caller takes the lease `name`; otherwise does nothing (another instance has this
 * interval's pass). A failure gives the lease back and is rethrown (the cron wrapper logs it).
 */
export async function runLeased<T>(strapi: Core.Strapi, name: string, ttlMs: number, body: () => Promise<T>, options: LeaseOptions = {}): Promise<LeasedRun<T>> {
  const holder = options.holder ?? INSTANCE_ID;
  if (!(await claimLease(strapi, name, ttlMs, { ...options, holder }))) return { ran: false };
  try {
    return { ran: true, result: await body() };
  } catch (err) {
    await releaseLease(strapi, name, holder).catch(() => undefined);
    throw err;
  }
}

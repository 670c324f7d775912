import type { Core } from '@strapi/strapi';
import { dbDate, newDocumentId, num, tables, type Knex } from '../../db';
import type { DispatchStatus, PauseKind } from '../../../../shared/contracts';

export type { DispatchStatus, PauseKind };

/**
 * Whether sending is paused, shared by every instance through one database row (`texting_dispatch_state`,
 * key `provider`). Two causes:
 *  - `account`: Plivo refused our account (401 credentials, 402/403 balance or suspension). No row fails;
 *    everything waits until a probe succeeds.
 *  - `outage`: the circuit breaker. After repeated provider failures in a row an instance stops claiming
 *    (every instance does, they read the same row) and only a probe goes out now and then.
 * A probe is one real send, claimed with a conditional UPDATE of `probe_at` so that one instance probes at
 * a time; its success closes the pause for all.
 */
const KEY = 'provider';

export interface PauseState {
  paused: boolean;
  kind: PauseKind | null;
  reason: string | null;
  since: number | null;
  probeAt: number | null;
}

const knex = (strapi: Core.Strapi): Knex => strapi.db.connection;

export async function readPause(strapi: Core.Strapi): Promise<PauseState> {
  const row = (await knex(strapi)(tables(strapi).dispatchState).select('paused', 'kind', 'reason', 'since', 'probe_at').where({ key: KEY }).first()) as
    | { paused: boolean | number | null; kind: string | null; reason: string | null; since: unknown; probe_at: unknown }
    | undefined;
  if (!row || !row.paused) return { paused: false, kind: null, reason: null, since: null, probeAt: null };
  return { paused: true, kind: row.kind as PauseKind, reason: row.reason, since: num(row.since), probeAt: num(row.probe_at) };
}

export async function dispatchStatus(strapi: Core.Strapi): Promise<DispatchStatus> {
  const p = await readPause(strapi);
  return { paused: p.paused, kind: p.kind, reason: p.reason, since: p.since === null ? null : new Date(p.since).toISOString() };
}

async function ensureRow(strapi: Core.Strapi): Promise<void> {
  const now = dbDate(strapi, Date.now());
  await knex(strapi)(tables(strapi).dispatchState)
    .insert({ document_id: newDocumentId(), key: KEY, paused: false, created_at: now, updated_at: now, published_at: now })
    .onConflict(['key'])
    .ignore();
}

/**
 * Pauses sending (or keeps it paused) with `reason`; the first probe is due in `probeAfterMs`. An account error
 * takes precedence over an outage: its reason is the one an administrator must act on. `since` is kept while
 * the pause lasts. True for the one call that opened the pause (the conditional first statement), which
 * then notifies.
 */
export async function openPause(strapi: Core.Strapi, kind: PauseKind, reason: string, probeAfterMs: number): Promise<boolean> {
  await ensureRow(strapi);
  const now = Date.now();
  const text = reason.slice(0, 2000);
  const state = () => knex(strapi)(tables(strapi).dispatchState).where({ key: KEY });
  const opened = await state()
    .where({ paused: false })
    .update({ paused: true, since: now, kind, reason: text, probe_at: now + probeAfterMs, updated_at: dbDate(strapi, now) });
  if (opened === 1) return true;
  // Already paused: keep `since`, and keep an account pause's cause and reason over an outage's.
  const keepsAccount = 'paused = ? AND kind = ? AND ? = ?';
  const accountBindings = [true, 'account', kind, 'outage'];
  const db = knex(strapi);
  await state().update({
    since: db.raw('CASE WHEN paused = ? THEN since ELSE ? END', [true, now]),
    kind: db.raw(`CASE WHEN ${keepsAccount} THEN kind ELSE ? END`, [...accountBindings, kind]),
    reason: db.raw(`CASE WHEN ${keepsAccount} THEN reason ELSE ? END`, [...accountBindings, text]),
    paused: true,
    probe_at: now + probeAfterMs,
    updated_at: dbDate(strapi, now),
  });
  return false;
}

/** True for the one instance that may send the next probe now; pushes the following probe `intervalMs` later. */
export async function claimProbe(strapi: Core.Strapi, intervalMs: number): Promise<boolean> {
  const now = Date.now();
  const claimed = await knex(strapi)(tables(strapi).dispatchState)
    .where({ key: KEY, paused: true })
    .where('probe_at', '<=', now)
    .update({ probe_at: now + intervalMs });
  return claimed === 1;
}

/** A send went through: sending resumes everywhere. True when this call ended a pause. */
export async function closePause(strapi: Core.Strapi): Promise<boolean> {
  const closed = await knex(strapi)(tables(strapi).dispatchState)
    .where({ key: KEY, paused: true })
    .update({ paused: false, kind: null, reason: null, since: null, probe_at: null, updated_at: dbDate(strapi, Date.now()) });
  return closed === 1;
}

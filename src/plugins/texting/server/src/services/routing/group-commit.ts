import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { committed } from '../../db';

/**
 * Group commit (issue 14): webhooks that arrive together are written in one transaction, so PostgreSQL
 * pays one BEGIN, one COMMIT and one WAL flush per batch instead of per text (SQLite: one journal sync).
 *
 * A job is a function of the transaction; its promise settles only after the transaction holding its
 * writes has committed (or with its own error). A batch flushes at `maxRows` jobs or `waitMs` after its
 * first job arrived, whichever comes first; at most `concurrency` batches are in flight, and jobs that
 * arrive meanwhile wait for the next one (they are flushed as soon as a batch finishes).
 *
 * Failures: a job that throws rolls back the whole batch (on PostgreSQL the transaction is aborted
 * anyway); the others are retried as a batch without it, and it runs alone in a transaction of its own,
 * so its request gets its own answer (a duplicate, a 4xx, or a 5xx) and nobody else's. When the COMMIT
 * itself fails, nothing of the batch is known stored: every job then runs alone.
 *
 * Jobs run one after the other inside the transaction, in `order` (the contact's number), so texts of
 * one contact in one batch see each other's writes. `begin` runs first in each attempt's transaction with
 * every job's `meta` (it may lock and claim what the whole batch needs in one statement each, in a fixed
 * order, so that batches cannot deadlock) and makes the batch's state, which each job receives; `end`
 * runs last, before the COMMIT (it may write what the jobs left in the state, in one statement).
 */

export interface GroupCommitOptions {
  maxRows: number;
  waitMs: number;
  concurrency: number;
}

const envInt = (name: string, fallback: number, min: number) => {
  const raw = process.env[name];
  const value = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(value) && value >= min ? value : fallback;
};

/** `TEXTING_INBOUND_BATCH_MAX` (32), `TEXTING_INBOUND_BATCH_WAIT_MS` (2), `TEXTING_INBOUND_BATCH_CONCURRENCY` (4). */
export const groupCommitOptions = (): GroupCommitOptions => ({
  maxRows: envInt('TEXTING_INBOUND_BATCH_MAX', 32, 1),
  waitMs: envInt('TEXTING_INBOUND_BATCH_WAIT_MS', 2, 0),
  concurrency: envInt('TEXTING_INBOUND_BATCH_CONCURRENCY', 4, 1),
});

/**
 * What a job's work is told of its attempt. `afterFailedCommit`: an earlier attempt of this job failed at its
 * batch's COMMIT (or BEGIN, `begin`, `end`), so that attempt may in fact have committed (a lost acknowledgement):
 * what it claimed may already be taken by itself.
 */
export interface Attempt {
  afterFailedCommit: boolean;
}

type Work<T, S> = (trx: Knex.Transaction, state: S, attempt: Attempt) => Promise<T>;

interface Job<M, S> {
  order: string;
  meta: M;
  work: Work<unknown, S>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitHooks<M, S> {
  begin: (trx: Knex.Transaction, metas: M[]) => Promise<S>;
  end?: (trx: Knex.Transaction, state: S) => Promise<void>;
}

const FIRST: Attempt = { afterFailedCommit: false };

export function createGroupCommit<M, S>(strapi: Core.Strapi, options: GroupCommitOptions, hooks: GroupCommitHooks<M, S>) {
  type J = Job<M, S>;
  const queue: J[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;

  // A refused COMMIT must reject (see `committed`): a batch that was not stored is "uncertain", never answered 200.
  const transaction = <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> => committed(strapi, fn);

  async function alone(job: J, attempt: Attempt) {
    try {
      job.resolve(
        await transaction(async (trx) => {
          const state = await hooks.begin(trx, [job.meta]);
          const result = await job.work(trx, state, attempt);
          await hooks.end?.(trx, state);
          return result;
        })
      );
    } catch (error) {
      job.reject(error);
    }
  }

  async function runBatch(batch: J[]) {
    let rest = batch;
    const failed: J[] = [];
    const uncertain: J[] = [];
    while (rest.length > 1) {
      let culprit = -1;
      try {
        const results = await transaction(async (trx) => {
          const state = await hooks.begin(trx, rest.map((j) => j.meta));
          const out: unknown[] = [];
          for (let i = 0; i < rest.length; i++) {
            try {
              out.push(await rest[i].work(trx, state, FIRST));
            } catch (error) {
              culprit = i;
              throw error;
            }
          }
          await hooks.end?.(trx, state);
          return out;
        });
        rest.forEach((job, i) => job.resolve(results[i]));
        rest = [];
      } catch {
        if (culprit < 0) {
          // BEGIN, `begin`, `end` or the COMMIT failed: no job is known stored (nor known not stored), each
          // gets its own attempt.
          uncertain.push(...rest);
          rest = [];
        } else {
          failed.push(rest[culprit]);
          rest = rest.filter((_, i) => i !== culprit);
        }
      }
    }
    for (const job of [...rest, ...failed]) await alone(job, FIRST);
    for (const job of uncertain) await alone(job, { afterFailedCommit: true });
  }

  function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (queue.length && inFlight < options.concurrency) {
      const batch = queue.splice(0, options.maxRows).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
      inFlight++;
      void runBatch(batch).finally(() => {
        inFlight--;
        // Whatever arrived meanwhile has waited at least as long as a timer would have made it.
        if (queue.length) flush();
      });
    }
  }

  function schedule() {
    if (queue.length >= options.maxRows) return flush();
    if (!timer && inFlight < options.concurrency) {
      timer = setTimeout(flush, options.waitMs);
    }
  }

  return {
    /** Runs `work` in the next batch's transaction; settles after that transaction commits (or fails). */
    submit<T>(order: string, meta: M, work: Work<T, S>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ order, meta, work: work as Work<unknown, S>, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
  };
}


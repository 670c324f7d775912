import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

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
 * one contact in one batch see each other's writes, and `begin` may lock what the batch needs in one
 * statement, in a fixed order (no deadlock between batches).
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

/** `TEXTING_INBOUND_BATCH_MAX` (32), `TEXTING_INBOUND_BATCH_WAIT_MS` (2), `TEXTING_INBOUND_BATCH_CONCURRENCY` (2). */
export const groupCommitOptions = (): GroupCommitOptions => ({
  maxRows: envInt('TEXTING_INBOUND_BATCH_MAX', 32, 1),
  waitMs: envInt('TEXTING_INBOUND_BATCH_WAIT_MS', 2, 0),
  concurrency: envInt('TEXTING_INBOUND_BATCH_CONCURRENCY', 2, 1),
});

type Work<T> = (trx: Knex.Transaction) => Promise<T>;

interface Job {
  order: string;
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitHooks {
  /** Runs first in each batch's transaction with the jobs' `order` keys (sorted, distinct). */
  begin?: (trx: Knex.Transaction, keys: string[]) => Promise<void>;
}

export function createGroupCommit(strapi: Core.Strapi, options: GroupCommitOptions, hooks: GroupCommitHooks = {}) {
  const queue: Job[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;

  const transaction = <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
    strapi.db.transaction(async ({ trx }) => fn(trx as unknown as Knex.Transaction)) as Promise<T>;

  const begin = async (trx: Knex.Transaction, jobs: Job[]) => {
    if (hooks.begin) await hooks.begin(trx, [...new Set(jobs.map((j) => j.order))].sort());
  };

  async function alone(job: Job) {
    try {
      job.resolve(
        await transaction(async (trx) => {
          await begin(trx, [job]);
          return job.work(trx);
        })
      );
    } catch (error) {
      job.reject(error);
    }
  }

  async function runBatch(batch: Job[]) {
    let rest = batch;
    const failed: Job[] = [];
    while (rest.length > 1) {
      let culprit = -1;
      try {
        const results = await transaction(async (trx) => {
          await begin(trx, rest);
          const out: unknown[] = [];
          for (let i = 0; i < rest.length; i++) {
            try {
              out.push(await rest[i].work(trx));
            } catch (error) {
              culprit = i;
              throw error;
            }
          }
          return out;
        });
        rest.forEach((job, i) => job.resolve(results[i]));
        rest = [];
      } catch {
        if (culprit < 0) {
          // BEGIN, the lock or the COMMIT failed: no job is known stored, each gets its own attempt.
          failed.push(...rest);
          rest = [];
        } else {
          failed.push(rest[culprit]);
          rest = rest.filter((_, i) => i !== culprit);
        }
      }
    }
    for (const job of [...rest, ...failed]) await alone(job);
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
    submit<T>(order: string, work: Work<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ order, work: work as Work<unknown>, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
  };
}

export type GroupCommit = ReturnType<typeof createGroupCommit>;

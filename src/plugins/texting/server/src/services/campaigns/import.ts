import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Core } from '@strapi/strapi';
import { contactIds } from '../../db/messages';
import { finishImport, prepareImport, type ImportInput, type ImportReport } from './recipients';
import type { ImportRequest } from './import-worker';

/**
 * Recipient imports: read and check every line, drop opt-outs (a database lookup), merge into the
 * campaign's list. Small imports run here; big ones in a worker thread (import-worker.ts), so that a
 * 100,000-line file never holds the event loop that answers Plivo's webhooks (issue 11).
 */
export interface Imported {
  /** The merged list as stored in `campaign.recipients`. */
  json: string;
  count: number;
  report: ImportReport;
}

/** Above these, the import goes to a worker (~40 µs a line: 500 lines hold the loop ~20 ms). */
const INLINE_MAX_CSV_CHARS = 16 * 1024;
const INLINE_MAX_LIST = 500;

/**
 * The worker's bundle, beside the server's (`dist/server/index.js` → `dist/import-worker/index.js`). Resolved
 * when first needed: Strapi loads the CommonJS bundle, and the ES module one has no `__dirname` at load time.
 */
const workerFile = () => path.resolve(__dirname, '../import-worker/index.js');

export async function runImport(strapi: Core.Strapi, input: ImportInput, existing: string): Promise<Imported> {
  const small = 'csv' in input ? input.csv.length <= INLINE_MAX_CSV_CHARS : input.list.length <= INLINE_MAX_LIST;
  if (small) {
    const prepared = prepareImport(input);
    return finishImport(prepared, JSON.parse(existing), await optedOutAmong(strapi, prepared.numbers));
  }
  return inWorker(strapi, { input, existing });
}

/** The opted-out numbers among `numbers`, looked up 1,000 at a time with a loop turn between batches. */
async function optedOutAmong(strapi: Core.Strapi, numbers: string[]): Promise<Set<string>> {
  const optedOut = new Set<string>();
  for (let i = 0; i < numbers.length; i += 1000) {
    // SQLite answers synchronously: without a turn between batches their promise chain would starve the loop.
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    for (const [number, contact] of await contactIds(strapi, numbers.slice(i, i + 1000))) if (contact.optedOut) optedOut.add(number);
  }
  return optedOut;
}

function inWorker(strapi: Core.Strapi, request: ImportRequest): Promise<Imported> {
  return new Promise<Imported>((resolve, reject) => {
    const worker = new Worker(workerFile());
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The recipient import stopped unexpectedly (worker exit ${code}); try again.`))));
    worker.on('message', (msg: { error?: string; numbers?: string } & Partial<Imported>) => {
      if (msg.error !== undefined) return settle(() => reject(new Error(`The recipient import failed: ${msg.error}`)));
      if (msg.numbers !== undefined) {
        // One string crosses between the threads more cheaply than 100,000.
        const numbers = msg.numbers === '' ? [] : msg.numbers.split('\n');
        optedOutAmong(strapi, numbers).then(
          (optedOut) => worker.postMessage({ optedOut: [...optedOut] }),
          (err) => settle(() => reject(err))
        );
        return;
      }
      settle(() => resolve(msg as Imported));
    });
    worker.postMessage(request);
  });
}

/**
 * The recipient import's worker thread (built as its own bundle: the plugin's `./import-worker` export).
 * A 100,000-line file costs ~4 s of CPU and ~100,000 short-lived objects; on the main thread, even in
 * slices, its collections and slices held webhooks 200-300 ms at a time (issue 11). Here it runs beside them.
 *
 * Protocol (import.ts is the other side):
 *   main → worker  { input, existing }        the file or list, and the campaign's current list (JSON text)
 *   worker → main  { numbers }                every number the import may add, one a line
 *   main → worker  { optedOut }               those of them that opted out (the database knows)
 *   worker → main  { json, count, report }    the merged list as stored, and the import report
 * Any failure is posted as `{ error }`.
 */
import { parentPort } from 'node:worker_threads';
import { finishImport, prepareImport, type ImportInput, type Recipient } from './recipients';

export interface ImportRequest {
  input: ImportInput;
  existing: string;
}

const port = parentPort;
if (port) {
  const fail = (err: unknown) => port.postMessage({ error: err instanceof Error ? err.message : String(err) });
  port.once('message', (request: ImportRequest) => {
    try {
      const prepared = prepareImport(request.input);
      port.once('message', ({ optedOut }: { optedOut: string[] }) => {
        try {
          port.postMessage(finishImport(prepared, JSON.parse(request.existing) as Recipient[], new Set(optedOut)));
        } catch (err) {
          fail(err);
        }
      });
      port.postMessage({ numbers: prepared.numbers.join('\n') });
    } catch (err) {
      fail(err);
    }
  });
}

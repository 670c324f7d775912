import { z } from 'zod';
import { errors } from '@strapi/utils';
import { BULK_ACTIONS, BULK_MAX, bulkAnsweringData, bulkReassignData, type BulkAction } from '../../../shared/contracts';
import { viewQuerySchema, type UpdateBody, type ViewQuery } from './phone-numbers';

/** POST /texting/phone-numbers/bulk: `{ action, documentIds | filter, data }`. */
const envelope = z
  .object({
    action: z.enum(BULK_ACTIONS, { errorMap: () => ({ message: `action must be one of ${BULK_ACTIONS.join(', ')}` }) }),
    documentIds: z.array(z.string().trim().min(1).max(64)).min(1, 'select at least one number').max(BULK_MAX, `at most ${BULK_MAX} numbers at once`).optional(),
    filter: z.record(z.unknown()).optional(),
    data: z.unknown().optional(),
  })
  .strict()
  .refine((b) => (b.documentIds === undefined) !== (b.filter === undefined), { message: 'give either documentIds or filter (not both)', path: ['documentIds'] });

export interface BulkInput {
  action: BulkAction;
  /** The rows: named, or every row of a view (the list's filters and search). */
  target: { documentIds: string[] } | { view: ViewQuery };
  /** What each row's edit sends (reassign, answering); null for release. */
  update: UpdateBody | null;
}

/** A 400 naming what is wrong; `named` puts the path first (data.responseType: …) where the message does not say it. */
const fail = (path: string, message: string, named = false) =>
  new errors.ValidationError(`Invalid bulk action: ${named ? `${path}: ` : ''}${message}`, {
    errors: [{ path: path.split('.'), message, name: 'ValidationError' }],
  });

/** Parses and checks the whole request before any row is touched (a bad request changes nothing). */
export function parseBulk(raw: unknown): BulkInput {
  const parsed = envelope.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(issue.path.join('.') || 'body', issue.message);
  }
  const b = parsed.data;
  let target: BulkInput['target'];
  if (b.documentIds) target = { documentIds: [...new Set(b.documentIds)] };
  else {
    const view = viewQuerySchema.safeParse(b.filter);
    if (!view.success) {
      const issue = view.error.issues[0];
      throw fail(['filter', ...issue.path].join('.'), issue.message, true);
    }
    target = { view: view.data };
  }
  if (b.action === 'release') {
    if (b.data !== undefined) throw fail('data', 'release takes no data');
    return { action: b.action, target, update: null };
  }
  const schema = b.action === 'reassign' ? bulkReassignData : bulkAnsweringData;
  const data = schema.safeParse(b.data ?? {});
  if (!data.success) {
    const issue = data.error.issues[0];
    throw fail(['data', ...issue.path].join('.'), issue.message, true);
  }
  return { action: b.action, target, update: data.data as UpdateBody };
}

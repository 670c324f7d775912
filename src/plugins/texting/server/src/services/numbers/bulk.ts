import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { BULK_MAX, type BulkResult, type BulkRowResult } from '../../../../shared/contracts';
import type { OfficeScope } from '../../guards/office-scope';
import type { BulkInput } from '../../validation/bulk';
import { StatusError } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { tables, UIDS } from '../../db';
import { applyFilters, type Sql } from './query';
import { updateNumber } from './update';

/** Releases run this many at a time: enough to finish 100 numbers quickly, few enough not to trip Plivo's rate limit. */
export const BULK_RELEASE_CONCURRENCY = 4;

interface Target {
  documentId: string;
  phoneNumber: string | null;
  /** Why the row cannot even be tried (missing, or outside the user's offices: the same 404 as a single edit). */
  missing?: string;
}

/** The answer a single request would have given for this error. */
function refusal(err: unknown): { reason: string; code: number } {
  if (err instanceof StatusError) return { reason: err.message, code: err.httpStatus };
  if (err instanceof errors.NotFoundError) return { reason: err.message, code: 404 };
  if (err instanceof errors.ForbiddenError) return { reason: err.message, code: 403 };
  if (err instanceof errors.ApplicationError) return { reason: err.message, code: 400 };
  return { reason: err instanceof Error ? err.message : String(err), code: 500 };
}

/** The rows a request names, in its order; ids that do not exist or lie outside the scope are marked missing. */
async function resolveTargets(strapi: Core.Strapi, input: BulkInput, scope: OfficeScope): Promise<Target[]> {
  if ('view' in input.target) {
    const sql: Sql = { knex: strapi.db.connection, t: tables(strapi), client: strapi.db.dialect.client };
    const rows = (await applyFilters(sql, sql.knex({ pn: sql.t.numbers }), { ...input.target.view, scope })
      .select({ documentId: 'pn.document_id', phoneNumber: 'pn.phone_number' })
      .orderBy('pn.phone_number', 'asc')
      .limit(BULK_MAX + 1)) as Array<{ documentId: string; phoneNumber: string }>;
    if (rows.length > BULK_MAX) {
      throw new errors.ValidationError(`filter: more than ${BULK_MAX} numbers match; narrow the search or the filters, or select the rows`);
    }
    return rows;
  }
  const ids = input.target.documentIds;
  const found = (await strapi.db.query(UIDS.number).findMany({
    where: { documentId: { $in: ids } },
    select: ['documentId', 'phoneNumber'],
    populate: { office: { select: ['id'] } },
  })) as Array<{ documentId: string; phoneNumber: string; office?: { id: number } | null }>;
  const byId = new Map(found.map((f) => [f.documentId, f]));
  return ids.map((documentId) => {
    const row = byId.get(documentId);
    const visible = row && (scope === null || (row.office && scope.includes(Number(row.office.id))));
    return visible ? { documentId, phoneNumber: row.phoneNumber } : { documentId, phoneNumber: null, missing: `No phone number with id "${documentId}".` };
  });
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the results in the items' order. */
async function bounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A bulk action on the Phone Numbers list. Each row goes through exactly what a single request runs — the
 * edit (`updateNumber`: rule 4, the in-use office move, history) or the release (rule 5 in-use check, Plivo,
 * rule 6) — and office scoping per row; a refused row is reported with the single request's message and status
 * and never stops the others.
 */
export async function runBulk(strapi: Core.Strapi, input: BulkInput, scope: OfficeScope, userId: number | null): Promise<BulkResult> {
  const targets = await resolveTargets(strapi, input, scope);
  const one = async (t: Target): Promise<BulkRowResult> => {
    if (t.missing) return { documentId: t.documentId, phoneNumber: null, status: 'refused', reason: t.missing, code: 404 };
    try {
      if (input.update) await updateNumber(strapi, t.documentId, input.update, userId);
      else await getService(strapi, 'provisioning').release(t.documentId, userId ?? undefined);
      return { documentId: t.documentId, phoneNumber: t.phoneNumber, status: 'done' };
    } catch (err) {
      const r = refusal(err);
      if (r.code >= 500 && r.code !== 502) strapi.log.error(`[texting] Bulk ${input.action} of ${t.phoneNumber}: ${r.reason}`);
      return { documentId: t.documentId, phoneNumber: t.phoneNumber, status: 'refused', ...r };
    }
  };
  // Edits touch only the database and run one after the other; releases call Plivo, a few at a time.
  const results = input.update ? await bounded(targets, 1, one) : await bounded(targets, BULK_RELEASE_CONCURRENCY, one);
  const done = results.filter((r) => r.status === 'done').length;
  return { action: input.action, total: results.length, done, refused: results.length - done, results };
}

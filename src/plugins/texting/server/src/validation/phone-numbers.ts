import { z } from 'zod';
import { errors } from '@strapi/utils';
import { NUMBER_SORT_COLUMNS as SORT_COLUMNS } from '../../../shared/contracts';

/** The list's sortable columns (shared with the admin's list). */
export { SORT_COLUMNS };
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type Direction = 'asc' | 'desc';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

/** An absent or empty query value means "no filter" (the admin sends `office=` when the filter is cleared). */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** `office=a`, `office=a,b` or `office[]=a&office[]=b` — documentIds. */
const idList = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === '') return [];
    const arr = Array.isArray(v) ? v : [v];
    return arr.flatMap((x) => (typeof x === 'string' ? x.split(',') : [x])).map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
  },
  z.array(z.string().max(64, 'a documentId is at most 64 characters')).max(100, 'at most 100 ids')
);

const sort = z.preprocess(
  blankToUndefined,
  z
    .string({ invalid_type_error: 'give one sort, as <column>:<asc|desc>' })
    .optional()
    .transform((value, ctx): { column: SortColumn; direction: Direction } => {
      if (value === undefined) return { column: 'phoneNumber', direction: 'asc' };
      const [column, direction = 'asc', ...rest] = value.split(':');
      if (!(SORT_COLUMNS as readonly string[]).includes(column)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown column "${column}"; sort by one of ${SORT_COLUMNS.join(', ')}` });
        return z.NEVER;
      }
      const dir = direction.toLowerCase();
      if (rest.length || (dir !== 'asc' && dir !== 'desc')) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `direction must be asc or desc, got "${value.slice(column.length + 1)}"` });
        return z.NEVER;
      }
      return { column: column as SortColumn, direction: dir };
    })
);

const intParam = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z
      .number({ invalid_type_error: `${name} must be a whole number from ${min}${max < Infinity ? ` to ${max}` : ''}` })
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be at least ${min}`)
      .max(max, `${name} must be at most ${max}`)
  );

/** Filters and sort shared by the list and the export. */
const viewShape = {
  q: z.preprocess(blankToUndefined, z.string({ invalid_type_error: 'give one search text' }).trim().max(100, 'at most 100 characters').optional()),
  office: idList,
  agent: idList,
  responseType: z.preprocess(blankToUndefined, z.enum(['bot', 'agent']).optional()),
  numberType: z.preprocess(blankToUndefined, z.enum(['reusable', 'single_use']).optional()),
  /** Only the numbers that need attention (shared/contracts/health.ts `ATTENTION`); `false` or absent: no filter. */
  needsAttention: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false'], { errorMap: () => ({ message: 'needsAttention must be true or false' }) })
      .optional()
      .transform((v) => v === 'true')
  ),
  sort,
};

export const viewQuerySchema = z.object(viewShape);
export const listQuerySchema = z.object({
  ...viewShape,
  page: intParam('page', 1, Number.MAX_SAFE_INTEGER, 1),
  pageSize: intParam('pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
});

/**
 * `scope`: the office ids a user limited by the "in my offices" condition may see (guards/office-scope.ts);
 * set by the controller from the user's permissions, never read from the query string. Absent/null = all.
 */
export type ViewQuery = z.infer<typeof viewQuerySchema> & { scope?: number[] | null };
export type ListQuery = z.infer<typeof listQuerySchema> & { scope?: number[] | null };

/** PUT body: what an admin may change on a number (shared with the admin's edit form). */
export { numberUpdateBody as updateBodySchema, type NumberUpdateBody as UpdateBody } from '../../../shared/contracts';

/** Fields that identify a rented number: changing them would mean another number, so they are refused by name. */
const IMMUTABLE = { phoneNumber: 'the number itself', numberType: 'the number type' } as const;

export function assertNoImmutableFields(body: unknown) {
  if (!body || typeof body !== 'object') return;
  const found = (Object.keys(IMMUTABLE) as Array<keyof typeof IMMUTABLE>).filter((k) => k in (body as object));
  if (!found.length) return;
  const issues = found.map((k) => ({
    path: [k],
    message: `${k} cannot be changed (${IMMUTABLE[k]} is fixed once provisioned; release it and provision another instead)`,
    name: 'ValidationError',
  }));
  throw new errors.ValidationError(`Invalid request: ${issues.map((i) => i.message).join('; ')}`, { errors: issues });
}

/** GET /phone-numbers/:documentId/impact?office=<documentId>: the move's target office, if any. */
export const impactQuery = z.object({ office: z.preprocess(blankToUndefined, z.string({ invalid_type_error: 'give one office id' }).trim().max(64).optional()) });

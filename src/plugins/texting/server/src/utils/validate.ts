import { errors } from '@strapi/utils';
import type { ZodType, ZodTypeDef } from 'zod';

/**
 * Parses outside input with a zod schema; a failure becomes Strapi's ValidationError (HTTP 400)
 * whose message names every offending field, so the caller knows what to fix.
 */
export function parse<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown, what = 'request'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.map(String),
    message: i.message,
    name: 'ValidationError',
  }));
  const message = issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw new errors.ValidationError(`Invalid ${what}: ${message}`, { errors: issues });
}

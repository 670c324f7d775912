import type { ZodIssue, ZodTypeAny } from 'zod';

/**
 * The first issue per top-level field when `schema` (a request schema from shared/contracts, the one the server
 * parses) rejects `body`: the form shows its own translated message at that field before sending anything.
 */
export const issuesByField = (schema: ZodTypeAny, body: unknown): Record<string, ZodIssue> => {
  const parsed = schema.safeParse(body);
  const out: Record<string, ZodIssue> = {};
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    out[field] ??= issue;
  }
  return out;
};

/** The maximum of a `too_big` issue (a length limit), else undefined. */
export const maximumOf = (issue: ZodIssue | undefined): number | undefined =>
  issue?.code === 'too_big' ? Number(issue.maximum) : undefined;

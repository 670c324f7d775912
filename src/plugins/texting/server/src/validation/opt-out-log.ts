import { z } from 'zod';
import { toE164 } from '../utils/phone';

/** Inputs of the audit routes: the opt-out log (list, export, import, an admin's change) and released numbers. */

const page = z.coerce.number({ invalid_type_error: 'page must be a whole number' }).int().min(1).default(1);
const pageSize = z.coerce.number({ invalid_type_error: 'pageSize must be a whole number' }).int().min(1).max(100).default(25);
const q = z.preprocess((v) => (v === '' ? undefined : v), z.string({ invalid_type_error: 'give one search text' }).trim().max(60).optional());

/** `contact=`: one contact's log (as typed; E.164 after parsing). */
const contact = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string({ invalid_type_error: 'give one phone number' })
    .max(40)
    .transform((s, ctx) => {
      const e164 = toE164(s);
      if (!e164) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `contact: "${s}" is not a valid phone number` });
      return e164 ?? '';
    })
    .optional()
);

export const optOutLogQuery = z.object({ q, contact, page, pageSize });
export type OptOutLogQuery = z.infer<typeof optOutLogQuery>;
export const optOutExportQuery = z.object({ q, contact });

const note = z.string().trim().max(300, 'a note is at most 300 characters').optional();

/** POST /texting/conversations/:documentId/opt-out */
export const optOutChangeBody = z.object({ optedOut: z.boolean({ required_error: 'optedOut (true or false) is required' }), note }).strict();

/** POST /texting/opt-outs/import: a suppression list, one phone number per line (first column). */
export const OPT_OUT_IMPORT_MAX_LINES = 10000;
export const optOutImportBody = z
  .object({
    csv: z
      .string({ required_error: 'csv is required' })
      .min(1, 'csv must not be empty')
      .max(OPT_OUT_IMPORT_MAX_LINES * 40, `at most ${OPT_OUT_IMPORT_MAX_LINES} lines`),
    note,
  })
  .strict();

export const releasedQuery = z.object({ q, page, pageSize });
export const releasedParams = z.object({
  phoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'phoneNumber must be E.164, e.g. +14155550123'),
});
